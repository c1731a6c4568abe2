/**
 * Builds the browser bundles with vite: one self-contained, minified ES module per widget (its
 * element, Lit and the host bridge; never zod or the MCP SDK) for inlining into the widget's HTML,
 * plus the preview page script. vite.config.ts, `npm start` and the tests all use this one recipe.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UserConfig } from 'vite';
import { finalMinify } from './final-minify.ts';
import { minifyTemplates } from './minify-templates.ts';
import { managerWidgetManifest } from './manager/widget-manifest.ts';
import { withoutAjv } from './no-ajv.ts';
import { trimLit } from './trim-lit.ts';
import type { WidgetDefinition } from './registry.ts';
import { DIALECTS, type Dialect } from './resources.ts';

export const ROOT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_DIST_DIR = join(ROOT_DIR, 'dist');
export const PREVIEW_ENTRY = 'server/preview/client.ts';
export const MANAGER_ENTRY = 'server/manager/client.ts';
/** The sandbox proxy of <sky-widget-frame>, inlined in the sandbox origin's page (server/sandbox.ts). */
export const SANDBOX_TARGET: BundleTarget = { env: 'sandbox', entry: 'components/widget-frame/sandbox-proxy.ts', outFile: 'sandbox/proxy.js' };
/** The host playground's script (server/playground/), with <sky-widget-frame> in it. */
export const PLAYGROUND_TARGET: BundleTarget = { env: 'playground', entry: 'server/playground/client.ts', outFile: 'playground/playground.js' };

export interface BundleTarget {
  /** Vite environment name (letters, digits, underscores). */
  env: string;
  /** Entry module, relative to the root. */
  entry: string;
  /** Output file, relative to the dist directory. */
  outFile: string;
  /** The one host transport the bundle carries (the others are left out); all three when absent. */
  transport?: Dialect;
}

/**
 * Three targets per widget — dist/widgets/<id>.js (every transport: plain pages and the preview),
 * <id>.mcp-apps.js and <id>.openai.js (one transport each, inlined in that dialect's resource) —
 * and, with `preview` (the default), the server's own pages and widget: the preview page
 * (dist/preview/preview.js), the /manager page (dist/manager/manager.js), the widget manager's
 * widget (served when the manager is on), the sandbox proxy (dist/sandbox/proxy.js) and the host
 * playground (dist/playground/playground.js).
 */
export function bundleTargets(widgets: readonly WidgetDefinition[], options: { preview?: boolean } = {}): BundleTarget[] {
  const pages = options.preview ?? true;
  const all = pages && !widgets.some(({ manifest }) => manifest.id === managerWidgetManifest.id) ? [...widgets, { manifest: managerWidgetManifest, tools: [] }] : widgets;
  const targets: BundleTarget[] = all.flatMap(({ manifest }) => {
    const env = `widget_${manifest.id.replace(/[^a-z0-9]/gi, '_')}`;
    return [
      { env, entry: manifest.entry, outFile: `widgets/${manifest.id}.js` },
      ...DIALECTS.map((transport) => ({
        env: `${env}_${transport.replace('-', '_')}`,
        entry: manifest.entry,
        outFile: `widgets/${manifest.id}.${transport}.js`,
        transport,
      })),
    ];
  });
  if (pages) {
    targets.push({ env: 'preview', entry: PREVIEW_ENTRY, outFile: 'preview/preview.js' }, SANDBOX_TARGET, PLAYGROUND_TARGET);
    targets.push({ env: 'manager_page', entry: MANAGER_ENTRY, outFile: 'manager/manager.js' });
  }
  return targets;
}

/** A vite config that builds each target on its own (no shared chunks), for `vite build` or createBuilder. */
export function viteConfig(targets: readonly BundleTarget[], options: { root?: string; distDir?: string } = {}): UserConfig {
  const root = options.root ?? ROOT_DIR;
  const distDir = options.distDir ?? DEFAULT_DIST_DIR;
  const dialectOf = (env: string) => targets.find((target) => target.env === env)?.transport;
  // Trimming Lit and renaming internal names are vetted against Skylit's own elements only: a
  // widget of yours (its entry outside Skylit's components/) may use decorators, or read a field of
  // tool data named like one of Skylit's internals, so its dialect bundles keep both.
  const ownDialect = (env: string) => {
    const target = targets.find((t) => t.env === env);
    return Boolean(target?.transport) && resolve(root, target!.entry).startsWith(join(ROOT_DIR, 'components') + sep);
  };
  return {
    root,
    logLevel: 'warn',
    publicDir: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    // Lit's css and html templates are text the JS minifier keeps whole: shrink it first. Dialect
    // bundles of Skylit's own elements carry a trimmed Lit (server/trim-lit.ts). withoutAjv: the
    // frame's SDK client never builds an Ajv (it is given the eval-free validator). The bundler's
    // minifier is not the last word: see server/final-minify.ts.
    plugins: [minifyTemplates(), withoutAjv(), trimLit(ownDialect), finalMinify(dialectOf, ownDialect)],
    environments: Object.fromEntries(
      targets.map((target) => [
        target.env,
        {
          consumer: 'client' as const,
          // components/host/index.ts reads SKYLIT_TRANSPORT to leave the other transports out.
          define: {
            'process.env.NODE_ENV': '"production"',
            ...(target.transport ? { SKYLIT_TRANSPORT: JSON.stringify(target.transport) } : {}),
          },
          build: {
            outDir: join(distDir, dirname(target.outFile)),
            emptyOutDir: false,
            copyPublicDir: false,
            target: 'es2022',
            minify: true,
            sourcemap: false,
            reportCompressedSize: false,
            lib: {
              entry: resolve(root, target.entry),
              formats: ['es' as const],
              fileName: () => target.outFile.slice(target.outFile.lastIndexOf('/') + 1),
            },
            rolldownOptions: {
              // The final pass (server/final-minify.ts) takes a second or two per bundle: expected.
              checks: { bundlerTimings: false },
              // Library mode keeps whitespace in ES output unless the output itself is minified; the
              // output is final, so no comment (not even a /* @__PURE__ */ annotation) is kept.
              output: { minify: true, codeSplitting: false, comments: false },
            },
          },
        },
      ]),
    ),
    builder: {
      async buildApp(builder) {
        for (const target of targets) await builder.build(builder.environments[target.env]!);
      },
    },
  };
}

/** Builds the given targets now. */
export async function buildBundles(targets: readonly BundleTarget[], options: { root?: string; distDir?: string } = {}): Promise<void> {
  if (targets.length === 0) return;
  const { createBuilder } = await import('vite');
  const builder = await createBuilder({ ...viteConfig(targets, options), configFile: false });
  await builder.buildApp();
}

/**
 * Targets whose output is missing or older than any source it may include (the entry's folder,
 * components/ and server/preview/) or than the recipe itself (this file and the minifier steps).
 */
export function staleTargets(targets: readonly BundleTarget[], options: { root?: string; distDir?: string } = {}): BundleTarget[] {
  const root = options.root ?? ROOT_DIR;
  const distDir = options.distDir ?? DEFAULT_DIST_DIR;
  const steps = ['build.ts', 'minify-templates.ts', 'no-ajv.ts', 'trim-lit.ts', 'final-minify.ts'].map((file) => join(ROOT_DIR, 'server', file));
  const recipe = Math.max(...steps.map((file) => statSync(file).mtimeMs));
  const shared = Math.max(recipe, newestMtime(join(root, 'components')));
  return targets.filter((target) => {
    const out = join(distDir, target.outFile);
    if (!existsSync(out)) return true;
    const sources = Math.max(shared, newestMtime(dirname(resolve(root, target.entry))));
    return sources > statSync(out).mtimeMs;
  });
}

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.isFile()) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The last build step of each widget bundle, after the bundler's own minifier (server/build.ts):
 * 1. terser, compressing only (`passes: 3`): about 200 B gz more than the bundler's minifier finds
 *    alone (constant folding across modules, inlined single-use functions). Only options that keep
 *    the meaning of any code: no `unsafe*`, no `pure_getters`, no `keep_fargs: false`, and no
 *    renaming (the bundler already renamed; renaming again compresses worse).
 * 2. The bundler's printer (oxc, `minify` from vite) once more: it writes strings in backticks like
 *    the templates around them, which compresses about 30 B better than terser's quotes.
 *
 * In a dialect bundle (one inlined in a host's page, where no other code runs) two more things go:
 * - the host actions none of the bundle's modules names outside the host bridge
 *   (components/host/built-in.ts, `CARRIES_*`): the transports answer them as unsupported;
 * - the long names of {@link INTERNAL_NAMES}: those properties get one- or two-letter names (in
 *   Skylit's own elements only).
 *
 * terser is an optional peer of skylit-server, as vite is: only `skylit-server/build` needs it.
 */
import { minify as print } from 'vite';
import type { Plugin } from 'vite';
import { OPTIONAL_ACTIONS } from '../components/host/built-in.ts';

/**
 * Methods, getters and fields of Skylit's own classes that dialect bundles rename. A name belongs
 * here only if it is never a key of data that leaves the page or comes into it (tool arguments and
 * results, widget state, postMessage, `window.openai`, events), never a Lit property with an
 * attribute, and never public API a plain page calls (dialect bundles only: plain pages get the
 * full bundle). The build fails if one appears as a string in a bundle (e.g. `changed.has('x')`),
 * where renaming would break it.
 */
export const INTERNAL_NAMES = [
  // components/host: the bridge's own members (its snapshot's fields and actions' names stay)
  'snapshot',
  'ready',
  'hostInfo',
  'onTeardown',
  'runTeardown',
  'unsupported',
  'patch',
  'hostReducedMotion',
  // components/base: the widget root and its controllers
  'announce',
  'reportFailure',
  'adoptView',
  'hasView',
  'hostProvider',
  'renderView',
  'renderEmpty',
  'renderLoading',
  'region',
  'attach',
  'running',
  'retry',
  'pending',
  'resend',
  'schedule',
  'flush',
  'updateSoon',
  // Lit state (no attribute) of the widget root and the chess board
  'viewMeta',
  'failure',
  'busy',
  'focusSquare',
  'moveError',
  'confirmingResign',
  'notice',
  // components/chess-board
  'position',
  'playTyped',
  'needsPromotion',
  'readTyped',
  'legal',
  'examples',
  'dragging',
  'callbacks',
  'press',
  'lift',
  'drop',
  'squareAt',
] as const;

/**
 * The plugin. `dialectOf` names the host dialect of the bundle an environment builds, if any;
 * `renames` says whether its bundle is one of Skylit's own elements, where {@link INTERNAL_NAMES}
 * were vetted (a widget of yours keeps its property names).
 */
export function finalMinify(dialectOf: (environment: string) => string | undefined, renames: (environment: string) => boolean): Plugin {
  return {
    name: 'skylit-final-minify',
    async generateBundle(_options, bundle) {
      const { minify } = await import('terser').catch(() => this.error('Building widget bundles needs terser beside vite: npm install --save-dev terser vite'));
      const dialect = dialectOf(this.environment.name);
      const rename = renames(this.environment.name);
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        // Every flag is set (false: kept), so none is left to test at run time.
        const callers = chunk.moduleIds.filter((id) => !/[\\/]components[\\/]host[\\/]/.test(id));
        const named = callers.map((id) => this.getModuleInfo(id)?.code ?? '').join('\n');
        const uncalled = Object.fromEntries(OPTIONAL_ACTIONS.map((action) => [`SKYLIT_UNCALLED_${action}`, Boolean(dialect) && !named.includes(action)]));
        const compressed = await minify(chunk.code, {
          module: true,
          ecma: 2022,
          compress: { passes: 3, global_defs: uncalled },
          mangle: false,
          format: { comments: false, wrap_func_args: false },
        });
        const code = compressed.code!;
        if (rename) {
          const asStrings = stringsIn(this.parse(code)).filter((text) => (INTERNAL_NAMES as readonly string[]).includes(text));
          if (asStrings.length) {
            this.error(`${chunk.fileName} uses ${[...new Set(asStrings)].join(', ')} as a string too, so renaming would break it: take it out of INTERNAL_NAMES (server/final-minify.ts).`);
          }
        }
        const printed = await print(chunk.fileName, code, {
          module: true,
          compress: false,
          mangle: false,
          codegen: { removeWhitespace: true },
          ...(rename ? { mangleProps: { include: new RegExp(`^(?:${INTERNAL_NAMES.join('|')})$`) } } : {}),
        });
        if (printed.errors.length) this.error(`${chunk.fileName}: ${printed.errors.map((e) => e.message).join('; ')}`);
        chunk.code = printed.code;
      }
    },
  };
}

/** Every string literal and every whole template text in an ESTree program. */
function stringsIn(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const child of node) stringsIn(child, out);
  } else if (node && typeof node === 'object') {
    const { type, value } = node as { type?: string; value?: unknown };
    if (type === 'Literal' && typeof value === 'string') out.push(value);
    else if (type === 'TemplateElement') out.push((value as { cooked?: string }).cooked ?? '');
    for (const key in node) if (key !== 'parent') stringsIn((node as Record<string, unknown>)[key], out);
  }
  return out;
}

// Measures what a page pays for <sky-widget-frame> (minified ES module, gzip -9), built the way the
// server builds its browser bundles (server/build.ts: Lit templates minified, the SDK's Ajv left
// out), and what its parts weigh on their own. Run: npm run bench -- widget-frame-size
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'vite';
import { minifyTemplates } from '../server/minify-templates.ts';
import { withoutAjv } from '../server/no-ajv.ts';

const root = new URL('..', import.meta.url).pathname;

async function measure(entry: string, plugins: Plugin[]): Promise<{ raw: number; gz: number }> {
  const outDir = mkdtempSync(join(tmpdir(), 'skylit-size-'));
  try {
    await build({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins,
      define: { 'process.env.NODE_ENV': '"production"' },
      resolve: { conditions: ['production', 'browser', 'module', 'import', 'default'] },
      build: {
        outDir,
        emptyOutDir: true,
        minify: true,
        target: 'es2022',
        lib: { entry: join(root, entry), formats: ['es'], fileName: () => 'probe.js' },
        rolldownOptions: { output: { minify: true, codeSplitting: false } },
      },
    });
    const code = readFileSync(join(outDir, 'probe.js'));
    return { raw: code.length, gz: gzipSync(code, { level: 9 }).length };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

const ours = () => [minifyTemplates(), withoutAjv()];
const probes: [string, string, Plugin[]][] = [
  ['<sky-widget-frame> (define.ts: element, AppBridge, SDK client, Lit)', 'components/widget-frame/define.ts', ours()],
  ['  the same with the SDK’s Ajv left in', 'components/widget-frame/define.ts', [minifyTemplates()]],
  ['  AppBridge alone', 'bench/size/app-bridge.ts', ours()],
  ['  SDK client + Streamable HTTP + eval-free validator alone', 'bench/size/sdk-client.ts', ours()],
  ['  Lit alone', 'bench/size/lit-only.ts', ours()],
  ['Sandbox proxy (inlined in the sandbox page, with the window.openai shim)', 'components/widget-frame/sandbox-proxy.ts', ours()],
];

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
console.log('\n<sky-widget-frame> bundle size (minified ES module, gzip -9), one run:\n');
console.log('| build | raw | gz |\n| --- | ---: | ---: |');
for (const [name, entry, plugins] of probes) {
  const size = await measure(entry, plugins);
  console.log(`| ${name} | ${kb(size.raw)} | ${kb(size.gz)} |`);
}

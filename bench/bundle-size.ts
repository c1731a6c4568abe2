// Measures the minified + gzipped cost of the host bridge + base on top of Lit, by building the
// same one-element page three ways in one run. Run: node --import tsx bench/bundle-size.ts
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = new URL('..', import.meta.url).pathname;
const probes = {
  'Lit': 'bench/size/lit-only.ts',
  'Lit + @lit/context': 'bench/size/lit-context.ts',
  'Lit + Skylit host bridge + base': 'bench/size/skylit-base.ts',
};

/** Builds one entry as a single minified ES module and returns its size, raw and gzip -9. */
export async function measure(entry: string): Promise<{ raw: number; gz: number }> {
  const outDir = mkdtempSync(join(tmpdir(), 'skylit-size-'));
  try {
    await build({
      root,
      configFile: false,
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"production"' },
      resolve: { conditions: ['production', 'browser', 'module', 'import', 'default'] },
      build: {
        outDir,
        emptyOutDir: true,
        minify: true,
        lib: { entry: join(root, entry), formats: ['es'], fileName: () => 'probe.js' },
        rolldownOptions: { output: { minify: true } },
      },
    });
    const code = readFileSync(join(outDir, 'probe.js'));
    return { raw: code.length, gz: gzipSync(code, { level: 9 }).length };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
const results: Record<string, { raw: number; gz: number }> = {};
for (const [name, entry] of Object.entries(probes)) results[name] = await measure(entry);

console.log('\nBundle size (minified ES module, gzip -9), one run:\n');
console.log('| build | raw | gz |\n| --- | ---: | ---: |');
for (const [name, size] of Object.entries(results)) console.log(`| ${name} | ${kb(size.raw)} | ${kb(size.gz)} |`);
const lit = results['Lit']!.gz;
const context = results['Lit + @lit/context']!.gz;
const skylit = results['Lit + Skylit host bridge + base']!.gz;
console.log(`\nHost bridge + base above Lit: ${kb(skylit - lit)} gz (goal ≤ 3 KB); above Lit + @lit/context: ${kb(skylit - context)} gz.`);

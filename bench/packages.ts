// What installing each package costs, measured from the packed tarballs (npm run pack) into empty
// folders, one after the other: wall time of `npm install <tarball>` (install scripts run, so
// better-sqlite3 compiles where no prebuilt binary is reachable; the npm cache is the user's, as on a
// second install), packages installed, and the size of node_modules. Then the CDN bundles of the
// components package: minified and gzip -9.
// Run: npm run bench -- packages
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { packPackages } from '../scripts/packages/pack.mjs';

const out = mkdtempSync(join(tmpdir(), 'skylit-bench-packages-'));
try {
  const packed = await packPackages({ outDir: join(out, 'packed'), log: () => undefined });
  const rows: string[] = [];
  for (const [name, pkg] of Object.entries(packed)) {
    const app = join(out, `app-${name}`);
    execFileSync('mkdir', ['-p', app]);
    execFileSync('npm', ['init', '-y'], { cwd: app, stdio: 'ignore' });
    const started = performance.now();
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', pkg.tarball], { cwd: app, stdio: 'ignore' });
    const seconds = (performance.now() - started) / 1000;
    const modules = join(app, 'node_modules');
    const count = readdirSync(modules).flatMap((entry) => (entry.startsWith('@') ? readdirSync(join(modules, entry)) : entry.startsWith('.') ? [] : [entry])).length;
    rows.push(`| ${name} | ${mb(pkg.size)} | ${mb(pkg.unpackedSize)} | ${seconds.toFixed(1)} s | ${count} | ${mb(sizeOf(modules))} |`);
  }
  console.log('\nInstalling each package from its tarball into an empty folder (one run, warm npm cache):\n');
  console.log('| package | tarball | unpacked | npm install | packages in node_modules | node_modules |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(row);

  const cdn = join(out, 'packed', 'skylit', 'dist', 'cdn');
  console.log('\nCDN bundles of skylit (dist/cdn/, one file each: Lit, the host bridge with every transport, chess.js for local play):\n');
  console.log('| bundle | minified | gzip -9 |\n| --- | ---: | ---: |');
  for (const file of readdirSync(cdn).sort()) {
    const code = readFileSync(join(cdn, file));
    console.log(`| ${file} | ${kb(code.length)} | ${kb(gzipSync(code, { level: 9 }).length)} |`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}

function sizeOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, entry) => sum + sizeOf(join(path, entry)), 0);
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : kb(bytes);
}

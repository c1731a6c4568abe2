// `npm run bench`: runs every benchmark in bench/ (top-level *.ts files), one after another,
// each printing its own table. `npm run bench -- bundle-size` runs the ones whose name matches.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const filter = process.argv[2] ?? '';
const files = readdirSync(new URL('../bench', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => entry.name)
  .filter((name) => name.endsWith('.ts') && name.includes(filter))
  .sort();
let failed = false;
for (const file of files) {
  console.log(`\n[skylit] ── bench/${file} ──`);
  const result = spawnSync('node', ['--import', 'tsx', `bench/${file}`], { cwd: root, stdio: 'inherit' });
  failed ||= result.status !== 0;
}
process.exit(failed ? 1 : 0);

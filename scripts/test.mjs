// `npm test`: everything, from a fresh clone. Typecheck, browser tests in real Chromium
// (@web/test-runner), then Node tests (server). Stops at the first failing stage.
//   npm test                 all stages
//   npm test -- browser      one stage (typecheck | browser | node); more than one may be named
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findChromium } from './chromium.mjs';

const root = new URL('..', import.meta.url).pathname;
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const stages = {
  typecheck: () => run('npx', ['tsc', '-p', 'tsconfig.json']) && run('npx', ['tsc', '-p', 'tsconfig.node.json']),
  browser: () => {
    const chrome = findChromium();
    return run('npx', ['web-test-runner', '--static-logging'], { CHROME_PATH: chrome });
  },
  node: () => {
    const files = listTests(join(root, 'test/server'));
    if (files.length === 0) {
      console.log('[skylit] no Node tests yet');
      return true;
    }
    return run('node', ['--import', 'tsx', '--test', '--test-concurrency=1', ...files]);
  },
};

const names = wanted.length ? wanted : Object.keys(stages);
for (const name of names) {
  const stage = stages[name];
  if (!stage) {
    console.error(`[skylit] unknown test stage "${name}"; choose from ${Object.keys(stages).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n[skylit] ── ${name} ──`);
  if (!stage()) {
    console.error(`[skylit] ${name} failed`);
    process.exit(1);
  }
}

function run(cmd, args, env = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function listTests(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listTests(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out.sort();
}

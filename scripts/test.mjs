// `npm test`: everything, from a fresh clone. Typecheck, browser tests in real Chromium
// (@web/test-runner), every Storybook story in Chromium, Node tests (server), then the packed
// packages installed into throw-away apps. Stops at the first failing stage.
//   npm test                 all stages
//   npm test -- browser      one stage (typecheck | browser | stories | node | packages); more than one may be named
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findChromium } from './chromium.mjs';

const root = new URL('..', import.meta.url).pathname;
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const totals = { passed: 0, failed: 0 };
const stages = {
  typecheck: async () => (await run('npx', ['tsc', '-p', 'tsconfig.json'])).ok && (await run('npx', ['tsc', '-p', 'tsconfig.node.json'])).ok,
  browser: async () => {
    const chrome = findChromium();
    const { ok, output } = await run('npx', ['web-test-runner', '--static-logging'], { CHROME_PATH: chrome });
    const counts = [...output.matchAll(/(\d+) passed, (\d+) failed/g)].pop();
    count(counts?.[1], counts?.[2]);
    return ok;
  },
  stories: async () => {
    // Builds Storybook, then opens every story in Chromium: no errors, play functions pass, axe clean.
    // Node tests driving Chromium over a Storybook build (web-test-runner.config.mjs leaves test/stories out).
    const files = listTests(join(root, 'test/stories'));
    const { ok, output } = await run('node', ['--import', 'tsx', '--test', ...files], { CHROME_PATH: findChromium() });
    count(output.match(/^# pass (\d+)/m)?.[1], output.match(/^# fail (\d+)/m)?.[1]);
    return ok;
  },
  node: async () => {
    const files = listTests(join(root, 'test/server'));
    const { ok, output } = await run('node', ['--import', 'tsx', '--test', '--test-concurrency=1', ...files]);
    count(output.match(/^# pass (\d+)/m)?.[1], output.match(/^# fail (\d+)/m)?.[1]);
    return ok;
  },
  packages: async () => {
    // The packages people install: packs both (npm run pack), then installs the tarballs into
    // throw-away apps (.tmp/package-apps/, kept between runs) and runs them: test/packages.
    const out = join(root, '.tmp', 'packages');
    if (!(await run('node', ['scripts/packages/pack.mjs', '--out', out])).ok) return false;
    const files = listTests(join(root, 'test/packages'));
    const env = { CHROME_PATH: findChromium(), SKYLIT_PACKAGES_DIR: out };
    // One file per app folder, so they run side by side: their first installs wait on the network.
    const { ok, output } = await run('node', ['--import', 'tsx', '--test', `--test-concurrency=${files.length}`, ...files], env);
    count(output.match(/^# pass (\d+)/m)?.[1], output.match(/^# fail (\d+)/m)?.[1]);
    return ok;
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
  const started = Date.now();
  if (!(await stage())) {
    console.error(`[skylit] ${name} failed`);
    summary();
    process.exit(1);
  }
  console.log(`[skylit] ${name} passed in ${Math.round((Date.now() - started) / 1000)} s`);
}
summary();

/** Runs a command, showing its output as it comes and keeping it to read the test counts. */
function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['inherit', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => process.stderr.write(chunk));
    child.on('close', (code) => resolve({ ok: code === 0, output }));
  });
}

function count(passed, failed) {
  totals.passed += Number(passed ?? 0);
  totals.failed += Number(failed ?? 0);
}

/** One closing line for all stages, in the plain form CI tools read. */
function summary() {
  if (totals.passed + totals.failed > 0) console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed`);
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

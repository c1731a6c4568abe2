/**
 * <sky-list-detail> against a plain <ul>, side by side in one run, and the task tools at 10,000 tasks:
 * - inline page size: each host's resource (HTML shell + its one-transport bundle), min + gzip -9;
 * - render 500 rows: ms from creating the element (ours: the widget with a view of 500 rows; baseline:
 *   a <ul> of the same rows built with the DOM API) to the rows in the DOM, laid out;
 * - key to next row: ms from a real ArrowDown key press (Puppeteer) on a focused row to the focus on
 *   the next row (ours: the listbox's roving tab stop re-rendered by Lit; baseline: a handler that
 *   moves tabindex and focus);
 * - list latency: `tasks_list` on the embedded SQLite store holding 10,000 tasks, through the same
 *   `runTool` the server uses: the first page, a status filter, a word filter (p50 / p99).
 * Rounds alternate A/B; the machine is shared and noisy: compare the ratios.
 *
 *   node --import tsx bench/list-detail.ts [--rounds 15] [--keys 60] [--calls 100]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.mjs';
import { buildBundles } from '../server/build.ts';
import { silentLogger } from '../server/log.ts';
import { createRegistry } from '../server/registry.ts';
import { openSqliteStore } from '../server/store/sqlite.ts';
import { runTool } from '../server/tools.ts';
import { listDetailWidget } from '../server/widgets/tasks/index.ts';
import { newTaskId, taskKey, TASK_STATUSES } from '../server/widgets/tasks/tasks.ts';
import { median, percentile } from './fixtures/load.ts';
import { inlinePageSize, openBenchPage, serveBenchDir, writeBenchPages } from './fixtures/pages.ts';

const args = parseArgs(process.argv.slice(2));
const FIXTURES = 'bench/fixtures/list-detail';
const ROWS = 500;

/** What each page puts on `window.bench` (bench/fixtures/list-detail/*-page.js). */
interface ListBench {
  render(rows: number): Promise<number>;
  focusFirst(): void;
  focusedIndex(): number;
}

async function main(): Promise<void> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'skylit-bench-list-'));
  try {
    const sizes = await pageSizes(dir);
    const browser = await browserRuns(dir);
    const latency = await listLatency(dir);
    print(sizes, browser, latency);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s in all)`);
}

/** Each host's inline page, as the server publishes it. */
async function pageSizes(dir: string): Promise<Record<string, number>> {
  const entry = 'components/list-detail/define.ts';
  await buildBundles(
    [
      { env: 'ld_openai', entry, outFile: 'ld.openai.js', transport: 'openai' },
      { env: 'ld_mcp_apps', entry, outFile: 'ld.mcp-apps.js', transport: 'mcp-apps' },
      { env: 'page_ours', entry: `${FIXTURES}/ours-page.js`, outFile: 'page_ours.js' },
      { env: 'page_baseline', entry: `${FIXTURES}/baseline-page.js`, outFile: 'page_baseline.js' },
    ],
    { distDir: dir },
  );
  const page = (file: string) => inlinePageSize(listDetailWidget.manifest, join(dir, file));
  return { openai: page('ld.openai.js'), 'mcp-apps': page('ld.mcp-apps.js') };
}

async function browserRuns(dir: string): Promise<{ render: Record<string, number[]>; keys: Record<string, number[]>; browser: string }> {
  writeBenchPages(dir, ['ours', 'baseline']);
  const { server, base } = await serveBenchDir(dir);
  const browser = await puppeteer.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true, defaultViewport: { width: 640, height: 900 } });
  try {
    const pages: Record<string, Page> = {};
    for (const side of ['ours', 'baseline']) {
      pages[side] = await openBenchPage(browser, base, side);
    }
    const render: Record<string, number[]> = { ours: [], baseline: [] };
    const keys: Record<string, number[]> = { ours: [], baseline: [] };
    const order = (round: number) => (round % 2 ? ['baseline', 'ours'] : ['ours', 'baseline']);
    for (let round = -3; round < args.rounds; round++) {
      for (const side of order(round)) {
        const ms = await pages[side]!.evaluate((rows) => (window as unknown as { bench: ListBench }).bench.render(rows), ROWS);
        if (round >= 0) render[side]!.push(ms);
      }
    }
    // Real key presses: from the keydown to the focus on the next row.
    for (const side of ['ours', 'baseline']) {
      const page = pages[side]!;
      await page.bringToFront();
      await page.evaluate(() => {
        (window as unknown as { bench: ListBench }).bench.focusFirst();
        const w = window as unknown as { keyAt: number; took: number[] };
        w.took = [];
        document.addEventListener('keydown', () => (w.keyAt = performance.now()), true);
        // Focus moving inside a shadow root is heard there (the document sees no change of its own).
        const current = (window as unknown as { current: Element }).current;
        (current.shadowRoot ?? current).addEventListener('focusin', () => w.took.push(performance.now() - w.keyAt));
      });
      for (let i = 0; i < args.keys + 5; i++) {
        await page.keyboard.press('ArrowDown');
        await page.waitForFunction((n) => (window as unknown as { took: number[] }).took.length >= n, {}, i + 1);
      }
      const took = await page.evaluate(() => (window as unknown as { took: number[] }).took);
      const at = await page.evaluate(() => (window as unknown as { bench: ListBench }).bench.focusedIndex());
      if (at !== args.keys + 5) throw new Error(`${side}: the focus is on row ${at}, not ${args.keys + 5}`);
      keys[side] = took.slice(5);
    }
    return { render, keys, browser: await browser.version() };
  } finally {
    await browser.close();
    server.close();
  }
}

/** tasks_list on 10,000 tasks in the embedded store, through runTool. */
async function listLatency(dir: string): Promise<Record<string, number[]>> {
  const store = openSqliteStore(join(dir, 'tasks.db'));
  for (let i = 0; i < 10_000; i++) {
    const status = TASK_STATUSES[i % 3]!;
    await store.put(taskKey(newTaskId()), { title: `Task ${i} ${['report', 'invoice', 'meeting', 'review'][i % 4]}`, status, due: null, notes: i % 5 ? null : 'Notes for this task.', createdAt: new Date().toISOString() }, { expectedVersion: 0 });
  }
  const registry = createRegistry([listDetailWidget]);
  const { tool, widget } = registry.tools.get('tasks_list')!;
  const deps = { store, log: silentLogger, signal: new AbortController().signal };
  const cases: Record<string, Record<string, unknown>> = {
    'first page': {},
    'status = doing': { status: 'doing' },
    'words "invoice"': { text: 'invoice' },
  };
  const out: Record<string, number[]> = {};
  for (const [name, input] of Object.entries(cases)) {
    const times: number[] = [];
    for (let i = 0; i < args.calls + 5; i++) {
      const start = performance.now();
      const result = await runTool(tool, widget, input, deps);
      if (result.isError) throw new Error(`tasks_list ${JSON.stringify(input)} failed`);
      if (i >= 5) times.push(performance.now() - start);
    }
    out[name] = times;
  }
  await store.close();
  return out;
}

function print(sizes: Record<string, number>, b: Awaited<ReturnType<typeof browserRuns>>, latency: Record<string, number[]>): void {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  console.log('\n<sky-list-detail> inline pages (goal ≤ 16 KB):\n');
  console.log('| host | page, min + gzip -9 | goal |\n| --- | ---: | --- |');
  for (const [host, bytes] of Object.entries(sizes)) console.log(`| ${host} | ${kb(bytes)} | ${bytes <= 16 * 1024 ? 'met' : 'missed'} |`);
  console.log(`\n<sky-list-detail> vs a plain <ul> (${b.browser}, 480 px wide, reduced motion):\n`);
  console.log('| measure | sky-list-detail | plain <ul> | ours / baseline | N |\n| --- | ---: | ---: | ---: | ---: |');
  const row = (name: string, ours: number[], base: number[]) =>
    console.log(`| ${name}, median | ${ms(median(ours))} | ${ms(median(base))} | ${(median(ours) / median(base)).toFixed(2)}× | ${ours.length} + ${base.length} |`);
  row(`render ${ROWS} rows`, b.render.ours!, b.render.baseline!);
  row('key press to the next row', b.keys.ours!, b.keys.baseline!);
  console.log('\ntasks_list at 10,000 tasks (embedded SQLite, through runTool; goal: one page under 50 ms):\n');
  console.log('| call | p50 | p99 | N |\n| --- | ---: | ---: | ---: |');
  for (const [name, times] of Object.entries(latency)) console.log(`| ${name} | ${ms(median(times))} | ${ms(percentile(times, 99))} | ${times.length} |`);
}


function parseArgs(argv: string[]): { rounds: number; keys: number; calls: number } {
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  return { rounds: value('rounds', 15), keys: value('keys', 60), calls: value('calls', 100) };
}

await main();

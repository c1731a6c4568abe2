/**
 * <sky-form-wizard> on the Ciello onboarding, against a hand-written step (the DOM API, as the React
 * examples hand-roll `switch (step)`), side by side in one run:
 * - inline page size: each host's resource (HTML shell + its one-transport bundle), min + gzip -9;
 * - Continue to the next step: ms from a real mouse press on Continue (Puppeteer; a board name typed
 *   with real keys) to the focus on the next step's heading, both sides calling Skylit's real
 *   `setup_board` in the page (in-memory store); the tool's own share is reported beside it.
 * Rounds alternate A/B; the machine is shared and noisy: compare the ratio.
 *
 *   node --import tsx bench/form-wizard.ts [--rounds 30]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.mjs';
import { buildBundles } from '../server/build.ts';
import { onboardingWidget } from '../server/widgets/onboarding/index.ts';
import { median, percentile } from './fixtures/load.ts';
import { inlinePageSize, openBenchPage, serveBenchDir, writeBenchPages } from './fixtures/pages.ts';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 30;
const FIXTURES = 'bench/fixtures/form-wizard';
const GOAL_KB = 16;

type Side = 'ours' | 'baseline';

async function main(): Promise<void> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'skylit-bench-wizard-'));
  try {
    const sizes = await pageSizes(dir);
    const runs = await continueRuns(dir);
    print(sizes, runs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s in all)`);
}

/** Each host's inline page, as the server publishes it, and the two bench pages. */
async function pageSizes(dir: string): Promise<Record<string, number>> {
  const entry = onboardingWidget.manifest.entry;
  await buildBundles(
    [
      { env: 'fw_openai', entry, outFile: 'fw.openai.js', transport: 'openai' },
      { env: 'fw_mcp_apps', entry, outFile: 'fw.mcp-apps.js', transport: 'mcp-apps' },
      { env: 'page_ours', entry: `${FIXTURES}/ours-page.js`, outFile: 'page_ours.js' },
      { env: 'page_baseline', entry: `${FIXTURES}/baseline-page.js`, outFile: 'page_baseline.js' },
    ],
    { distDir: dir },
  );
  const page = (file: string) => inlinePageSize(onboardingWidget.manifest, join(dir, file));
  return { ChatGPT: page('fw.openai.js'), 'MCP Apps': page('fw.mcp-apps.js') };
}

async function continueRuns(dir: string): Promise<{ total: Record<Side, number[]>; tool: Record<Side, number[]>; browser: string }> {
  writeBenchPages(dir, ['ours', 'baseline']);
  const { server, base } = await serveBenchDir(dir);
  const browser = await puppeteer.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true, defaultViewport: { width: 640, height: 900 } });
  try {
    const pages = {} as Record<Side, Page>;
    for (const side of ['ours', 'baseline'] as const) {
      pages[side] = await openBenchPage(browser, base, side);
    }
    const total: Record<Side, number[]> = { ours: [], baseline: [] };
    const tool: Record<Side, number[]> = { ours: [], baseline: [] };
    for (let round = -3; round < rounds; round++) {
      for (const side of (round % 2 ? ['baseline', 'ours'] : ['ours', 'baseline']) as Side[]) {
        const [ms, toolMs] = await oneContinue(pages[side]);
        if (round >= 0) {
          total[side].push(ms);
          tool[side].push(toolMs);
        }
      }
    }
    return { total, tool, browser: await browser.version() };
  } finally {
    await browser.close();
    server.close();
  }
}

/** A fresh flow; a name typed; a real press on Continue; ms until the next step's heading has the focus, and the tool's ms. */
async function oneContinue(page: Page): Promise<[number, number]> {
  await page.bringToFront();
  await page.evaluate(() => (window as unknown as { bench: { open(): Promise<void> } }).bench.open());
  const field = await page.evaluateHandle(() => (window as unknown as { field(): HTMLElement }).field());
  await (field as unknown as { click(): Promise<void> }).click();
  await page.keyboard.type('Launch');
  await page.evaluate(() => {
    const w = window as unknown as { pressedAt: number; took: number; root: ShadowRoot };
    w.took = 0;
    document.addEventListener('mousedown', () => (w.pressedAt = performance.now()), { capture: true, once: true });
    // (Listeners written inline: the page gets no helper a bundler would name.)
    const stop = new AbortController();
    w.root.addEventListener(
      'focusin',
      (event) => {
        const target = event.target as HTMLElement;
        if (target.id !== 'step-title' || !target.textContent!.includes('Step 2')) return;
        w.took = performance.now() - w.pressedAt;
        stop.abort();
      },
      { signal: stop.signal },
    );
  });
  const box = await page.evaluate(() => {
    const r = (window as unknown as { next(): HTMLElement }).next().getBoundingClientRect();
    return [r.x + r.width / 2, r.y + r.height / 2] as const;
  });
  await page.mouse.click(box[0], box[1]);
  await page.waitForFunction(() => (window as unknown as { took: number }).took > 0, { timeout: 10_000 });
  return page.evaluate(() => {
    const w = window as unknown as { took: number; toolMs: number[] };
    if (w.toolMs.length !== 1) throw new Error(`${w.toolMs.length} tool calls for one Continue`);
    return [w.took, w.toolMs[0]!] as [number, number];
  });
}

function print(sizes: Record<string, number>, runs: Awaited<ReturnType<typeof continueRuns>>): void {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log(`\n<sky-form-wizard> inline pages (goal ≤ ${GOAL_KB} KB):\n`);
  console.log('| host | page, min + gzip -9 | goal |\n| --- | ---: | --- |');
  for (const [host, bytes] of Object.entries(sizes)) console.log(`| ${host} | ${kb(bytes)} | ${bytes <= GOAL_KB * 1024 ? 'met' : 'missed'} |`);
  console.log(`\nContinue to the next step (${runs.browser}, 480 px wide, real mouse, real setup_board in the page):\n`);
  console.log('| measure | sky-form-wizard | hand-written step | ours / baseline | N |\n| --- | ---: | ---: | ---: | ---: |');
  const { total, tool } = runs;
  console.log(`| press → next heading focused, median | ${ms(median(total.ours))} | ${ms(median(total.baseline))} | ${(median(total.ours) / median(total.baseline)).toFixed(2)}× | ${total.ours.length} + ${total.baseline.length} |`);
  console.log(`| press → next heading focused, p95 | ${ms(percentile(total.ours, 95))} | ${ms(percentile(total.baseline, 95))} | | |`);
  console.log(`| of which the tool (setup_board), median | ${ms(median(tool.ours))} | ${ms(median(tool.baseline))} | | |`);
}


await main();

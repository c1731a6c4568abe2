/**
 * <sky-chess-board> vs chessboard-element 1.2 (Lit 2), side by side in one run:
 * - size: minified ES module, gzip -9, built with the widget recipe of server/build.ts. Ours: the
 *   inline page of each host (the resource's HTML with the one-transport bundle inlined; no chess.js,
 *   the server sends the legal moves) and the plain-page bundle (all transports, chess.js for local
 *   play); theirs is chessboard-element + chess.js (which a chessboard-element app needs for legal
 *   moves); the floor is a bare Lit 3 element + chess.js.
 * - first render: ms from createElement (position given as an attribute) to the position's
 *   pieces in the DOM, updates complete and layout forced (getBoundingClientRect + offsetHeight).
 *   A fresh element each round. Ours counts both of its updates: the loading view first, then
 *   the board once the host bridge (set a few microtasks after connect) is there; the driver
 *   waits on microtasks for it, not a task. Ours with `transport="standalone"` (local play);
 *   extra lines: ours with no transport attribute (detection, top-level page) and, N=3, ours
 *   detecting inside an iframe no host answers.
 * - per-position update: ms from setting the next position (ours: the `fen` property; theirs:
 *   `setPosition(fen, false)`, its documented FEN setter) to it rendered and laid out, over the
 *   46 positions of Anderssen–Kieseritzky, London 1851 (the Immortal Game).
 * After each timed step the board is read back from the DOM and checked against the FEN.
 *
 * Method: each side is built into its own page (bench/fixtures/chess-board/*-page.js), served
 * from a temp dir on 127.0.0.1 and opened in one headless Chromium (the system one), 640×900
 * viewport, board 480 px wide, prefers-reduced-motion: reduce on both pages (our motion tokens
 * go to 0s; theirs never animates a set position and its speeds are 0). Warm-up first, then
 * rounds alternate A/B (order flipped every round), times taken with performance.now() in the
 * page (cross-origin isolated, so it ticks in 5 µs, not 100 µs). Layout is forced; paint is not
 * measured (neither side's time includes a frame).
 *
 * Reading it: this machine is noisy (2 shared cores); the absolute ms move between runs, the
 * ratios ours / theirs (of medians, and of p90s) are what to compare. Ours is a whole widget
 * (board with ARIA grid + labels, move form, status, dialogs, live region), theirs just a board.
 *
 *   node --import tsx bench/chess-board.ts [--rounds 50] [--passes 10]
 */
import { Chess } from 'chess.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import puppeteer, { type Frame, type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.mjs';
import { buildBundles } from '../server/build.ts';
import { chessBoardWidget } from '../server/widgets/chess/index.ts';
import { inlinePageSize, openBenchPage, serveBenchDir, writeBenchPages } from './fixtures/pages.ts';

const args = parseArgs(process.argv.slice(2));
const FIXTURES = 'bench/fixtures/chess-board';
const IMMORTAL_GAME =
  'e4 e5 f4 exf4 Bc4 Qh4+ Kf1 b5 Bxb5 Nf6 Nf3 Qh6 d3 Nh5 Nh4 Qg5 Nf5 c6 g4 Nf6 Rg1 cxb5 h4 Qg6 h5 Qg5 Qf3 Ng8 ' +
  'Bxf4 Qf6 Nc3 Bc5 Nd5 Qxb2 Bd6 Bxg1 e5 Qxa1+ Ke2 Na6 Nxg7+ Kd8 Qf6+ Nxf6 Be7#';

type Board = Record<string, string>;
interface BenchApi {
  firstRender(fen: string, expected: Board, variant?: string): Promise<{ ms: number; height: number }>;
  updates(fens: string[], expected: Board[]): Promise<number[]>;
}
declare global {
  interface Window {
    bench: BenchApi;
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'skylit-bench-chess-'));
  try {
    await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s in all)`);
}

async function run(dir: string): Promise<void> {
  const { fens, boards } = game(IMMORTAL_GAME);

  // 1. Build: three size probes and two pages, each its own self-contained minified ES module.
  const targets = {
    ours: 'components/chess-board/define.ts',
    theirs: `${FIXTURES}/theirs-size.ts`,
    floor: `${FIXTURES}/floor-size.ts`,
    page_ours: `${FIXTURES}/ours-page.js`,
    page_theirs: `${FIXTURES}/theirs-page.js`,
  };
  await buildBundles(
    [
      ...Object.entries(targets).map(([env, entry]) => ({ env, entry, outFile: `${env}.js` })),
      // What each widget resource inlines: one transport only (server/build.ts, resources.ts).
      { env: 'ours_openai', entry: targets.ours, outFile: 'ours_openai.js', transport: 'openai' as const },
      { env: 'ours_mcp_apps', entry: targets.ours, outFile: 'ours_mcp_apps.js', transport: 'mcp-apps' as const },
    ],
    { distDir: dir },
  );
  const gz = (name: string) => gzipSync(readFileSync(join(dir, `${name}.js`)), { level: 9 }).length;
  // The page a host loads: the resource's HTML shell with the bundle inlined (server/resources.ts).
  const page = (name: string) => inlinePageSize(chessBoardWidget.manifest, join(dir, `${name}.js`));
  const size = {
    ours: gz('ours'),
    theirs: gz('theirs'),
    floor: gz('floor'),
    openai: gz('ours_openai'),
    mcpApps: gz('ours_mcp_apps'),
    openaiPage: page('ours_openai'),
    mcpAppsPage: page('ours_mcp_apps'),
  };
  writeBenchPages(dir, ['ours', 'theirs']);
  const { server, base } = await serveBenchDir(dir);

  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    args: CHROMIUM_ARGS,
    headless: true,
    defaultViewport: { width: 640, height: 900 },
  });
  try {
    const ours = await openBenchPage(browser, base, 'ours');
    const theirs = await openBenchPage(browser, base, 'theirs');
    const firstRender = async (target: Page | Frame, variant?: string) =>
      (await target.evaluate((fen, board, v) => window.bench.firstRender(fen, board, v), fens[0]!, boards[0]!, variant)).ms;
    const updates = (page: Page) => page.evaluate((f, b) => window.bench.updates(f, b), fens, boards);

    // 2. First render, alternating A/B (and the detection variant), after a warm-up.
    const first: Record<'ours' | 'detect' | 'theirs', number[]> = { ours: [], detect: [], theirs: [] };
    for (let round = -5; round < args.rounds; round++) {
      const steps: [keyof typeof first, () => Promise<number>][] = [
        ['ours', () => firstRender(ours, 'standalone')],
        ['theirs', () => firstRender(theirs)],
        ['detect', () => firstRender(ours, 'detect')],
      ];
      if (round % 2) steps.reverse();
      for (const [key, run] of steps) {
        const ms = await run();
        if (round >= 0) first[key].push(ms);
      }
    }

    // 3. Position updates over the game, alternating passes.
    const update: Record<'ours' | 'theirs', number[]> = { ours: [], theirs: [] };
    for (let pass = -1; pass < args.passes; pass++) {
      const steps: [keyof typeof update, Page][] = [['ours', ours], ['theirs', theirs]];
      if (pass % 2) steps.reverse();
      for (const [key, page] of steps) {
        const times = await updates(page);
        if (pass >= 0) update[key].push(...times);
      }
    }

    // 4. Extra: ours inside an iframe, detecting (no MCP Apps host answers the handshake).
    await ours.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      frame.style.cssText = 'width: 480px; height: 800px; border: 0';
      document.body.append(frame);
    }, `${base}/ours.html`);
    const inner = await (async () => {
      for (;;) {
        const frame = ours.frames().find((f) => f !== ours.mainFrame() && f.url().endsWith('/ours.html'));
        if (frame) {
          // Polled by time: this page is in the background now (the other board's page came last),
          // and a background page gets no animation frames, puppeteer's default polling.
          await frame.waitForFunction(() => typeof window.bench === 'object', { polling: 50 });
          return frame;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const framed = { detect: [] as number[], standalone: [] as number[] };
    for (let i = 0; i < 3; i++) await firstRender(inner, 'standalone'); // warm-up in the frame's realm
    for (let i = 0; i < 3; i++) {
      framed.standalone.push(await firstRender(inner, 'standalone'));
      framed.detect.push(await firstRender(inner, 'detect'));
    }

    printTable({ size, first, update, framed, positions: fens.length, browser: await browser.version() });
  } finally {
    await browser.close();
    server.close();
  }
}

/** Every position of a game given in SAN (the start included), with each board as { square: 'wP' }. */
function game(moves: string): { fens: string[]; boards: Board[] } {
  const chess = new Chess();
  const fens = [chess.fen()];
  for (const san of moves.split(' ')) fens.push(chess.move(san).after);
  const boards = fens.map((fen) => {
    const board: Board = {};
    for (const row of new Chess(fen).board()) {
      for (const cell of row) if (cell) board[cell.square] = cell.color + cell.type.toUpperCase();
    }
    return board;
  });
  return { fens, boards };
}


function printTable(r: {
  size: { ours: number; theirs: number; floor: number; openai: number; mcpApps: number; openaiPage: number; mcpAppsPage: number };
  first: { ours: number[]; detect: number[]; theirs: number[] };
  update: { ours: number[]; theirs: number[] };
  framed: { detect: number[]; standalone: number[] };
  positions: number;
  browser: string;
}): void {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  const timing = (name: string, ours: number[], theirs: number[]) => {
    const [om, op, tm, tp] = [median(ours), p90(ours), median(theirs), p90(theirs)];
    return [
      `| ${name}, median | ${ms(om)} | ${ms(tm)} | ${ratio(om, tm)} | ${ours.length} + ${theirs.length} |`,
      `| ${name}, p90 | ${ms(op)} | ${ms(tp)} | ${ratio(op, tp)} | |`,
    ];
  };
  const goal = 22 * 1024;
  const pages = [
    '| inline page (the resource a host loads), min + gzip -9 | size | goal ≤ 22 KB |',
    '| --- | ---: | --- |',
    `| ChatGPT (text/html+skybridge, openai transport only) | ${kb(r.size.openaiPage)} | ${r.size.openaiPage <= goal ? 'met' : 'missed'} |`,
    `| MCP Apps (text/html;profile=mcp-app, mcp-apps transport only) | ${kb(r.size.mcpAppsPage)} | ${r.size.mcpAppsPage <= goal ? 'met' : 'missed'} |`,
  ];
  const lines = [
    '| measure | sky-chess-board | chessboard-element | ours / theirs | N (ours + theirs) |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| bundle, min + gzip -9 (ours: all transports; theirs: + chess.js) | ${kb(r.size.ours)} | ${kb(r.size.theirs)} | ${ratio(r.size.ours, r.size.theirs)} | 1 |`,
    `| inline bundle of the ChatGPT resource (openai transport only) | ${kb(r.size.openai)} | | ${ratio(r.size.openai, r.size.theirs)} | 1 |`,
    `| inline bundle of the MCP Apps resource (mcp-apps transport only) | ${kb(r.size.mcpApps)} | | ${ratio(r.size.mcpApps, r.size.theirs)} | 1 |`,
    `| floor: Lit 3 + chess.js | ${kb(r.size.floor)} | ${kb(r.size.floor)} | | 1 |`,
    `| above the floor | ${kb(r.size.ours - r.size.floor)} | ${kb(r.size.theirs - r.size.floor)} | ${ratio(r.size.ours - r.size.floor, r.size.theirs - r.size.floor)} | |`,
    ...timing('first render', r.first.ours, r.first.theirs),
    ...timing(`update (${r.positions - 1} moves × ${args.passes} passes)`, r.update.ours, r.update.theirs),
    '',
    '| our first render, other host setups | median | p90 | vs forced standalone (median) | N |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| top-level page, forced \`transport="standalone"\` | ${ms(median(r.first.ours))} | ${ms(p90(r.first.ours))} | 1.00× | ${r.first.ours.length} |`,
    `| top-level page, detecting (no \`transport\`) | ${ms(median(r.first.detect))} | ${ms(p90(r.first.detect))} | ${ratio(median(r.first.detect), median(r.first.ours))} | ${r.first.detect.length} |`,
    `| in an iframe, forced standalone | ${ms(median(r.framed.standalone))} | ${ms(Math.max(...r.framed.standalone))} (max) | ${ratio(median(r.framed.standalone), median(r.first.ours))} | ${r.framed.standalone.length} |`,
    `| in an iframe, detecting (no host answers) | ${ms(median(r.framed.detect))} | ${ms(Math.max(...r.framed.detect))} (max) | ${ratio(median(r.framed.detect), median(r.first.ours))} | ${r.framed.detect.length} |`,
  ];
  console.log('\n<sky-chess-board> inline pages:\n');
  console.log(pages.join('\n'));
  console.log(`\n<sky-chess-board> vs chessboard-element 1.2 (${r.browser}, board 480 px, reduced motion):\n`);
  console.log(lines.join('\n'));
  const [first, update] = [median(r.first.ours) / median(r.first.theirs), median(r.update.ours) / median(r.update.theirs)];
  console.log(
    `\nratios (medians, same run): first render ${first.toFixed(2)}× (goal ≤ 0.80×: ${first <= 0.8 ? 'met' : 'missed'}), ` +
      `position update ${update.toFixed(2)}× (goal ≤ 1.00×: ${update <= 1 ? 'met' : 'missed'})`,
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function p90(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.9) - 1)]!;
}

function parseArgs(argv: string[]): { rounds: number; passes: number } {
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  return { rounds: value('rounds', 50), passes: value('passes', 10) };
}

await main();

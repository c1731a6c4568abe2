/**
 * The widget manager's costs, measured in one run:
 * - **proxied vs direct**: the fixture package's `echo` called straight at the package, and through
 *   Skylit (namespaced, looked up in the user's catalog, proxied over a kept SDK client), for a
 *   remote package and for a process package Skylit runs; Skylit's own `counter_get` beside them.
 *   p50 / p99 of sequential calls, and calls/s with 16 concurrent callers;
 * - **installs**: by URL, from an archive (a process started and probed), from the curated list;
 * - **a crash loop** under the default process-manager settings (backoff 0.5 s doubling to 30 s, give
 *   up after 8 crashes in a row): when each start happened, how long each run lived, when it gave up;
 *   how fast a call is refused during the gap; and one crash mid-run: crash → answering again.
 * Skylit runs as its own process (test/server/fixtures/serve.ts with SKYLIT_MANAGER=on), called with
 * plain fetch like the standalone host; the package is test/server/fixtures/widget-package.
 *
 *   node --import tsx bench/manager.ts [--calls 500] [--seconds 3] [--concurrency 16] [--no-crash-loop]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger, type Logger } from '../server/log.ts';
import { writeTarGz } from '../server/packages/archive.ts';
import { ProcessManager, type ProcessEvent } from '../server/packages/process.ts';
import { ensureFixtureBundles, spawnHttpServer, tempDir } from '../test/server/helpers.ts';
import { closedLoop, latencies, median, percentile, table } from './fixtures/load.ts';

const args = parseArgs(process.argv.slice(2));
const dir = tempDir('skylit-bench-manager-');
const FIXTURE = join(import.meta.dirname, '../test/server/fixtures/widget-package');
const manifest = JSON.parse(readFileSync(join(FIXTURE, 'manifest.json'), 'utf8')) as Record<string, unknown>;
let nextId = 1;

async function main(): Promise<void> {
  await ensureFixtureBundles();
  console.log(`\nnode ${process.version}, ${args.calls} sequential calls, ${args.seconds} s × ${args.concurrency} concurrent\n`);
  const remote = await startFixture();
  const skylit = await spawnHttpServer({ SKYLIT_MANAGER: 'on', SKYLIT_DB_PATH: join(dir.path, 'bench.db'), SKYLIT_PACKAGES_DIR: join(dir.path, 'packages') });
  const mcp = `${skylit.origin}/mcp`;
  try {
    progress('installs');
    const installs = await installTimes(mcp, remote.url);
    progress('proxied and direct calls');
    const port = Number(/Running on port (\d+)/.exec(text(await rpc(mcp, 'widget_get', { id: 'dev.skylit.test.fixture' })))?.[1]);
    const subjects: [string, string, string][] = [
      ['remote package, direct', remote.url, 'echo'],
      ['remote package, through Skylit', mcp, 'fixture_widgets__echo'],
      ['process package, direct', `http://127.0.0.1:${port}/mcp`, 'echo'],
      ['process package, through Skylit', mcp, 'fixture__echo'],
      ['Skylit’s own counter_get', mcp, 'counter_get'],
    ];
    const rows: string[][] = [];
    const p50s: Record<string, number> = {};
    for (const [name, url, tool] of subjects) {
      const callArgs = tool === 'counter_get' ? { name: 'bench' } : { text: 'bench' };
      await latencies(() => rpc(url, tool, callArgs), 50);
      const sequential = await latencies(() => rpc(url, tool, callArgs), args.calls);
      const load = await closedLoop(() => rpc(url, tool, callArgs), args.seconds, args.concurrency);
      p50s[name] = median(sequential);
      rows.push([name, ms(median(sequential)), ms(percentile(sequential, 99)), String(Math.round(load.callsPerSecond)), ms(percentile(load.latencies, 99)), String(load.errors)]);
    }
    console.log(table(['call', 'p50 ms', 'p99 ms', 'calls/s (concurrent)', 'p99 ms (concurrent)', 'errors'], rows));
    const added = (kind: string) => p50s[`${kind} package, through Skylit`]! - p50s[`${kind} package, direct`]!;
    console.log(`\nadded by the proxy (p50): remote ${ms(added('remote'))} ms, process ${ms(added('process'))} ms\n`);
    console.log(table(['install', 'median ms', 'runs'], installs));
    progress('one crash mid-run');
    console.log(`\n${await oneCrash(mcp)}`);
  } finally {
    await skylit.stop();
    await remote.stop();
  }
  if (args.crashLoop) {
    progress('a crash loop under the default settings (about a minute)');
    console.log(`\n${await crashLoop()}`);
  }
  dir.remove();
}

/** Median install times: by URL, an archive (process), the curated clock; uninstalled between runs. */
async function installTimes(mcp: string, remoteUrl: string): Promise<string[][]> {
  const runs = 5;
  const archive = writeTarGz([
    { name: 'manifest.json', data: JSON.stringify(manifest) },
    { name: 'main.mjs', data: readFileSync(join(FIXTURE, 'main.mjs')) },
  ]).toString('base64');
  const cases: [string, Record<string, unknown>][] = [
    ['by URL (remote, tools listed)', { values: { source: 'url', location: remoteUrl } }],
    ['archive (process: unpacked, started, probed)', { values: { source: 'file' }, archive: { data: archive } }],
    ['curated (process from its folder)', { values: { source: 'store', location: 'dev.skylit.examples.clock' } }],
  ];
  const rows: string[][] = [];
  for (const [name, installArgs] of cases) {
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const installed = await rpc(mcp, 'widget_install', { ...installArgs, requestId: `bench-${Date.now()}-${run}-${Math.random()}` });
      times.push(performance.now() - started);
      const selected = (installed.structuredContent as { selected: { id: string; version: number } }).selected;
      if (run < runs - 1) await rpc(mcp, 'widget_uninstall', { id: selected.id, expectedVersion: selected.version, requestId: `bench-u-${Date.now()}-${run}` });
    }
    rows.push([name, ms(median(times)), String(runs)]);
  }
  return rows;
}

/** The process package crashes once (its crash tool): how calls fare in the gap, and until it answers again. */
async function oneCrash(mcp: string): Promise<string> {
  await rpc(mcp, 'fixture__echo', { text: 'warm' });
  const crashed = performance.now();
  await rpc(mcp, 'fixture__crash', {}, true);
  const gap: number[] = [];
  let back = 0;
  for (;;) {
    const started = performance.now();
    const answer = await rpc(mcp, 'fixture__echo', { text: 'gap' }, true);
    if (!answer.isError) {
      back = performance.now() - crashed;
      break;
    }
    gap.push(performance.now() - started);
    if (performance.now() - crashed > 30_000) throw new Error('the package did not come back');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return table(
    ['one crash (default backoff: first restart after 0.5 s)', 'value'],
    [
      ['crash → first answer again, ms', ms(back)],
      ['calls refused in the gap', String(gap.length)],
      ['refusal latency p50 / max, ms', `${ms(median(gap))} / ${ms(Math.max(...gap))}`],
    ],
  );
}

/** The default settings against a package that exits as it starts, until the manager gives up. */
async function crashLoop(): Promise<string> {
  const pkg = tempDir('skylit-bench-crash-');
  const { mkdirSync, writeFileSync, copyFileSync } = await import('node:fs');
  mkdirSync(pkg.path, { recursive: true });
  copyFileSync(join(FIXTURE, 'main.mjs'), join(pkg.path, 'main.mjs'));
  writeFileSync(join(pkg.path, 'crash-on-start'), '');
  const events: ProcessEvent[] = [];
  let gaveUp!: () => void;
  const done = new Promise<void>((resolve) => (gaveUp = resolve));
  const log: Logger = silentLogger;
  const manager = new ProcessManager({ log, onEvent: (event) => (events.push(event), event.type === 'gave_up' && gaveUp()) });
  const spec = { key: 'bench', packageId: 'dev.skylit.bench.crash', label: 'crash loop', dir: pkg.path, main: 'main.mjs', dataDir: join(pkg.path, 'data') };
  const t0 = Date.now();
  manager.start(spec);
  const refusals: number[] = [];
  const timer = setInterval(async () => {
    const started = performance.now();
    try {
      await manager.endpoint(spec, 50);
    } catch {
      refusals.push(performance.now() - started);
    }
  }, 250);
  await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 120_000))]);
  clearInterval(timer);
  await manager.stopAll();
  pkg.remove();
  const starts = events.filter((event) => event.type === 'started');
  const exits = events.filter((event) => event.type === 'exited' || event.type === 'gave_up');
  const rows = starts.map((start, index) => {
    const exit = exits[index];
    return [
      String(index + 1),
      s((start.at - t0) / 1000),
      exit ? ms(exit.at - start.at) : '—',
      exit?.type === 'gave_up' ? 'gave up' : exit?.restartInMs !== undefined ? ms(exit.restartInMs) : '—',
    ];
  });
  const gave = events.find((event) => event.type === 'gave_up');
  return [
    table(['start', 'at s', 'lived ms (spawn → exit)', 'next start in ms'], rows),
    `\ngave up after ${starts.length} starts, ${gave ? s((gave.at - t0) / 1000) : '—'} s after the first; ` +
      `${refusals.length} calls during the loop, each refused at once (p50 ${ms(median(refusals))} ms, max ${ms(Math.max(...refusals))} ms)`,
  ].join('\n');
}

/** The fixture package as a remote server. */
async function startFixture(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [join(FIXTURE, 'main.mjs')], { env: { PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      const match = /listening on (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
  });
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    stop: () => new Promise((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM'))),
  };
}

interface Answer {
  structuredContent?: unknown;
  content?: { type: string; text?: string }[];
  isError?: boolean;
}

/** One tools/call over plain fetch; throws on an error unless `allowError`. */
async function rpc(url: string, name: string, callArgs: Record<string, unknown>, allowError = false): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' },
    body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method: 'tools/call', params: { name, arguments: callArgs } }),
  });
  const body = (await response.json()) as { result?: Answer };
  if (!body.result || (body.result.isError && !allowError)) throw new Error(`${name} failed: ${JSON.stringify(body).slice(0, 300)}`);
  return body.result;
}

function text(answer: Answer): string {
  return (answer.content ?? []).map((block) => block.text ?? '').join('\n');
}

function ms(value: number): string {
  return value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0);
}

function s(value: number): string {
  return value.toFixed(2);
}

function progress(what: string): void {
  process.stderr.write(`[bench] ${what}…\n`);
}

function parseArgs(argv: string[]) {
  const value = (name: string, fallback: number) => {
    const at = argv.indexOf(`--${name}`);
    return at === -1 ? fallback : Number(argv[at + 1]);
  };
  return { calls: value('calls', 500), seconds: value('seconds', 3), concurrency: value('concurrency', 16), crashLoop: !argv.includes('--no-crash-loop') };
}

await main();

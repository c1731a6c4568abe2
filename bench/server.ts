/**
 * Skylit server vs a bare SDK server, side by side in one run:
 * - cold start: spawn → first tools/call answered (median of several spawns);
 * - tool-call latency p50 / p99 (sequential calls) and calls/s (concurrent), for a read tool and a
 *   versioned, idempotent write tool on the embedded SQLite store;
 * each as a ratio Skylit / bare. Both servers: stateless Streamable HTTP, JSON responses, run with
 * `node --import tsx`, called with plain fetch the way the standalone host does.
 *
 *   node --import tsx bench/server.ts [--calls 1000] [--seconds 3] [--concurrency 16] [--starts 5]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ROOT_DIR } from '../server/build.ts';
import { ensureFixtureBundles, freePort, tempDir, TEST_DIST_DIR } from '../test/server/helpers.ts';

const args = parseArgs(process.argv.slice(2));
const dir = tempDir('skylit-bench-');

interface Subject {
  name: string;
  script: string;
  env: Record<string, string>;
}
const subjects: Subject[] = [
  {
    name: 'skylit',
    script: join(ROOT_DIR, 'test/server/fixtures/serve.ts'),
    env: { SKYLIT_DIST_DIR: TEST_DIST_DIR, SKYLIT_DB_PATH: join(dir.path, 'bench.db'), DATABASE_URL: '' },
  },
  { name: 'bare SDK', script: join(ROOT_DIR, 'bench/fixtures/bare-server.ts'), env: {} },
];

async function main(): Promise<void> {
  await ensureFixtureBundles();
  const results: Record<string, Record<string, number>> = {};
  for (const subject of subjects) results[subject.name] = {};

  // Cold starts, interleaved so both see the same machine state.
  const starts: Record<string, number[]> = Object.fromEntries(subjects.map((s) => [s.name, []]));
  for (let i = 0; i < args.starts; i++) {
    for (const subject of subjects) starts[subject.name]!.push(await coldStart(subject));
  }
  for (const subject of subjects) results[subject.name]!['cold start ms (median)'] = median(starts[subject.name]!);

  for (const subject of subjects) {
    const { child, url } = await launch(subject);
    try {
      const r = results[subject.name]!;
      let version = 0;
      const read = () => call(url, 'counter_get', { name: 'bench' });
      const write = async () => {
        const result = await call(url, 'counter_increment', { name: 'bench', by: 1, expectedVersion: version, requestId: randomUUID() });
        version = (result.structuredContent as { version: number }).version;
      };
      for (let i = 0; i < 100; i++) await read(); // warm up
      const readLatency = await latencies(read, args.calls);
      r['read p50 ms'] = percentile(readLatency, 50);
      r['read p99 ms'] = percentile(readLatency, 99);
      r['read calls/s'] = await throughput(read, args.seconds, args.concurrency);
      const writeLatency = await latencies(write, args.calls);
      r['write p50 ms'] = percentile(writeLatency, 50);
      r['write p99 ms'] = percentile(writeLatency, 99);
      // Concurrent writes each use their own counter, so none conflicts.
      r['write calls/s'] = await throughput(async () => {
        await call(url, 'counter_increment', { name: `w-${randomUUID().slice(0, 8)}`, by: 1, expectedVersion: 0, requestId: randomUUID() });
      }, args.seconds, args.concurrency);
    } finally {
      await stop(child);
    }
  }
  printTable(results);
}

async function coldStart(subject: Subject): Promise<number> {
  const started = performance.now();
  const { child } = await launch(subject);
  const elapsed = performance.now() - started;
  await stop(child);
  return elapsed;
}

/** Spawns a server on a free port; resolves once a tools/call has been answered. */
async function launch(subject: Subject): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/mcp`;
  const child = spawn(process.execPath, ['--import', 'tsx', subject.script], {
    cwd: ROOT_DIR,
    env: { ...process.env, ...subject.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`${subject.name} exited: ${stderr}`);
    try {
      await call(url, 'counter_get', { name: 'cold' });
      return { child, url };
    } catch {
      if (attempt > 2000) throw new Error(`${subject.name} never answered: ${stderr}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

let nextId = 1;
async function call(url: string, name: string, args: Record<string, unknown>): Promise<{ structuredContent: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' },
    body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method: 'tools/call', params: { name, arguments: args } }),
  });
  const body = (await response.json()) as { result?: { structuredContent: unknown; isError?: boolean }; error?: unknown };
  if (!body.result || body.result.isError) throw new Error(`call failed: ${JSON.stringify(body)}`);
  return body.result;
}

async function latencies(fn: () => Promise<unknown>, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function throughput(fn: () => Promise<unknown>, seconds: number, concurrency: number): Promise<number> {
  let done = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await fn();
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}


function median(values: number[]): number {
  return percentile(values, 50);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function printTable(results: Record<string, Record<string, number>>): void {
  const [skylit, bare] = [results.skylit!, results['bare SDK']!];
  const rows = Object.keys(skylit).map((metric) => [
    metric,
    skylit[metric]!.toFixed(metric.includes('/s') ? 0 : 2),
    bare[metric]!.toFixed(metric.includes('/s') ? 0 : 2),
    `${(skylit[metric]! / bare[metric]!).toFixed(2)}×`,
  ]);
  const header = ['metric', 'skylit (SQLite store)', 'bare SDK (no store)', 'ratio skylit/bare'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(`\nnode ${process.version}, ${args.calls} sequential calls, ${args.seconds} s × ${args.concurrency} concurrent, ${args.starts} cold starts each\n`);
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

function parseArgs(argv: string[]) {
  const get = (flag: string, fallback: number) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  return { calls: get('--calls', 1000), seconds: get('--seconds', 3), concurrency: get('--concurrency', 16), starts: get('--starts', 5) };
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => dir.remove());

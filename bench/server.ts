/**
 * Skylit server vs a bare SDK server, side by side in one run:
 * - cold start: spawn → first tools/call answered (median of several spawns);
 * - tool-call latency p50 / p99 (sequential calls) and calls/s (concurrent), for a read tool and a
 *   versioned, idempotent write tool on the embedded SQLite store; each as a ratio Skylit / bare;
 * - the chess tools on games of 0, 200 and 2,500 plies: chess_get_game p50 / p99 (sequential), and a
 *   mixed load (80 % chess_get_game, 20 % chess_make_move, 32 concurrent, games between two people,
 *   each worker on its own game) against the bare SDK's floor under the same 80 / 20 mix.
 * Both servers: stateless Streamable HTTP, JSON responses, run with `node --import tsx`, called with
 * plain fetch the way the standalone host does.
 *
 *   node --import tsx bench/server.ts [--calls 1000] [--seconds 3] [--concurrency 16] [--starts 5]
 *                                      [--reads 300] [--mixed-seconds 5] [--mixed-concurrency 32]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ROOT_DIR } from '../server/build.ts';
import { ensureFixtureBundles, freePort, tempDir, TEST_DIST_DIR } from '../test/server/helpers.ts';
import { stubChessDist } from '../test/server/fixtures/chess-server.ts';
import { prng } from '../test/server/fixtures/long-game.ts';
import { prepareChessGames } from './fixtures/chess-games.ts';
import { callTool, closedLoop, latencies, median, percentile, table, type LoadResult } from './fixtures/load.ts';

const args = parseArgs(process.argv.slice(2));
const dir = tempDir('skylit-bench-');
const GAME_LENGTHS = [0, 200, 2500];
const WRITE_SHARE = 0.2;

interface Subject {
  name: string;
  script: string;
  env: Record<string, string>;
}
const skylit: Subject = {
  name: 'skylit',
  script: join(ROOT_DIR, 'test/server/fixtures/serve.ts'),
  env: { SKYLIT_DIST_DIR: TEST_DIST_DIR, SKYLIT_DB_PATH: join(dir.path, 'bench.db'), DATABASE_URL: '' },
};
const bare: Subject = { name: 'bare SDK', script: join(ROOT_DIR, 'bench/fixtures/bare-server.ts'), env: {} };

async function main(): Promise<void> {
  await ensureFixtureBundles();
  console.log(`\nnode ${process.version}, ${args.calls} sequential calls, ${args.seconds} s × ${args.concurrency} concurrent, ${args.starts} cold starts each\n`);
  progress('cold starts and counter tools');
  console.log(await counterComparison());
  progress('bare SDK under the mixed load');
  const floor = await bareMixedLoad();
  console.log(`\nchess tools: ${args.reads} sequential chess_get_game per length; mixed load ${args.mixedSeconds} s × ${args.mixedConcurrency} concurrent, ` +
    `${100 - WRITE_SHARE * 100} % reads / ${WRITE_SHARE * 100} % writes\n`);
  console.log(await chessLoad(floor));
}

/** The original comparison: counter tools, Skylit (SQLite store) vs bare SDK (no store). */
async function counterComparison(): Promise<string> {
  const subjects = [skylit, bare];
  const results: Record<string, Record<string, number>> = { [skylit.name]: {}, [bare.name]: {} };
  const starts: Record<string, number[]> = { [skylit.name]: [], [bare.name]: [] };
  for (let i = 0; i < args.starts; i++) {
    for (const subject of subjects) starts[subject.name]!.push(await coldStart(subject));
  }
  for (const subject of subjects) results[subject.name]!['cold start ms (median)'] = median(starts[subject.name]!);

  for (const subject of subjects) {
    const { child, url } = await launch(subject);
    try {
      const r = results[subject.name]!;
      let version = 0;
      const read = () => callTool(url, 'counter_get', { name: 'bench' });
      const write = async () => {
        const result = await callTool(url, 'counter_increment', { name: 'bench', by: 1, expectedVersion: version, requestId: randomUUID() });
        version = (result.structuredContent as { version: number }).version;
      };
      for (let i = 0; i < 100; i++) await read(); // warm up
      const readLatency = await latencies(read, args.calls);
      r['read p50 ms'] = percentile(readLatency, 50);
      r['read p99 ms'] = percentile(readLatency, 99);
      r['read calls/s'] = (await closedLoop(read, args.seconds, args.concurrency)).callsPerSecond;
      const writeLatency = await latencies(write, args.calls);
      r['write p50 ms'] = percentile(writeLatency, 50);
      r['write p99 ms'] = percentile(writeLatency, 99);
      // Concurrent writes each use their own counter, so none conflicts.
      r['write calls/s'] = (
        await closedLoop(
          () => callTool(url, 'counter_increment', { name: `w-${randomUUID().slice(0, 8)}`, by: 1, expectedVersion: 0, requestId: randomUUID() }),
          args.seconds,
          args.concurrency,
        )
      ).callsPerSecond;
    } finally {
      await stop(child);
    }
  }
  const [s, b] = [results[skylit.name]!, results[bare.name]!];
  const digits = (metric: string) => (metric.includes('/s') ? 0 : 2);
  return table(
    ['metric', 'skylit (SQLite store)', 'bare SDK (no store)', 'ratio skylit/bare'],
    Object.keys(s).map((m) => [m, s[m]!.toFixed(digits(m)), b[m]!.toFixed(digits(m)), `${(s[m]! / b[m]!).toFixed(2)}×`]),
  );
}

/** The floor: the bare SDK server under the same 80 / 20 mix (counter_get / counter_increment), one counter per worker. */
async function bareMixedLoad(): Promise<LoadResult> {
  const { child, url } = await launch(bare);
  try {
    const versions = new Array<number>(args.mixedConcurrency).fill(0);
    const random = prng(1);
    const load = (seconds: number) =>
      closedLoop(async (worker) => {
        if (random() < WRITE_SHARE) {
          const result = await callTool(url, 'counter_increment', { name: `mixed-${worker}`, by: 1, expectedVersion: versions[worker]!, requestId: randomUUID() });
          versions[worker] = (result.structuredContent as { version: number }).version;
        } else {
          await callTool(url, 'counter_get', { name: `mixed-${worker}` });
        }
      }, seconds, args.mixedConcurrency);
    await load(1); // warm up, not measured
    return await load(args.mixedSeconds);
  } finally {
    await stop(child);
  }
}

/** The chess server (server/main.ts, built-in widgets) on games written straight into its SQLite file. */
async function chessLoad(floor: LoadResult): Promise<string> {
  const dbPath = join(dir.path, 'chess.db');
  const perLength = 2 * args.mixedConcurrency + 1; // one per worker, one per worker to warm up on, and one only read
  progress('writing chess games into the store');
  const games = await prepareChessGames(dbPath, GAME_LENGTHS, perLength, 600);
  const subject: Subject = {
    name: 'skylit chess',
    script: join(ROOT_DIR, 'server/main.ts'),
    env: { SKYLIT_DIST_DIR: stubChessDist(dir.path), SKYLIT_DB_PATH: dbPath, DATABASE_URL: '' },
  };
  const rows: string[][] = [];
  /** 80 / 20 on `ids` (worker i on ids[i]), the writes playing on from `length` plies. */
  const mixed = (ids: string[], length: number, seconds: number) => {
    const moves = games.continuation(length);
    const next = new Array<number>(args.mixedConcurrency).fill(0);
    const versions = new Array<number>(args.mixedConcurrency).fill(1);
    const random = prng(length + 1);
    const run = closedLoop(async (worker) => {
      const gameId = ids[worker]!;
      if (random() < WRITE_SHARE) {
        const move = moves[next[worker]!]!;
        const result = await callTool(url, 'chess_make_move', { gameId, move, expectedVersion: versions[worker]!, requestId: randomUUID() });
        versions[worker] = (result.structuredContent as { version: number }).version;
        next[worker]! += 1;
      } else {
        await callTool(url, 'chess_get_game', { gameId });
      }
    }, seconds, args.mixedConcurrency);
    return run.then((load) => ({ load, plies: Math.max(...next) }));
  };
  const probe = (url: string) => callTool(url, 'chess_get_game', { gameId: games.ids.get(0)![0]! });
  const { child, url } = await launch(subject, probe);
  try {
    progress('warming the chess server up (not measured)');
    const fresh = games.ids.get(GAME_LENGTHS[0]!)!;
    await mixed(fresh.slice(args.mixedConcurrency, 2 * args.mixedConcurrency), GAME_LENGTHS[0]!, 1);
    for (const length of GAME_LENGTHS) {
      progress(`chess games of ${length} plies`);
      const ids = games.ids.get(length)!;
      const readOnly = ids.at(-1)!;
      const read = () => callTool(url, 'chess_get_game', { gameId: readOnly });
      for (let i = 0; i < 30; i++) await read(); // warm up
      const reads = await latencies(read, args.reads);
      const { load, plies: most } = await mixed(ids.slice(0, args.mixedConcurrency), length, args.mixedSeconds);
      rows.push([
        `${length} plies`,
        percentile(reads, 50).toFixed(2),
        percentile(reads, 99).toFixed(2),
        load.callsPerSecond.toFixed(0),
        percentile(load.latencies, 50).toFixed(2),
        percentile(load.latencies, 99).toFixed(2),
        `${load.errors}`,
        `${length}–${length + most}`,
      ]);
    }
  } finally {
    await stop(child);
  }
  rows.push([
    'bare SDK floor (counters, same mix)',
    '',
    '',
    floor.callsPerSecond.toFixed(0),
    percentile(floor.latencies, 50).toFixed(2),
    percentile(floor.latencies, 99).toFixed(2),
    `${floor.errors}`,
    '',
  ]);
  return table(['games', 'read p50 ms', 'read p99 ms', 'mixed calls/s', 'mixed p50 ms', 'mixed p99 ms', 'errors', 'plies during load'], rows);
}

/** A progress line on stderr (the tables go to stdout). */
function progress(what: string): void {
  process.stderr.write(`[bench/server] ${what}…\n`);
}

async function coldStart(subject: Subject): Promise<number> {
  const started = performance.now();
  const { child } = await launch(subject);
  const elapsed = performance.now() - started;
  await stop(child);
  return elapsed;
}

/** Spawns a server on a free port; resolves once `probe` (default: a counter_get) has been answered. */
async function launch(subject: Subject, probe: (url: string) => Promise<unknown> = (url) => callTool(url, 'counter_get', { name: 'cold' })): Promise<{ child: ChildProcess; url: string }> {
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
      await probe(url);
      return { child, url };
    } catch {
      if (attempt > 2000) throw new Error(`${subject.name} never answered: ${stderr}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}


function parseArgs(argv: string[]) {
  const get = (flag: string, fallback: number) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  return {
    calls: get('--calls', 1000),
    seconds: get('--seconds', 3),
    concurrency: get('--concurrency', 16),
    starts: get('--starts', 5),
    reads: get('--reads', 300),
    mixedSeconds: get('--mixed-seconds', 5),
    mixedConcurrency: get('--mixed-concurrency', 32),
  };
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => dir.remove());

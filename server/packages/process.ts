/**
 * The process manager: runs process packages (seed 004's `executionModel: "process"`) as child
 * processes of this server, one per user and package.
 *
 * - **Start**: `node --max-old-space-size=<mb> <main>` in the package's folder, on a free loopback
 *   port (the manifest's `port` when free), with a minimal environment: `PORT`, `HOST=127.0.0.1`,
 *   `NODE_ENV=production`, `SKYLIT_WIDGET_ID`, `SKYLIT_WIDGET_DATA_DIR` — nothing of this server's
 *   own environment (no DATABASE_URL, no tokens, no PATH).
 * - **Health**: ready when an MCP `initialize` to `http://127.0.0.1:<port>/mcp` answers (polled every
 *   100 ms, up to `startTimeoutMs`); then one `initialize` every `healthIntervalMs`, and
 *   `unhealthyAfter` failures in a row count as a crash (the process is killed).
 * - **Restart with backoff**: after a crash, `initialMs` × 2^(n−1) (n = crashes in a row), at most
 *   `maxMs`; a run that lasted `stableMs` resets n. After `maxFailures` crashes in a row it stays
 *   down (`failed`) until it is stopped and started again (disable, enable).
 * - **Calls during the gap** fail at once with a PackageUnavailableError saying when the next start
 *   is; a call while it starts waits for it, bounded by the caller's time.
 * - **Stop** (disable, uninstall, server shutdown): SIGTERM, then SIGKILL after `stopTimeoutMs`.
 *
 * Every start, exit, restart and stop is a log line (`widget_process …`), and the child's output is
 * logged line by line (escaped, at most `maxOutputLinesPerMinute`), its last lines kept for errors.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve, sep } from 'node:path';
import { createInterface } from 'node:readline';
import type { Logger } from '../log.ts';
import { logField } from '../text.ts';

export interface ProcessSpec {
  /** Names this process: one per user and package. */
  key: string;
  packageId: string;
  /** For messages: `Weather (com.example.weather)`. */
  label: string;
  /** The package's folder (its working directory). */
  dir: string;
  /** The entry file, relative to `dir`. */
  main: string;
  preferredPort?: number;
  /** Where the package may keep its own files (created; SKYLIT_WIDGET_DATA_DIR). */
  dataDir: string;
}

export type ProcessState = 'starting' | 'running' | 'backoff' | 'stopped' | 'failed';

export interface ProcessStatus {
  state: ProcessState;
  port: number | null;
  pid: number | null;
  /** Starts after the first. */
  restarts: number;
  /** Crashes since the last run that lasted `stableMs`. */
  crashesInARow: number;
  lastExit: { code: number | null; signal: string | null; at: string } | null;
  /** When the next start is due (backoff), ms since epoch. */
  nextStartAt: number | null;
  /** The child's last lines of output. */
  recentOutput: string[];
}

export interface ProcessEvent {
  type: 'started' | 'ready' | 'exited' | 'gave_up' | 'stopped';
  key: string;
  packageId: string;
  at: number;
  port?: number;
  pid?: number;
  code?: number | null;
  signal?: string | null;
  /** ready: ms from spawn to the first good initialize. */
  readyMs?: number;
  /** exited: ms until the next start (none when it gave up). */
  restartInMs?: number;
  crashesInARow?: number;
}

export interface ProcessManagerOptions {
  log: Logger;
  startTimeoutMs?: number;
  healthIntervalMs?: number;
  healthTimeoutMs?: number;
  unhealthyAfter?: number;
  backoff?: { initialMs?: number; maxMs?: number };
  stableMs?: number;
  maxFailures?: number;
  stopTimeoutMs?: number;
  maxOldSpaceMb?: number;
  maxOutputLinesPerMinute?: number;
  /** Told of every start, readiness, exit and stop (the manager drops its connections on a restart). */
  onEvent?: (event: ProcessEvent) => void;
}

/** A package that cannot take a call now; the message says why and what happens next. */
export class PackageUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackageUnavailableError';
  }
}

export const MCP_ENDPOINT_PATH = '/mcp';
const RECENT_LINES = 20;

export class ProcessManager {
  readonly #options: ResolvedOptions;
  readonly #processes = new Map<string, ManagedProcess>();

  constructor(options: ProcessManagerOptions) {
    this.#options = {
      log: options.log,
      startTimeoutMs: options.startTimeoutMs ?? 10_000,
      healthIntervalMs: options.healthIntervalMs ?? 5_000,
      healthTimeoutMs: options.healthTimeoutMs ?? 2_000,
      unhealthyAfter: options.unhealthyAfter ?? 3,
      backoff: { initialMs: options.backoff?.initialMs ?? 500, maxMs: options.backoff?.maxMs ?? 30_000 },
      stableMs: options.stableMs ?? 30_000,
      maxFailures: options.maxFailures ?? 8,
      stopTimeoutMs: options.stopTimeoutMs ?? 3_000,
      maxOldSpaceMb: options.maxOldSpaceMb ?? 256,
      maxOutputLinesPerMinute: options.maxOutputLinesPerMinute ?? 120,
      onEvent: options.onEvent,
    };
  }

  /**
   * The MCP endpoint of the spec's process, starting it when it is not running. Waits at most
   * `waitMs` for a start under way; throws PackageUnavailableError when it is between restarts,
   * has given up, or does not come up in time.
   */
  async endpoint(spec: ProcessSpec, waitMs: number): Promise<string> {
    let process = this.#processes.get(spec.key);
    if (!process || process.state === 'stopped') {
      process = new ManagedProcess(spec, this.#options);
      this.#processes.set(spec.key, process);
      process.start();
    }
    return process.endpoint(waitMs);
  }

  /** Starts it now if it is not running (activation `onStartup`); never throws. */
  start(spec: ProcessSpec): void {
    const existing = this.#processes.get(spec.key);
    if (existing && existing.state !== 'stopped') return;
    const process = new ManagedProcess(spec, this.#options);
    this.#processes.set(spec.key, process);
    process.start();
  }

  status(key: string): ProcessStatus | undefined {
    return this.#processes.get(key)?.status();
  }

  /** Stops the process (disable, uninstall); resolves when it has exited. */
  async stop(key: string): Promise<void> {
    const process = this.#processes.get(key);
    if (!process) return;
    this.#processes.delete(key);
    await process.stop();
  }

  async stopAll(): Promise<void> {
    const all = [...this.#processes.keys()];
    await Promise.all(all.map((key) => this.stop(key)));
  }

  get size(): number {
    return this.#processes.size;
  }
}

type ResolvedOptions = Required<Omit<ProcessManagerOptions, 'onEvent' | 'backoff'>> & {
  backoff: { initialMs: number; maxMs: number };
  onEvent?: ProcessManagerOptions['onEvent'];
};

class ManagedProcess {
  state: ProcessState = 'stopped';
  #child: ChildProcess | null = null;
  #port: number | null = null;
  #spawnedAt = 0;
  #restarts = 0;
  #crashesInARow = 0;
  #lastExit: ProcessStatus['lastExit'] = null;
  #nextStartAt: number | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #health: ReturnType<typeof setInterval> | undefined;
  #healthFailures = 0;
  #recent: string[] = [];
  #ready: Promise<void> = Promise.resolve();
  #stopping = false;
  #outputWindow = { start: 0, lines: 0, dropped: 0 };
  readonly #exited = new Set<() => void>();

  constructor(
    readonly spec: ProcessSpec,
    readonly options: ResolvedOptions,
  ) {}

  status(): ProcessStatus {
    return {
      state: this.state,
      port: this.#port,
      pid: this.#child?.pid ?? null,
      restarts: this.#restarts,
      crashesInARow: this.#crashesInARow,
      lastExit: this.#lastExit,
      nextStartAt: this.#nextStartAt,
      recentOutput: [...this.#recent],
    };
  }

  start(): void {
    this.state = 'starting';
    this.#nextStartAt = null;
    let settle!: { resolve: () => void; reject: (error: Error) => void };
    this.#ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    // Nobody may be waiting yet: an unwatched failure is not an unhandled rejection.
    this.#ready.catch(() => {});
    void this.#launch().then(settle.resolve, settle.reject);
  }

  async endpoint(waitMs: number): Promise<string> {
    const { label } = this.spec;
    if (this.state === 'running') return this.#url();
    if (this.state === 'backoff') {
      const wait = Math.max(0, (this.#nextStartAt ?? Date.now()) - Date.now());
      throw new PackageUnavailableError(
        `Widget package ${label} stopped (${describeExit(this.#lastExit)}) and is restarting: attempt ${this.#crashesInARow + 1} in ${seconds(wait)}. Try again in a moment.`,
      );
    }
    if (this.state === 'failed') {
      throw new PackageUnavailableError(
        `Widget package ${label} stopped ${this.#crashesInARow} times in a row and is no longer restarted${this.#lastLine()}. Fix the package, then disable and enable it in the widget manager.`,
      );
    }
    if (this.state === 'stopped') throw new PackageUnavailableError(`Widget package ${label} is stopped.`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PackageUnavailableError(`Widget package ${label} is starting and was not ready within ${seconds(waitMs)}. Try again in a moment.`)), waitMs);
    });
    try {
      await Promise.race([this.#ready, timeout]);
    } catch (error) {
      if (error instanceof PackageUnavailableError) throw error;
      throw new PackageUnavailableError(`Widget package ${label} could not start: ${(error as Error).message}${this.#lastLine()}`);
    } finally {
      clearTimeout(timer);
    }
    return this.#url();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.state = 'stopped';
    clearTimeout(this.#timer);
    clearInterval(this.#health);
    const child = this.#child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.#exited.add(resolve));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), this.options.stopTimeoutMs);
      await exited;
      clearTimeout(killer);
    }
    this.#emit({ type: 'stopped' });
    this.options.log.info(`widget_process stopped package=${logField(this.spec.packageId)} restarts=${this.#restarts}`);
  }

  #url(): string {
    return `http://127.0.0.1:${this.#port}${MCP_ENDPOINT_PATH}`;
  }

  async #launch(): Promise<void> {
    const { spec, options } = this;
    const port = await freePort(spec.preferredPort);
    if (this.#stopping) throw new PackageUnavailableError(`Widget package ${spec.label} was stopped.`);
    mkdirSync(spec.dataDir, { recursive: true });
    const main = resolve(spec.dir, spec.main);
    if (!main.startsWith(resolve(spec.dir) + sep)) throw new PackageUnavailableError(`Widget package ${spec.label}: main is outside its folder.`);
    this.#port = port;
    this.#spawnedAt = Date.now();
    this.#healthFailures = 0;
    const child = spawn(process.execPath, [`--max-old-space-size=${options.maxOldSpaceMb}`, main], {
      cwd: spec.dir,
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        SKYLIT_WIDGET_ID: spec.packageId,
        SKYLIT_WIDGET_DATA_DIR: spec.dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    let spawnError: Error | null = null;
    child.once('error', (error) => (spawnError = error));
    for (const [stream, name] of [[child.stdout, 'stdout'], [child.stderr, 'stderr']] as const) {
      createInterface({ input: stream!, crlfDelay: Infinity }).on('line', (line) => this.#output(name, line));
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.once('exit', (code, signal) => this.#onExit(child, code, signal));
    this.#emit({ type: 'started', port, pid: child.pid });
    options.log.info(`widget_process started package=${logField(spec.packageId)} port=${port} pid=${child.pid ?? '-'} attempt=${this.#crashesInARow + 1}`);

    const deadline = Date.now() + options.startTimeoutMs;
    let lastProblem = 'no answer';
    while (Date.now() < deadline) {
      if (spawnError) throw spawnError;
      if (child.exitCode !== null || child.signalCode !== null || this.#child !== child) {
        throw new Error(`the process exited (${describeExit({ code: child.exitCode, signal: child.signalCode, at: '' })}) before it answered`);
      }
      try {
        await mcpInitialize(this.#url(), Math.min(options.healthTimeoutMs, Math.max(100, deadline - Date.now())));
        if (this.#child !== child || this.state !== 'starting') throw new Error('the process exited');
        this.state = 'running';
        const readyMs = Date.now() - this.#spawnedAt;
        this.#emit({ type: 'ready', port, pid: child.pid, readyMs });
        options.log.info(`widget_process ready package=${logField(spec.packageId)} port=${port} ready_ms=${readyMs}`);
        this.#health = setInterval(() => void this.#checkHealth(child), options.healthIntervalMs);
        this.#health.unref();
        return;
      } catch (error) {
        lastProblem = (error as Error).message;
        await Promise.race([sleep(100), exited]);
      }
    }
    // Not ready in time: kill it; the exit schedules the next attempt.
    options.log.error(`widget_process not_ready package=${logField(spec.packageId)} after_ms=${options.startTimeoutMs} problem=${logField(lastProblem)}`);
    child.kill('SIGKILL');
    throw new Error(`it did not answer MCP initialize within ${seconds(options.startTimeoutMs)} (${lastProblem})`);
  }

  async #checkHealth(child: ChildProcess): Promise<void> {
    if (this.state !== 'running' || this.#child !== child) return;
    try {
      await mcpInitialize(this.#url(), this.options.healthTimeoutMs);
      this.#healthFailures = 0;
    } catch (error) {
      this.#healthFailures += 1;
      if (this.#healthFailures >= this.options.unhealthyAfter && this.#child === child) {
        this.options.log.error(
          `widget_process unhealthy package=${logField(this.spec.packageId)} failed_checks=${this.#healthFailures} problem=${logField((error as Error).message)}`,
        );
        child.kill('SIGKILL');
      }
    }
  }

  #onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    for (const resolve of this.#exited) resolve();
    this.#exited.clear();
    if (this.#child !== child) return;
    clearInterval(this.#health);
    this.#child = null;
    const uptime = Date.now() - this.#spawnedAt;
    this.#lastExit = { code, signal, at: new Date().toISOString() };
    if (this.#stopping) return;
    const { options, spec } = this;
    if (uptime >= options.stableMs) this.#crashesInARow = 0;
    this.#crashesInARow += 1;
    if (this.#crashesInARow >= options.maxFailures) {
      this.state = 'failed';
      this.#emit({ type: 'gave_up', code, signal, crashesInARow: this.#crashesInARow });
      options.log.error(
        `widget_process gave_up package=${logField(spec.packageId)} code=${code ?? '-'} signal=${signal ?? '-'} uptime_ms=${uptime} crashes_in_a_row=${this.#crashesInARow}`,
      );
      return;
    }
    const delay = Math.min(options.backoff.maxMs, options.backoff.initialMs * 2 ** (this.#crashesInARow - 1));
    this.state = 'backoff';
    this.#nextStartAt = Date.now() + delay;
    this.#emit({ type: 'exited', code, signal, restartInMs: delay, crashesInARow: this.#crashesInARow });
    options.log.error(
      `widget_process exited package=${logField(spec.packageId)} code=${code ?? '-'} signal=${signal ?? '-'} uptime_ms=${uptime} crashes_in_a_row=${this.#crashesInARow} restart_in_ms=${delay}`,
    );
    this.#timer = setTimeout(() => {
      if (this.#stopping) return;
      this.#restarts += 1;
      this.start();
    }, delay);
    this.#timer.unref();
  }

  #output(stream: string, line: string): void {
    const shown = line.length > 300 ? `${line.slice(0, 299)}…` : line;
    this.#recent.push(shown);
    if (this.#recent.length > RECENT_LINES) this.#recent.shift();
    const now = Date.now();
    const window = this.#outputWindow;
    if (now - window.start >= 60_000) {
      if (window.dropped) this.options.log.info(`widget_process output package=${logField(this.spec.packageId)} dropped_lines=${window.dropped}`);
      this.#outputWindow = { start: now, lines: 0, dropped: 0 };
    }
    if (this.#outputWindow.lines >= this.options.maxOutputLinesPerMinute) {
      this.#outputWindow.dropped += 1;
      return;
    }
    this.#outputWindow.lines += 1;
    this.options.log.info(`widget_process output package=${logField(this.spec.packageId)} stream=${stream} line=${logField(shown, 300)}`);
  }

  #lastLine(): string {
    const last = this.#recent.at(-1);
    return last ? `; its last output: ${JSON.stringify(last.slice(0, 200))}` : '';
  }

  #emit(event: Omit<ProcessEvent, 'key' | 'packageId' | 'at'>): void {
    this.options.onEvent?.({ ...event, key: this.spec.key, packageId: this.spec.packageId, at: Date.now() });
  }
}

/**
 * One MCP `initialize` over Streamable HTTP; resolves when the answer is a JSON-RPC result (JSON or
 * an event stream). A session it opens is ended with DELETE.
 */
export async function mcpInitialize(url: string, timeoutMs: number): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'skylit-health-check', version: '1' } },
    }),
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'error',
  });
  const text = (await response.text()).slice(0, 64 * 1024);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const json = response.headers.get('content-type')?.includes('text/event-stream')
    ? text.split('\n').find((line) => line.startsWith('data:'))?.slice(5)
    : text;
  let message: { result?: unknown } | null = null;
  try {
    message = JSON.parse(json ?? '') as { result?: unknown };
  } catch {
    throw new Error('the answer to initialize is not JSON-RPC');
  }
  if (!message || typeof message.result !== 'object' || message.result === null) throw new Error('initialize got no result');
  const session = response.headers.get('mcp-session-id');
  if (session) void fetch(url, { method: 'DELETE', headers: { 'mcp-session-id': session }, signal: AbortSignal.timeout(timeoutMs) }).then((r) => r.body?.cancel(), () => {});
}

/** `preferred` when it is free on loopback, else any free port. */
export async function freePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(null));
      server.listen(port, '127.0.0.1', () => {
        const { port: bound } = server.address() as { port: number };
        server.close(() => resolve(bound));
      });
    });
  if (preferred) {
    const port = await tryPort(preferred);
    if (port) return port;
  }
  const port = await tryPort(0);
  if (!port) throw new Error('no free loopback port');
  return port;
}

function describeExit(exit: ProcessStatus['lastExit']): string {
  if (!exit) return 'no exit seen';
  if (exit.signal) return `killed by ${exit.signal}`;
  return `exit code ${exit.code}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

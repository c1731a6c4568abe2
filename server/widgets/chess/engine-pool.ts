/**
 * The engine on worker threads, for the Node server: a small pool (default: one thread per core
 * beyond the first, at least one, at most four), started on first use. Each search runs on a worker
 * under the budget; the event loop that answers requests only posts a message and waits.
 *
 * - A search waits in a queue when every worker is busy; its AbortSignal (the tool call's timeout or
 *   cancellation) takes it out of the queue.
 * - A worker that does not answer within the budget's time plus a grace period is terminated and
 *   replaced, and that search rejects: a bug in the engine costs one call, never the server.
 * - Idle workers do not keep the process alive.
 * Node-only: the browser gets inProcessEngine (engine-runner.ts) instead.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DEFAULT_BUDGET, type EngineReply, type SearchBudget } from './engine.ts';
import type { EngineRunner } from './engine-runner.ts';
import type { EngineJob } from './engine-worker.ts';

export interface EnginePoolOptions {
  /** Limits of every search (default DEFAULT_BUDGET). */
  budget?: Partial<SearchBudget>;
  /** Worker threads (default: cores − 1, between 1 and 4). */
  workers?: number;
  /** Extra time a worker gets beyond `budget.maxMs` before it is replaced (default 2,000 ms). */
  graceMs?: number;
}

/** Default number of engine threads: leave one core to the event loop. */
export const defaultEngineWorkers = (): number => Math.min(4, Math.max(1, availableParallelism() - 1));

interface Pending {
  job: EngineJob;
  resolve(reply: EngineReply): void;
  reject(error: Error): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  current: Pending | null;
  timer?: ReturnType<typeof setTimeout>;
}

/** A pool of engine worker threads behind the EngineRunner seam. */
export function createEnginePool(options: EnginePoolOptions = {}): EngineRunner {
  const budget: SearchBudget = { ...DEFAULT_BUDGET, ...options.budget };
  const size = Math.max(1, Math.floor(options.workers ?? defaultEngineWorkers()));
  const graceMs = options.graceMs ?? 2_000;
  const slots: Slot[] = [];
  const queue: Pending[] = [];
  let nextId = 1;
  let closed = false;

  const settle = (slot: Slot): Pending | null => {
    const pending = slot.current;
    slot.current = null;
    clearTimeout(slot.timer);
    slot.worker.unref();
    return pending;
  };

  const retire = (slot: Slot, error: Error) => {
    slots.splice(slots.indexOf(slot), 1);
    settle(slot)?.reject(error);
    void slot.worker.terminate();
    pump();
  };

  const spawn = (): Slot => {
    // Compiled (the published package): the worker's own .js. From source: tsx registered in the worker first.
    const worker = import.meta.url.endsWith('.js')
      ? new Worker(new URL('./engine-worker.js', import.meta.url))
      : new Worker(workerBoot(), { eval: true, execArgv: execArgvWithoutTsx() });
    const slot: Slot = { worker, current: null };
    worker.on('message', (message: { id: number; reply?: EngineReply; error?: string }) => {
      if (slot.current?.job.id !== message.id) return;
      const pending = settle(slot)!;
      if (message.reply) pending.resolve(message.reply);
      else pending.reject(new Error(`the chess engine failed: ${message.error}`));
      pump();
    });
    worker.on('error', (error) => retire(slot, new Error(`the chess engine thread failed: ${error.message}`)));
    worker.on('exit', (code) => {
      if (slots.includes(slot)) retire(slot, new Error(`the chess engine thread stopped (exit code ${code})`));
    });
    worker.unref();
    slots.push(slot);
    return slot;
  };

  const pump = () => {
    while (!closed && queue.length > 0) {
      const slot = slots.find((s) => !s.current) ?? (slots.length < size ? spawn() : undefined);
      if (!slot) return;
      const pending = queue.shift()!;
      if (pending.onAbort) pending.signal?.removeEventListener('abort', pending.onAbort);
      slot.current = pending;
      slot.worker.ref();
      slot.timer = setTimeout(
        () => retire(slot, new Error(`the chess engine did not answer within ${budget.maxMs + graceMs} ms; its thread was replaced`)),
        budget.maxMs + graceMs,
      );
      slot.worker.postMessage(pending.job);
    }
  };

  return {
    kind: 'worker-threads',
    budget,
    chooseMove(fen, signal) {
      return new Promise<EngineReply>((resolve, reject) => {
        if (closed) return reject(new Error('the chess engine is closed'));
        if (signal?.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        const pending: Pending = { job: { id: nextId++, fen, budget }, resolve, reject, signal };
        if (signal) {
          pending.onAbort = () => {
            const at = queue.indexOf(pending);
            if (at >= 0) {
              queue.splice(at, 1);
              reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
            }
          };
          signal.addEventListener('abort', pending.onAbort, { once: true });
        }
        queue.push(pending);
        pump();
      });
    },
    async close() {
      closed = true;
      for (const pending of queue.splice(0)) pending.reject(new Error('the chess engine is closed'));
      await Promise.all(
        slots.splice(0).map((slot) => {
          settle(slot)?.reject(new Error('the chess engine is closed'));
          return slot.worker.terminate();
        }),
      );
    },
  };
}

/**
 * The worker runs TypeScript, as the server does. Node 20 does not send a worker's entry module
 * through loader hooks inherited with `--import tsx`, so the worker starts from this small script:
 * it registers tsx itself, then imports engine-worker.ts (and tsx is dropped from its execArgv, so
 * it is not registered twice).
 */
const workerBoot = (): string =>
  `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})` +
  `.then(({ register }) => { register(); return import(${JSON.stringify(new URL('./engine-worker.ts', import.meta.url).href)}); });`;

function execArgvWithoutTsx(): string[] {
  const out: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if ((arg === '--import' || arg === '--loader' || arg === '--experimental-loader') && args[i + 1]?.includes('tsx')) i++;
    else if (!/^--(import|loader|experimental-loader)=.*tsx/.test(arg)) out.push(arg);
  }
  return out;
}

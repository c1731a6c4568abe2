/**
 * The body of one engine worker thread (engine-pool.ts starts it): receives `{ id, fen, budget }`,
 * searches, answers `{ id, reply }` or `{ id, error }`. One search at a time.
 *
 * On Linux the thread lowers its own scheduling priority (nice 10; Linux keeps a nice value per
 * thread), so on a machine short of cores the threads that answer requests run first and a
 * search waits — the budget's time limit still caps it.
 */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { searchMove, type SearchBudget } from './engine.ts';

/** The engine threads' nice value on Linux (0 = normal, 19 = lowest). */
export const ENGINE_THREAD_NICE = 10;

if (process.platform === 'linux') {
  try {
    setPriority(ENGINE_THREAD_NICE); // this thread only, on Linux
  } catch {
    // Not allowed here (a container may forbid it): the engine runs at normal priority.
  }
}

export interface EngineJob {
  id: number;
  fen: string;
  budget: SearchBudget;
}

parentPort!.on('message', (job: EngineJob) => {
  try {
    parentPort!.postMessage({ id: job.id, reply: searchMove(job.fen, { budget: job.budget }) });
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
  }
});

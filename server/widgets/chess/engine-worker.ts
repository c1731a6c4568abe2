/**
 * The body of one engine worker thread (engine-pool.ts starts it): receives `{ id, fen, budget }`,
 * searches, answers `{ id, reply }` or `{ id, error }`. One search at a time.
 */
import { parentPort } from 'node:worker_threads';
import { searchMove, type SearchBudget } from './engine.ts';

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

/**
 * Where the computer's search runs. The chess tools ask an EngineRunner, never the engine itself:
 * - in the Node server, a pool of worker threads (engine-pool.ts), so a search never holds the
 *   event loop that answers requests;
 * - anywhere without worker threads (the browser: Storybook's host emulator and the browser tests
 *   run the real tools on the in-memory store), `inProcessEngine`, the same search under the same
 *   budget on the calling thread.
 * This file imports nothing from Node, so the browser bundle never sees `node:worker_threads`.
 */
import { DEFAULT_BUDGET, searchMove, type EngineReply, type SearchBudget } from './engine.ts';

export type { EngineReply, SearchBudget } from './engine.ts';

export interface EngineRunner {
  /** Which runner this is, for logs: `in-process` or `worker-threads`. */
  readonly kind: string;
  /** The budget every search gets. */
  readonly budget: SearchBudget;
  /**
   * The engine's move in `fen` (null move: none is legal), found within the budget. Rejects when
   * `signal` aborts before the search starts (a search under way ends at its budget anyway).
   */
  chooseMove(fen: string, signal?: AbortSignal): Promise<EngineReply>;
  /** Stops the runner's threads, if it has any; later searches reject. */
  close(): Promise<void>;
}

/** The engine on the calling thread, under `budget` (default DEFAULT_BUDGET). */
export function inProcessEngine(budget: Partial<SearchBudget> = {}): EngineRunner {
  const limits = { ...DEFAULT_BUDGET, ...budget };
  let closed = false;
  return {
    kind: 'in-process',
    budget: limits,
    async chooseMove(fen, signal) {
      if (closed) throw new Error('the chess engine is closed');
      signal?.throwIfAborted();
      return searchMove(fen, { budget: limits });
    },
    async close() {
      closed = true;
    },
  };
}

/** One log line for a search that stopped at its budget (never one per position). */
export function describeBudgetStop(reply: EngineReply, budget: SearchBudget, where: string): string {
  const limit = reply.stoppedBy === 'time' ? `max_ms=${budget.maxMs}` : `max_nodes=${budget.maxNodes}`;
  return (
    `chess_engine budget_reached ${where} stopped_by=${reply.stoppedBy} ${limit} nodes=${reply.nodes} ` +
    `depth=${reply.depth} elapsed_ms=${reply.elapsedMs.toFixed(0)} move=${reply.move?.uci ?? 'none'}`
  );
}

import { CONFLICT_META_KEY, newRequestId } from '../host/results.ts';
import type { JsonObject, ToolResult } from '../host/types.ts';
import { ToolCall } from './tool-call.ts';

/** How a write ended. */
export type WriteStatus = 'written' | 'conflict' | 'refused' | 'failed';

/**
 * A write shown before the server confirms it, the safe way (seed 001): the change is on screen at
 * once (`pending`), sent with a fresh idempotency key (`requestId`; `retry()` of a failed send reuses
 * it, so it never applies twice), and taken back whatever happens unless the server confirms it. A
 * version conflict (`_meta["skylit/conflict"]`, for a tool called with `expectedVersion`) answers
 * with the current record: it becomes the view, and the caller decides what to tell the user.
 *
 * ```ts
 * readonly move = new OptimisticWrite<Shown>(this);
 * const status = await this.move.write('chess_make_move', { gameId, move, expectedVersion }, shown);
 * ```
 */
export class OptimisticWrite<Shown> extends ToolCall {
  /** What the widget shows while the write is under way, or null. */
  get pending(): Shown | null {
    return this.running ? this.#shown : null;
  }
  #shown: Shown | null = null;

  /** Sends a new write (with a new `requestId`), showing `shown` until the server answers. */
  write(name: string, args: JsonObject, shown: Shown): Promise<WriteStatus> {
    this.#shown = shown;
    return this.run(name, { ...args, requestId: newRequestId() }).then((result) => this.#status(result));
  }

  /** Sends the last write again, with the same `requestId` (after a failed send). */
  resend(): Promise<WriteStatus> {
    return this.retry().then((result) => this.#status(result));
  }

  #status(result: ToolResult | null): WriteStatus {
    if (!result) return 'failed';
    if (!result.isError) return 'written';
    const current = result.structuredContent;
    return result._meta?.[CONFLICT_META_KEY] && current && this.widget.adoptView(current, result._meta) ? 'conflict' : 'refused';
  }
}

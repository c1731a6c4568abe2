/**
 * The chess tools' side of the store: loading a game (migrating an old record on the way),
 * answering with its view, and the versioned write every move and resignation goes through.
 *
 * Every answer is built — checked against the view contract and its size guard — before anything
 * is written, so a write that could not be answered is never stored.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { CONFLICT_META_KEY, LEGAL_MOVES_META_KEY } from '../../../components/chess-board/view.ts';
import { ToolError, VIEW_ID_META_KEY } from '../../result.ts';
import type { StoredRecord } from '../../store/types.ts';
import type { ToolContext } from '../../tools.ts';
import { describeGame, toView } from './game.ts';
import { gameKey, readStoredGame, type LegacyStoredGame, type StoredGame } from './record.ts';
import type { chessViewSchema } from './schema.ts';

export type ChessContext = ToolContext<z.output<typeof chessViewSchema>>;

/** A game as the store holds it: either shape (old records migrate when read). */
export type AnyStoredGame = StoredGame | LegacyStoredGame;

/** A loaded game: its record in the current shape and the store's version of it. */
export interface LoadedGame {
  id: string;
  record: StoredGame;
  version: number;
}

/** Loads a game; a ToolError the model can act on when there is none. */
export async function loadGame(ctx: Pick<ToolContext, 'store'>, gameId: string): Promise<LoadedGame> {
  const stored = await ctx.store.get<AnyStoredGame>(gameKey(gameId));
  if (!stored) throw new ToolError(`No game ${gameId}. Start one with chess_new_game.`);
  return fromStore(gameId, stored);
}

/** The successful answer showing a game: the sentence, the view, the legal moves in `_meta`. */
export function gameResult(ctx: ChessContext, game: LoadedGame, text: string): CallToolResult {
  return ctx.result({
    text: `${text} (Game ${game.id}, version ${game.version}.)`,
    view: toView(game.id, game.record, game.version),
    viewId: game.id,
    meta: { [LEGAL_MOVES_META_KEY]: game.record.legalMoves },
  });
}

/** What a write does to a game: the changed record and the sentence for the model. Throws a ToolError to refuse. */
export type GameChange = (record: StoredGame) => Promise<{ record: StoredGame; text: string }>;

/**
 * A write on an existing game: load it, check the version, let `change` alter it, build the answer,
 * then compare-and-set under the idempotency key. A retry of a write that already went through gets
 * that write's result, whatever came after.
 */
export async function versionedWrite(
  ctx: ChessContext,
  gameId: string,
  expectedVersion: number,
  idempotencyKey: string,
  change: GameChange,
): Promise<CallToolResult> {
  const key = gameKey(gameId);
  const stored = await ctx.store.get<AnyStoredGame>(key);
  if (!stored) throw new ToolError(`No game ${gameId}. Start one with chess_new_game.`);
  if (stored.version !== expectedVersion) {
    // Versions only grow, so a write naming an older version can never apply: asking the store
    // with the old version only finds out whether this request already went through.
    if (expectedVersion < stored.version) {
      const probe = await ctx.store.put<AnyStoredGame>(key, stored.value, { expectedVersion, idempotencyKey });
      if (probe.status === 'replayed') return alreadyDone(ctx, gameId, probe.record);
      if (probe.status === 'conflict' && probe.current) throw conflictError(gameId, expectedVersion, probe.current);
    }
    throw conflictError(gameId, expectedVersion, stored);
  }
  const game = fromStore(gameId, stored);
  if (game.record.outcome.status !== 'active') {
    throw new ToolError(
      `Game ${gameId} is over. ${describeGame(game.record)} Start a new one with chess_new_game.`,
      toView(gameId, game.record, game.version),
      viewMeta(game),
    );
  }
  let changed: { record: StoredGame; text: string };
  try {
    changed = await change(game.record);
  } catch (error) {
    // Refused input: answer with the unchanged game, so the board can put back what it showed.
    if (error instanceof ToolError) throw new ToolError(error.message, toView(gameId, game.record, game.version), viewMeta(game));
    throw error;
  }
  const next: LoadedGame = { id: gameId, record: changed.record, version: expectedVersion + 1 };
  const answer = gameResult(ctx, next, changed.text);
  // A call that timed out or was cancelled meanwhile writes nothing.
  ctx.signal.throwIfAborted();
  const outcome = await ctx.store.put<AnyStoredGame>(key, changed.record, { expectedVersion, idempotencyKey });
  if (outcome.status === 'conflict') throw conflictError(gameId, expectedVersion, outcome.current ?? stored);
  if (outcome.status === 'replayed') return alreadyDone(ctx, gameId, outcome.record);
  return answer;
}

/** The isError answer to a write on another version than the game's: the current game comes back. */
export function conflictError(gameId: string, expectedVersion: number, current: StoredRecord<AnyStoredGame>): ToolError {
  const game = fromStore(gameId, current);
  return new ToolError(
    `Game ${gameId} changed meanwhile: it is at version ${game.version}, not ${expectedVersion}. ` +
      `Nothing was played; showing the current board. ${describeGame(game.record)}`,
    toView(gameId, game.record, game.version),
    { [CONFLICT_META_KEY]: true, ...viewMeta(game) },
  );
}

/** The widget-only `_meta` that goes with a game's view: its view id and the legal moves. */
export function viewMeta(game: LoadedGame): Record<string, unknown> {
  return { [VIEW_ID_META_KEY]: game.id, [LEGAL_MOVES_META_KEY]: game.record.legalMoves };
}

function alreadyDone(ctx: ChessContext, gameId: string, record: StoredRecord<AnyStoredGame>): CallToolResult {
  return gameResult(ctx, fromStore(gameId, record), 'Already done: this requestId was applied before; showing its result.');
}

function fromStore(gameId: string, stored: StoredRecord<AnyStoredGame>): LoadedGame {
  return { id: gameId, record: readStoredGame(stored.value), version: stored.version };
}

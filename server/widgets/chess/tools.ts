/**
 * The chess tools: chess_new_game, chess_get_game, chess_make_move, chess_resign. Each returns the
 * board's view contract (components/chess-board/view.ts) as structuredContent, with the game id
 * as `skylit/viewId`.
 *
 * Writes are compare-and-set on the game record's version and idempotent by requestId, through
 * the store. A move against the computer and the computer's reply are one write: the version goes
 * up by one per successful call, never by one per ply, so the pair is applied (or retried) whole.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { CHESS_TOOLS, CONFLICT_META_KEY, LEGAL_MOVES_META_KEY, type ChessMove, type Color, type Player } from '../../../components/chess-board/view.ts';
import { ToolError, VIEW_ID_META_KEY } from '../../result.ts';
import type { StoredRecord } from '../../store/types.ts';
import { defineTool, type ToolContext } from '../../tools.ts';
import { chooseMove } from './engine.ts';
import {
  applyMove,
  capitalize,
  colorName,
  describeOutcome,
  gameKey,
  legalMoves,
  newGameId,
  normalizeFen,
  opposite,
  outcomeOf,
  replay,
  STANDARD_FEN,
  toView,
  type LiveGame,
  type StoredGame,
} from './game.ts';
import { readMove } from './notation.ts';
import { chessViewSchema } from './schema.ts';

const color = z.enum(['w', 'b']);
const gameId = z.string().trim().min(1).max(64).describe('The game id chess_new_game returned.');
const expectedVersion = z
  .number()
  .int()
  .min(1)
  .describe('The version of the game the move is based on (the `version` of the last view).');
const requestId = z
  .string()
  .min(8)
  .max(100)
  .describe('A fresh random id (e.g. a UUID) per intended write; a retry with the same id is not applied twice.');

type ChessContext = ToolContext<z.output<typeof chessViewSchema>>;

export const chessNewGame = defineTool({
  name: CHESS_TOOLS.newGame,
  title: 'New chess game',
  description:
    'Starts a chess game and shows the board. Against the computer (default) or another person ' +
    '(both sides human: share the game id, the other player joins with chess_get_game and chess_make_move). ' +
    '`side` is the colour of the person starting (w, b or random; default w); when the computer has the ' +
    'first move it plays it at once. `fen` optionally starts from a position. `requestId` makes a retry ' +
    'return the same game instead of starting a second one.',
  input: z.object({
    side: z.enum(['w', 'b', 'random']).default('w').describe('Your colour: w, b or random.'),
    opponent: z.enum(['computer', 'human']).default('computer').describe('computer, or human for a game between two people.'),
    fen: z.string().max(120).optional().describe('Start position in FEN (default: the standard start).'),
    requestId: requestId.optional(),
  }),
  output: chessViewSchema,
  // Not idempotent as such: without a requestId every call starts another game.
  annotations: { readOnlyHint: false, idempotentHint: false },
  invoking: 'Setting up the board…',
  invoked: 'Board ready',
  async handler({ side, opponent, fen, requestId }, ctx) {
    let startFen = STANDARD_FEN;
    if (fen !== undefined) {
      const normal = normalizeFen(fen);
      if ('error' in normal) {
        throw new ToolError(`Bad FEN "${fen.trim()}": ${normal.error}. A FEN has six fields, e.g. "${STANDARD_FEN}".`);
      }
      startFen = normal.fen;
    }
    const human: Color = side === 'random' ? (globalThis.crypto.getRandomValues(new Uint8Array(1))[0] % 2 === 0 ? 'w' : 'b') : side;
    const players: Record<Color, Player> =
      opponent === 'computer' ? ({ [human]: 'human', [opposite(human)]: 'computer' } as Record<Color, Player>) : { w: 'human', b: 'human' };
    // With a requestId the id is derived from it and the request, so a retry addresses the same record.
    const requestKey = requestId === undefined ? undefined : JSON.stringify([requestId, side, opponent, startFen]);

    for (let attempt = 0; attempt < 3; attempt++) {
      const id = newGameId(requestKey);
      const game = replay(id, { players, startFen, moves: [], resigned: null, createdAt: new Date().toISOString() });
      const opening = computerTurn(game);
      const outcome = await ctx.store.put<StoredGame>(gameKey(id), game.record, {
        expectedVersion: 0,
        ...(requestId ? { idempotencyKey: `chess:new:${requestId}` } : {}),
      });
      if (outcome.status === 'conflict') {
        // Same request, its idempotency record expired: the existing game is the one it made.
        if (requestKey && outcome.current) {
          const { value, version } = outcome.current;
          return gameResult(ctx, replay(id, value), version, 'This game was already started with this requestId.');
        }
        continue; // a random id that is taken: draw another
      }
      const saved = outcome.record;
      const live = outcome.status === 'written' ? game : replay(id, saved.value);
      const text =
        outcome.status === 'replayed'
          ? 'This game was already started with this requestId.'
          : newGameText(live, opening);
      return gameResult(ctx, live, saved.version, text);
    }
    throw new Error('could not find a free game id');
  },
});

export const chessGetGame = defineTool({
  name: CHESS_TOOLS.getGame,
  title: 'Show a chess game',
  description:
    'Shows the current board of a game (read-only): the position, the moves so far, whose turn it is and ' +
    'how the game stands. Use it to show a game again, or to see the other player\'s move in a game between two people.',
  input: z.object({ gameId }),
  output: chessViewSchema,
  annotations: { readOnlyHint: true },
  invoking: 'Opening the board…',
  invoked: 'Board shown',
  async handler({ gameId }, ctx) {
    const record = await loadGame(ctx, gameId);
    const game = replay(gameId, record.value);
    const moves = game.san.length;
    return gameResult(ctx, game, record.version, `${moves} move${moves === 1 ? '' : 's'} played. ${describe(game)}`);
  },
});

export const chessMakeMove = defineTool({
  name: CHESS_TOOLS.makeMove,
  title: 'Make a chess move',
  description:
    'Plays a move in SAN (e4, Nf3, exd8=N, O-O) or UCI (e2e4, g1f3, e7e8q). Send the version of the board you ' +
    'saw (expectedVersion) and a fresh requestId: if the game moved on meanwhile, nothing is played and the ' +
    'current board comes back; the same requestId never plays twice. Against the computer its reply is played ' +
    'in the same call. An illegal move is refused, with the reason and the legal moves.',
  input: z.object({
    gameId,
    move: z.string().trim().min(1).max(20).describe('SAN (Nf3, exd8=N, O-O) or UCI (g1f3, e7e8q).'),
    expectedVersion,
    requestId,
  }),
  output: chessViewSchema,
  annotations: { readOnlyHint: false, idempotentHint: true },
  invoking: 'Playing the move…',
  invoked: 'Move played',
  handler({ gameId, move, expectedVersion, requestId }, ctx) {
    return versionedWrite(ctx, gameId, expectedVersion, `chess:${gameId}:move:${requestId}`, (game) => {
      const mover = game.chess.turn();
      if (game.record.players[mover] === 'computer') {
        // Only reachable with a record written by something else: the computer always replies at once.
        throw new ToolError(`It is the computer's turn in game ${gameId}.`);
      }
      const reading = readMove(game.chess, move);
      if (!reading.ok) throw new ToolError(reading.message);
      const played = applyMove(game, reading.uci);
      const reply = computerTurn(game);
      const vsComputer = Object.values(game.record.players).includes('computer');
      const first = vsComputer ? `You played ${played.san}` : `${capitalize(colorName(mover))} played ${played.san}`;
      return `${first}${reply ? `; the computer replied ${reply.san}` : ''}. ${describe(game)}`;
    });
  },
});

export const chessResign = defineTool({
  name: CHESS_TOOLS.resign,
  title: 'Resign a chess game',
  description:
    'Resigns the game for one side: the game ends and the other side wins. This cannot be undone; ask the ' +
    'user to confirm first. Needs the version of the board (expectedVersion) and a fresh requestId.',
  input: z.object({ gameId, side: color.describe('The side resigning: w or b.'), expectedVersion, requestId }),
  output: chessViewSchema,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  invoking: 'Resigning…',
  invoked: 'Game resigned',
  handler({ gameId, side, expectedVersion, requestId }, ctx) {
    return versionedWrite(ctx, gameId, expectedVersion, `chess:${gameId}:resign:${requestId}`, (game) => {
      const { players } = game.record;
      if (players[side] === 'computer') {
        throw new ToolError(
          `In game ${gameId} the computer plays ${colorName(side)}; only a person's side can resign (yours is ${colorName(opposite(side))}).`,
        );
      }
      game.record = { ...game.record, resigned: side };
      return describe(game);
    });
  },
});

export const chessTools = [chessNewGame, chessGetGame, chessMakeMove, chessResign];

/**
 * A write on an existing game: load it, check the version, let `change` alter it (it returns the
 * sentence for the model, or throws a ToolError), then compare-and-set under the idempotency key.
 * A retry of a write that already went through gets that write's result, whatever came after.
 */
async function versionedWrite(
  ctx: ChessContext,
  gameId: string,
  expectedVersion: number,
  idempotencyKey: string,
  change: (game: LiveGame) => string,
): Promise<CallToolResult> {
  const key = gameKey(gameId);
  const record = await loadGame(ctx, gameId);
  if (record.version !== expectedVersion) {
    // Versions only grow, so a write naming an older version can never apply: asking the store
    // with the old version only finds out whether this request already went through.
    if (expectedVersion < record.version) {
      const probe = await ctx.store.put<StoredGame>(key, record.value, { expectedVersion, idempotencyKey });
      if (probe.status === 'replayed') {
        return gameResult(ctx, replay(gameId, probe.record.value), probe.record.version, 'Already done: this requestId was applied before; showing its result.');
      }
      if (probe.status === 'conflict' && probe.current) throw conflictError(gameId, expectedVersion, probe.current);
    }
    throw conflictError(gameId, expectedVersion, record);
  }
  const game = replay(gameId, record.value);
  const before = outcomeOf(game);
  if (before.status !== 'active') {
    throw new ToolError(
      `Game ${gameId} is over. ${describeOutcome(before, game.chess.turn(), game.record.players)} ` +
        'Start a new one with chess_new_game.',
      toView(game, record.version),
      viewMeta(game),
    );
  }
  let text: string;
  try {
    text = change(game);
  } catch (error) {
    // Refused input: answer with the unchanged game, so the board can put back what it showed.
    if (error instanceof ToolError) {
      const unchanged = replay(gameId, record.value);
      throw new ToolError(error.message, toView(unchanged, record.version), viewMeta(unchanged));
    }
    throw error;
  }
  const outcome = await ctx.store.put<StoredGame>(key, game.record, { expectedVersion, idempotencyKey });
  if (outcome.status === 'conflict') throw conflictError(gameId, expectedVersion, outcome.current ?? record);
  if (outcome.status === 'replayed') {
    return gameResult(ctx, replay(gameId, outcome.record.value), outcome.record.version, 'Already done: this requestId was applied before; showing its result.');
  }
  return gameResult(ctx, game, outcome.record.version, text);
}

async function loadGame(ctx: ChessContext, gameId: string): Promise<StoredRecord<StoredGame>> {
  const record = await ctx.store.get<StoredGame>(gameKey(gameId));
  if (!record) throw new ToolError(`No game ${gameId}. Start one with chess_new_game.`);
  return record;
}

/** Plays the computer's move when it is the computer's turn in an active game. */
function computerTurn(game: LiveGame): ChessMove | null {
  if (outcomeOf(game).status !== 'active') return null;
  if (game.record.players[game.chess.turn()] !== 'computer') return null;
  const move = chooseMove(game.chess.fen());
  return move ? applyMove(game, move.uci) : null;
}

function gameResult(ctx: ChessContext, game: LiveGame, version: number, text: string): CallToolResult {
  return ctx.result({
    text: `${text} (Game ${game.id}, version ${version}.)`,
    view: toView(game, version),
    viewId: game.id,
    meta: { [LEGAL_MOVES_META_KEY]: legalMoves(game) },
  });
}

function conflictError(gameId: string, expectedVersion: number, current: StoredRecord<StoredGame>): ToolError {
  const game = replay(gameId, current.value);
  return new ToolError(
    `Game ${gameId} changed meanwhile: it is at version ${current.version}, not ${expectedVersion}. ` +
      `Nothing was played; showing the current board. ${describe(game)}`,
    toView(game, current.version),
    { [CONFLICT_META_KEY]: true, ...viewMeta(game) },
  );
}

/** The widget-only `_meta` that goes with a game's view: its view id and the legal moves. */
function viewMeta(game: LiveGame): Record<string, unknown> {
  return { [VIEW_ID_META_KEY]: game.id, [LEGAL_MOVES_META_KEY]: legalMoves(game) };
}

function describe(game: LiveGame): string {
  return describeOutcome(outcomeOf(game), game.chess.turn(), game.record.players);
}

function newGameText(game: LiveGame, opening: ChessMove | null): string {
  const { players } = game.record;
  if (players.w === 'human' && players.b === 'human') {
    return `New game between two people; share the game id ${game.id} with the other player. ${describe(game)}`;
  }
  const human: Color = players.w === 'human' ? 'w' : 'b';
  return `New game against the computer: you play ${colorName(human)}${opening ? `; the computer has played ${opening.san}` : ''}. ${describe(game)}`;
}

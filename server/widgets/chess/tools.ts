/**
 * The chess tools: chess_new_game, chess_get_game, chess_make_move, chess_resign (each returns the
 * board's view contract, components/chess-board/view.ts, with the game id as `skylit/viewId` and
 * the legal moves in `_meta`), and the widget-only chess_get_pgn (the whole game as PGN).
 *
 * Writes are compare-and-set on the game record's version and idempotent by requestId, through
 * the store. A move against the computer and the computer's reply are one write: the version goes
 * up by one per successful call, never by one per ply, so the pair is applied (or retried) whole.
 * The computer's search runs on the EngineRunner the tools are made with, under its budget.
 */
import { z } from 'zod';
import { CHESS_TOOLS, type ChessMove, type Color, type Player } from '../../../components/chess-board/view.ts';
import { clip } from '../../text.ts';
import { ToolError } from '../../result.ts';
import { defineTool, type ToolDefinition } from '../../tools.ts';
import { describeBudgetStop, type EngineRunner } from './engine-runner.ts';
import { capitalize, colorName, describeGame, newGameId, opposite, STANDARD_FEN } from './game.ts';
import { gameResult, loadGame, versionedWrite, type ChessContext } from './game-store.ts';
import { readMove } from './notation.ts';
import { toPgn } from './pgn.ts';
import { boardAt, gameKey, newStoredGame, playMove, readStoredGame, refereeAt, resignGame, turnOf, type StoredGame } from './record.ts';
import { chessViewSchema, pgnViewSchema } from './schema.ts';
import { checkStartPosition } from './start-position.ts';

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

/**
 * Size guard of chess_get_pgn, in estimated tokens: room for the PGN of the longest game the
 * fifty-move rule allows (under 12,000 plies, about 110 KB). Widget-only: the model never reads it.
 */
export const MAX_PGN_TOKENS = 50_000;

/** The five chess tools, with the computer's moves searched by `engine`. */
export function createChessTools(engine: EngineRunner): ToolDefinition[] {
  /** Plays the computer's move when it is the computer's turn in an active game; null otherwise. */
  async function computerTurn(ctx: ChessContext, id: string, record: StoredGame, board = boardAt(record.fen)) {
    if (record.outcome.status !== 'active' || record.players[turnOf(record)] !== 'computer') return null;
    const reply = await engine.chooseMove(record.fen, ctx.signal);
    if (reply.stoppedBy) ctx.log.info(describeBudgetStop(reply, engine.budget, `game=${id}`));
    return reply.move ? playMove(record, reply.move.uci, board) : null;
  }

  const newGame = defineTool({
    name: CHESS_TOOLS.newGame,
    title: 'New chess game',
    description:
      'Starts a chess game and shows the board. Against the computer (default) or another person ' +
      '(both sides human: share the game id, the other player joins with chess_get_game and chess_make_move). ' +
      '`side` is the colour of the person starting (w, b or random; default w); when the computer has the ' +
      'first move it plays it at once. `fen` optionally starts from a position (one a game can reach). ' +
      '`requestId` makes a retry return the same game instead of starting a second one.',
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
        const checked = checkStartPosition(fen);
        if (!checked.ok) {
          throw new ToolError(
            checked.malformed
              ? `Bad FEN "${clip(fen.trim(), 120)}": ${checked.problem}. A FEN has six fields, e.g. "${STANDARD_FEN}".`
              : `No game reaches the position "${clip(fen.trim(), 120)}": ${checked.problem}. Give a position a game can reach.`,
          );
        }
        startFen = checked.fen;
      }
      const human: Color = side === 'random' ? (globalThis.crypto.getRandomValues(new Uint8Array(1))[0]! % 2 === 0 ? 'w' : 'b') : side;
      const players: Record<Color, Player> =
        opponent === 'computer' ? ({ [human]: 'human', [opposite(human)]: 'computer' } as Record<Color, Player>) : { w: 'human', b: 'human' };
      // With a requestId the id is derived from it and the request, so a retry addresses the same record.
      const requestKey = requestId === undefined ? undefined : JSON.stringify([requestId, side, opponent, startFen]);
      const again = 'This game was already started with this requestId.';

      for (let attempt = 0; attempt < 3; attempt++) {
        const id = newGameId(requestKey);
        if (requestKey) {
          const existing = await ctx.store.get<StoredGame>(gameKey(id));
          if (existing) return gameResult(ctx, { id, record: readStoredGame(existing.value), version: existing.version }, again);
        }
        const fresh = newStoredGame(players, startFen);
        const opening = await computerTurn(ctx, id, fresh);
        const record = opening?.record ?? fresh;
        const answer = gameResult(ctx, { id, record, version: 1 }, newGameText(id, record, opening?.move ?? null));
        ctx.signal.throwIfAborted();
        const outcome = await ctx.store.put<StoredGame>(gameKey(id), record, {
          expectedVersion: 0,
          ...(requestId ? { idempotencyKey: `chess:new:${requestId}` } : {}),
        });
        if (outcome.status === 'written') return answer;
        if (outcome.status === 'replayed') {
          return gameResult(ctx, { id, record: readStoredGame(outcome.record.value), version: outcome.record.version }, again);
        }
        // Same request, its idempotency record expired: the existing game is the one it made.
        if (requestKey && outcome.current) {
          return gameResult(ctx, { id, record: readStoredGame(outcome.current.value), version: outcome.current.version }, again);
        }
        // A random id that is taken: draw another.
      }
      throw new Error('could not find a free game id');
    },
  });

  const getGame = defineTool({
    name: CHESS_TOOLS.getGame,
    title: 'Show a chess game',
    description:
      'Shows the current board of a game (read-only): the position, the recent moves and how many were played, ' +
      'whose turn it is and how the game stands. Use it to show a game again, or to see the other player\'s move ' +
      'in a game between two people.',
    input: z.object({ gameId }),
    output: chessViewSchema,
    annotations: { readOnlyHint: true },
    invoking: 'Opening the board…',
    invoked: 'Board shown',
    async handler({ gameId }, ctx) {
      const game = await loadGame(ctx, gameId);
      const moves = game.record.plies;
      return gameResult(ctx, game, `${moves} move${moves === 1 ? '' : 's'} played. ${describeGame(game.record)}`);
    },
  });

  const makeMove = defineTool({
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
      return versionedWrite(ctx, gameId, expectedVersion, `chess:${gameId}:move:${requestId}`, async (record) => {
        const mover = turnOf(record);
        if (record.players[mover] === 'computer') {
          // Only reachable with a record written by something else: the computer always replies at once.
          throw new ToolError(`It is the computer's turn in game ${gameId}.`);
        }
        const board = boardAt(record.fen);
        let uci = board.moveNamed(move);
        if (uci === null) {
          // Not simply a legal move's UCI or SAN: read it the long way, which also says what is wrong.
          const reading = readMove(refereeAt(record.fen), move);
          if (!reading.ok) throw new ToolError(reading.message);
          uci = reading.uci;
        }
        const played = playMove(record, uci, board);
        const reply = await computerTurn(ctx, gameId, played.record, board);
        const after = reply?.record ?? played.record;
        const vsComputer = Object.values(record.players).includes('computer');
        const first = vsComputer ? `You played ${played.move.san}` : `${capitalize(colorName(mover))} played ${played.move.san}`;
        return { record: after, text: `${first}${reply ? `; the computer replied ${reply.move.san}` : ''}. ${describeGame(after)}` };
      });
    },
  });

  const resign = defineTool({
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
      return versionedWrite(ctx, gameId, expectedVersion, `chess:${gameId}:resign:${requestId}`, async (record) => {
        if (record.players[side] === 'computer') {
          throw new ToolError(
            `In game ${gameId} the computer plays ${colorName(side)}; only a person's side can resign (yours is ${colorName(opposite(side))}).`,
          );
        }
        const after = resignGame(record, side);
        return { record: after, text: describeGame(after) };
      });
    },
  });

  const getPgn = defineTool({
    name: CHESS_TOOLS.getPgn,
    title: 'Export a chess game as PGN',
    description: 'The whole game in PGN (tags, then every move), for export and the full move list. Widget-only.',
    input: z.object({ gameId }),
    output: pgnViewSchema,
    annotations: { readOnlyHint: true },
    visibility: 'widget',
    maxViewTokens: MAX_PGN_TOKENS,
    invoking: 'Writing the PGN…',
    invoked: 'PGN ready',
    async handler({ gameId }, ctx) {
      const { record } = await loadGame(ctx, gameId);
      return ctx.result({
        text: `PGN of game ${gameId}: ${record.plies} half-moves.`,
        view: { gameId, pgn: toPgn(gameId, record), moveCount: record.plies },
        viewId: gameId,
      });
    },
  });

  return [newGame, getGame, makeMove, resign, getPgn];
}

function newGameText(id: string, record: StoredGame, opening: ChessMove | null): string {
  const { players } = record;
  if (players.w === 'human' && players.b === 'human') {
    return `New game between two people; share the game id ${id} with the other player. ${describeGame(record)}`;
  }
  const human: Color = players.w === 'human' ? 'w' : 'b';
  return `New game against the computer: you play ${colorName(human)}${opening ? `; the computer has played ${opening.san}` : ''}. ${describeGame(record)}`;
}

/**
 * The zod form of the board's view contract (components/chess-board/view.ts): ChessView, the output
 * schema of every chess tool that shows the board, and PgnView, chess_get_pgn's. Compile-time
 * checks below keep each in step with its interface.
 */
import { z } from 'zod';
import type { ChessView, PgnView } from '../../../components/chess-board/view.ts';

const color = z.enum(['w', 'b']);
const player = z.enum(['human', 'computer']);

export const chessViewSchema = z.object({
  gameId: z.string(),
  fen: z.string(),
  turn: color,
  moves: z.array(z.string()),
  moveCount: z.number().int().min(0).optional(),
  lastMove: z
    .object({ from: z.string(), to: z.string(), san: z.string(), promotion: z.string().optional() })
    .nullable(),
  status: z.enum(['active', 'checkmate', 'stalemate', 'draw', 'resigned']),
  drawReason: z.enum(['threefold-repetition', 'insufficient-material', 'fifty-move-rule']).optional(),
  winner: color.optional(),
  check: z.boolean(),
  players: z.object({ w: player, b: player }),
  version: z.number().int().min(1),
  startFen: z.string().optional(),
});

/** ChessView as a plain object type (what ctx.result and ToolError take). */
export type ChessViewData = z.output<typeof chessViewSchema>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails to compile when the schema and the ChessView interface drift apart. */
export const VIEW_SCHEMA_MATCHES_CONTRACT: Same<z.output<typeof chessViewSchema>, ChessView> = true;

export const pgnViewSchema = z.object({
  gameId: z.string(),
  pgn: z.string(),
  moveCount: z.number().int().min(0),
});

/** Fails to compile when the PGN schema and the PgnView interface drift apart. */
export const PGN_SCHEMA_MATCHES_CONTRACT: Same<z.output<typeof pgnViewSchema>, PgnView> = true;

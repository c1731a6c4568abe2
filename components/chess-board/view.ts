/**
 * The view contract of <sky-chess-board>: the `structuredContent` every chess tool returns, and
 * the tool names and arguments the board calls. Any MCP server that returns this shape can drive
 * the board; Skylit's own chess tools live in server/widgets/chess/.
 */

export type Color = 'w' | 'b';
export type Player = 'human' | 'computer';
export type GameStatus = 'active' | 'checkmate' | 'stalemate' | 'draw' | 'resigned';
export type DrawReason = 'threefold-repetition' | 'insufficient-material' | 'fifty-move-rule';

export interface ChessMove {
  /** Square names, e.g. "e2", "e4". */
  from: string;
  to: string;
  /** Standard algebraic notation, e.g. "Nxe5+". */
  san: string;
  /** Promotion piece, lowercase ("q", "r", "b", "n"), when the move promotes. */
  promotion?: string;
}

/** What every chess tool returns as `structuredContent`. Small: well under 4k tokens. */
export interface ChessView {
  gameId: string;
  /** The position, Forsyth–Edwards Notation. */
  fen: string;
  /** Side to move. */
  turn: Color;
  /**
   * The most recent moves in SAN, oldest first: every move while the game has at most
   * {@link MAX_VIEW_MOVES} half-moves, else the last {@link MAX_VIEW_MOVES} (the view stays small
   * however long the game; the whole game is `get-pgn-tool`'s answer).
   */
  moves: string[];
  /** How many half-moves were played in all; `moves` holds the last of them. Absent: `moves.length`. */
  moveCount?: number;
  lastMove: ChessMove | null;
  status: GameStatus;
  /** Set when status is "draw". */
  drawReason?: DrawReason;
  /** Set when the game is over and not drawn. */
  winner?: Color;
  /** True when the side to move is in check. */
  check: boolean;
  /** Who plays each side. */
  players: Record<Color, Player>;
  /** The record's version: a write must name it (compare-and-set). */
  version: number;
  /** The position the game started from, when it is not the standard one (for PGN export). */
  startFen?: string;
}

/** The tools the board calls, with their default names (each overridable by attribute). */
export const CHESS_TOOLS = {
  newGame: 'chess_new_game',
  getGame: 'chess_get_game',
  makeMove: 'chess_make_move',
  resign: 'chess_resign',
  /** Widget-only read tool: the whole game as PGN (`PgnView`), for export and the full move list. */
  getPgn: 'chess_get_pgn',
} as const;

/** At most this many recent moves travel in a view (`ChessView.moves`). */
export const MAX_VIEW_MOVES = 40;

/** What `chess_get_pgn` returns as `structuredContent`. Not a board view: the board reads it, never renders it as one. */
export interface PgnView {
  gameId: string;
  /** The whole game in PGN (tags, then every move). */
  pgn: string;
  moveCount: number;
}

/** Arguments of `chess_new_game`. `side` is the side of the person starting the game. */
export interface NewGameArgs {
  side?: Color | 'random';
  opponent?: Player;
  /** Start from this position instead of the standard one (validated by the server). */
  fen?: string;
  /** Idempotency key: a retry with the same key returns the same game. */
  requestId?: string;
}

/** Arguments of `chess_make_move`. `move` is SAN ("Nf3", "exd8=N") or UCI ("g1f3", "e7d8n"). */
export interface MakeMoveArgs {
  gameId: string;
  move: string;
  expectedVersion: number;
  /** Idempotency key: the same key never applies a move twice. */
  requestId: string;
}

export interface ResignArgs {
  gameId: string;
  /** The side resigning. */
  side: Color;
  expectedVersion: number;
  requestId: string;
}

/** One legal move of the position on the board: UCI (`e7e8q`) and SAN (`e8=Q+`). */
export interface LegalMove {
  uci: string;
  san: string;
}

/**
 * `_meta` key (`skylit/legalMoves`) of every chess tool result that carries a view: the legal moves
 * of the view's position (empty once the game is over). Widget-only data: the model does not pay for
 * it. With it the board refuses an illegal move before sending it and needs no chess rules of its
 * own; a server that leaves it out still works (the board then sends every move and lets the server
 * refuse it).
 */
export const LEGAL_MOVES_META_KEY = 'skylit/legalMoves';

/**
 * When a write names an old version, the tool answers `isError` with this in `_meta`
 * (`skylit/conflict`) and the current game as `structuredContent`, so the board can show it.
 * (The bridge's generic marker, components/host/results.ts.)
 */
export { CONFLICT_META_KEY } from '../host/results.ts';

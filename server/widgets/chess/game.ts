/**
 * A chess game as the store keeps it, and the view the tools return. The record is small and
 * holds no derived state: the start position, who plays each side, the moves in UCI and a
 * resignation, if any. Replaying it through chess.js gives the position, SAN, and every rule that
 * needs the history (threefold repetition, the fifty-move rule).
 */
import { Chess, validateFen } from 'chess.js';
import type { ChessMove, Color, DrawReason, GameStatus, LegalMove, Player } from '../../../components/chess-board/view.ts';
import { sha256, toHex } from '../../hash.ts';
import type { ChessViewData } from './schema.ts';

/** The store record of a game (key `game:<id>`). */
export type StoredGame = {
  players: { w: Player; b: Player };
  /** The position the game started from (normalized by chess.js). */
  startFen: string;
  /** Every move since `startFen`, in UCI ("e2e4", "e7e8q"). */
  moves: string[];
  /** The side that resigned, if one did. */
  resigned: Color | null;
  createdAt: string;
};

export const STANDARD_FEN = new Chess().fen();

/** Store key of a game. */
export const gameKey = (id: string): string => `game:${id}`;

/** A game replayed: the chess.js board at the current position and what the view needs. */
export interface LiveGame {
  id: string;
  record: StoredGame;
  chess: Chess;
  san: string[];
  lastMove: ChessMove | null;
}

/** Replays a stored game through chess.js. */
export function replay(id: string, record: StoredGame): LiveGame {
  const chess = new Chess(record.startFen);
  const san: string[] = [];
  let lastMove: ChessMove | null = null;
  for (const uci of record.moves) {
    lastMove = playUci(chess, uci);
    san.push(lastMove.san);
  }
  return { id, record, chess, san, lastMove };
}

/** Plays a UCI move on the board (it must be legal) and returns it as the view's ChessMove. */
export function playUci(chess: Chess, uci: string): ChessMove {
  const move = chess.move({ from: uci.slice(0, 2), to: uci.slice(2, 4), promotion: uci[4] });
  return { from: move.from, to: move.to, san: move.san, ...(move.promotion ? { promotion: move.promotion } : {}) };
}

/** Adds a move to a live game (record, board, SAN and last move together). */
export function applyMove(game: LiveGame, uci: string): ChessMove {
  const move = playUci(game.chess, uci);
  game.record = { ...game.record, moves: [...game.record.moves, uci] };
  game.san.push(move.san);
  game.lastMove = move;
  return move;
}

export interface Outcome {
  status: GameStatus;
  drawReason?: DrawReason;
  winner?: Color;
}

/** How the game stands: active, or how it ended. Resignation first, then the board's rules. */
export function outcomeOf(game: LiveGame): Outcome {
  const { chess, record } = game;
  if (record.resigned) return { status: 'resigned', winner: opposite(record.resigned) };
  if (chess.isCheckmate()) return { status: 'checkmate', winner: opposite(chess.turn()) };
  if (chess.isStalemate()) return { status: 'stalemate' };
  if (chess.isInsufficientMaterial()) return { status: 'draw', drawReason: 'insufficient-material' };
  if (chess.isThreefoldRepetition()) return { status: 'draw', drawReason: 'threefold-repetition' };
  if (chess.isDrawByFiftyMoves()) return { status: 'draw', drawReason: 'fifty-move-rule' };
  return { status: 'active' };
}

/** The `structuredContent` of every chess tool (ChessView of the board's contract). */
export function toView(game: LiveGame, version: number): ChessViewData {
  return {
    gameId: game.id,
    fen: game.chess.fen(),
    turn: game.chess.turn(),
    moves: [...game.san],
    moveCount: game.san.length,
    lastMove: game.lastMove,
    ...outcomeOf(game),
    check: game.chess.inCheck(),
    players: { ...game.record.players },
    version,
    ...(game.record.startFen === STANDARD_FEN ? {} : { startFen: game.record.startFen }),
  };
}

/** The legal moves of the game's position (none once it is over), for the board's `_meta`. */
export function legalMoves(game: LiveGame): LegalMove[] {
  if (outcomeOf(game).status !== 'active') return [];
  return game.chess.moves({ verbose: true }).map((move) => ({ uci: move.lan, san: move.san }));
}

/** One sentence on how the game stands, for the model. */
export function describeOutcome(outcome: Outcome, turn: Color, players: StoredGame['players']): string {
  const who = (color: Color) => `${colorName(color)}${players[color] === 'computer' ? ' (the computer)' : ''}`;
  switch (outcome.status) {
    case 'checkmate':
      return `Checkmate: ${who(outcome.winner!)} wins.`;
    case 'resigned':
      return `${capitalize(who(opposite(outcome.winner!)))} resigned: ${who(outcome.winner!)} wins.`;
    case 'stalemate':
      return 'Stalemate: the game is drawn.';
    case 'draw':
      return `Draw by ${outcome.drawReason!.replaceAll('-', ' ')}.`;
    default:
      return `${capitalize(who(turn))} to move.`;
  }
}

/**
 * Checks a FEN from a caller and returns chess.js's normal form of it, or a sentence saying what
 * is wrong. A FEN of four fields gets the counters "0 1". Beyond chess.js's checks it refuses a
 * position where the side that just moved is still in check, and drops castling rights that the
 * pieces on the board cannot have.
 */
export function normalizeFen(input: string): { fen: string } | { error: string } {
  let fen = input.trim().replace(/\s+/g, ' ');
  if (fen.split(' ').length === 4) fen += ' 0 1';
  const checked = validateFen(fen);
  if (!checked.ok) return { error: (checked.error ?? 'Invalid FEN').replace(/^Invalid FEN: /, '') };
  const chess = new Chess(fen);
  // chess.js keeps castling rights whose king or rook is not at home; drop them.
  for (const color of ['w', 'b'] as const) {
    const rank = color === 'w' ? '1' : '8';
    const at = (square: string, type: 'k' | 'r') => {
      const piece = chess.get(square as Parameters<Chess['get']>[0]);
      return piece?.type === type && piece.color === color;
    };
    const home = at(`e${rank}`, 'k');
    const rights: { k?: boolean; q?: boolean } = {};
    if (!home || !at(`h${rank}`, 'r')) rights.k = false;
    if (!home || !at(`a${rank}`, 'r')) rights.q = false;
    chess.setCastlingRights(color, rights);
  }
  const waiting = opposite(chess.turn());
  const king = chess.findPiece({ type: 'k', color: waiting })[0];
  if (king && chess.isAttacked(king, chess.turn())) {
    return { error: `${colorName(waiting)} is in check but it is ${colorName(chess.turn())}'s turn (no legal game reaches this)` };
  }
  return { fen: chess.fen() };
}

/** A new game id: random, or derived from an idempotency key and the request, so a retry names the same game. */
export function newGameId(requestKey?: string): string {
  if (requestKey === undefined) return toHex(globalThis.crypto.getRandomValues(new Uint8Array(8)));
  return toHex(sha256(`chess-new-game\0${requestKey}`)).slice(0, 16);
}

export const opposite = (color: Color): Color => (color === 'w' ? 'b' : 'w');
export const colorName = (color: Color): string => (color === 'w' ? 'white' : 'black');
export const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

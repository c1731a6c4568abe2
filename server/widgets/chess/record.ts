/**
 * A chess game as the store keeps it. The record holds what a read needs — the position, how the
 * game stands, the last move, the SAN list, the legal moves — so showing a game replays nothing,
 * whatever its length. A move loads one board from the record's FEN, plays the move on it and
 * appends to the lists; the rules that need the history get it from the record too (the position
 * keys since the last capture or pawn move, for threefold repetition; the FEN's half-move clock,
 * for the fifty-move rule).
 *
 * Records written before this shape (`{ players, startFen, moves, resigned, createdAt }`, no
 * `format`) migrate on read: replayed once into this shape in memory, and stored in it by the
 * game's next write. Invariant, checked by the tests: replaying `moves` from `startFen` through
 * chess.js gives every derived field.
 */
import { Chess } from 'chess.js';
import type { ChessMove, Color, DrawReason, GameStatus, Player } from '../../../components/chess-board/view.ts';
import { base64url, sha256 } from '../../hash.ts';

/** How a game stands: active, or how it ended. */
export type Outcome = {
  status: GameStatus;
  drawReason?: DrawReason;
  winner?: Color;
};

/** A ChessMove as a JSON type (the store takes JSON values). */
export type StoredMove = { from: string; to: string; san: string; promotion?: string };
/** A LegalMove as a JSON type. */
export type StoredLegalMove = { uci: string; san: string };

/** The store record of a game (key `game:<id>`), current shape. */
export type StoredGame = {
  format: 2;
  players: { w: Player; b: Player };
  /** The position the game started from (normalized by start-position.ts). */
  startFen: string;
  /** Every move since `startFen`, in UCI ("e2e4", "e7e8q"). Append-only. */
  moves: string[];
  /** The same moves in SAN. Append-only. */
  san: string[];
  /** The side that resigned, if one did. */
  resigned: Color | null;
  createdAt: string;
  /** The position now. */
  fen: string;
  lastMove: StoredMove | null;
  /** True when the side to move is in check. */
  check: boolean;
  outcome: Outcome;
  /** Legal moves of `fen`; none once the game is over. */
  legalMoves: StoredLegalMove[];
  /** Keys of the positions since the last capture or pawn move, the current one last (threefold repetition). */
  positions: string[];
};

/** A record as games were stored before `format` 2. */
export type LegacyStoredGame = {
  players: { w: Player; b: Player };
  startFen: string;
  moves: string[];
  resigned: Color | null;
  createdAt: string;
};

/** Store key of a game. */
export const gameKey = (id: string): string => `game:${id}`;

/** How much chess work the records have done in this process (tests assert on it, not on time). */
export interface ChessWork {
  /** Boards built from a FEN. */
  boardsBuilt: number;
  /** Moves replayed to rebuild a record from its move list (migration, storedGameFromMoves). */
  pliesReplayed: number;
}
const work: ChessWork = { boardsBuilt: 0, pliesReplayed: 0 };

/** A snapshot of the work counters. */
export function chessWork(): ChessWork {
  return { ...work };
}

/** A chess.js board at `fen` (the FEN must be valid). */
export function boardAt(fen: string): Chess {
  work.boardsBuilt += 1;
  return new Chess(fen);
}

/** The record of a game that has not started yet. */
export function newStoredGame(players: StoredGame['players'], startFen: string, createdAt = new Date().toISOString()): StoredGame {
  const board = boardAt(startFen);
  const positions = [positionKey(board)];
  const outcome = boardOutcome(board, positions);
  return {
    format: 2,
    players,
    startFen,
    moves: [],
    san: [],
    resigned: null,
    createdAt,
    fen: board.fen(),
    lastMove: null,
    check: board.inCheck(),
    outcome,
    legalMoves: legalMovesOf(board, outcome),
    positions,
  };
}

/**
 * Plays a legal UCI move. `board` must stand at `record.fen` (one is built when not given); it is
 * left at the new position, so the caller can play on. Returns the new record and the move.
 */
export function playMove(record: StoredGame, uci: string, board: Chess = boardAt(record.fen)): { record: StoredGame; move: ChessMove } {
  const played = board.move({ from: uci.slice(0, 2), to: uci.slice(2, 4), promotion: uci[4] });
  const move: ChessMove = { from: played.from, to: played.to, san: played.san, ...(played.promotion ? { promotion: played.promotion } : {}) };
  const irreversible = played.piece === 'p' || played.isCapture();
  const positions = irreversible ? [positionKey(board)] : [...record.positions, positionKey(board)];
  const outcome = boardOutcome(board, positions);
  return {
    move,
    record: {
      ...record,
      moves: [...record.moves, played.lan],
      san: [...record.san, played.san],
      fen: board.fen(),
      lastMove: move,
      check: board.inCheck(),
      outcome,
      legalMoves: legalMovesOf(board, outcome),
      positions,
    },
  };
}

/** The record after `side` resigned. */
export function resignGame(record: StoredGame, side: Color): StoredGame {
  return { ...record, resigned: side, outcome: { status: 'resigned', winner: side === 'w' ? 'b' : 'w' }, legalMoves: [] };
}

/**
 * Builds a record by replaying `moves` (UCI, legal) from `startFen` on one board: migration and
 * fixtures. The rules are applied once, to the final position; the moves only build the lists.
 */
export function storedGameFromMoves(
  players: StoredGame['players'],
  startFen: string,
  moves: readonly string[],
  extra: { resigned?: Color | null; createdAt?: string } = {},
): StoredGame {
  const board = boardAt(startFen);
  const san: string[] = [];
  let positions = [positionKey(board)];
  let lastMove: StoredMove | null = null;
  for (const uci of moves) {
    work.pliesReplayed += 1;
    const played = board.move({ from: uci.slice(0, 2), to: uci.slice(2, 4), promotion: uci[4] });
    san.push(played.san);
    lastMove = { from: played.from, to: played.to, san: played.san, ...(played.promotion ? { promotion: played.promotion } : {}) };
    if (played.piece === 'p' || played.isCapture()) positions = [];
    positions.push(positionKey(board));
  }
  const outcome = boardOutcome(board, positions);
  const record: StoredGame = {
    format: 2,
    players,
    startFen,
    moves: [...moves],
    san,
    resigned: null,
    createdAt: extra.createdAt ?? new Date().toISOString(),
    fen: board.fen(),
    lastMove,
    check: board.inCheck(),
    outcome,
    legalMoves: legalMovesOf(board, outcome),
    positions,
  };
  return extra.resigned ? resignGame(record, extra.resigned) : record;
}

/** The record in the current shape: itself, or an older record replayed once into it. */
export function readStoredGame(value: StoredGame | LegacyStoredGame): StoredGame {
  if ('format' in value && value.format === 2) return value;
  const legacy = value as LegacyStoredGame;
  return storedGameFromMoves(legacy.players, legacy.startFen, legacy.moves, { resigned: legacy.resigned, createdAt: legacy.createdAt });
}

/** The side to move in a record. */
export const turnOf = (record: StoredGame): Color => (record.fen.split(' ')[1] === 'b' ? 'b' : 'w');

/**
 * How the board stands. Checkmate first, then stalemate, a dead position, threefold repetition and
 * the fifty-move rule (the order chess.js's own checks give, which the tests replay against).
 */
function boardOutcome(board: Chess, positions: readonly string[]): Outcome {
  if (board.isCheckmate()) return { status: 'checkmate', winner: board.turn() === 'w' ? 'b' : 'w' };
  if (board.isStalemate()) return { status: 'stalemate' };
  if (board.isInsufficientMaterial()) return { status: 'draw', drawReason: 'insufficient-material' };
  const current = positions.at(-1);
  if (positions.filter((key) => key === current).length >= 3) return { status: 'draw', drawReason: 'threefold-repetition' };
  if (board.isDrawByFiftyMoves()) return { status: 'draw', drawReason: 'fifty-move-rule' };
  return { status: 'active' };
}

function legalMovesOf(board: Chess, outcome: Outcome): StoredLegalMove[] {
  if (outcome.status !== 'active') return [];
  return board.moves({ verbose: true }).map((move) => ({ uci: move.lan, san: move.san }));
}

/**
 * The position as repetition sees it — placement, side, castling rights and the en-passant square
 * chess.js keeps (set after a double push beside an enemy pawn) — hashed to 12 characters.
 */
function positionKey(board: Chess): string {
  const [placement, side, castling, ep] = board.fen({ forceEnpassantSquare: true }).split(' ');
  return base64url(sha256(`${placement} ${side} ${castling} ${ep}`)).slice(0, 12);
}

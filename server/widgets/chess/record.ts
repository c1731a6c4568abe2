/**
 * A chess game as the store keeps it. The record holds what a read needs — the position, how the
 * game stands, the last move, the moves, the legal moves — so showing a game replays nothing,
 * whatever its length. A move loads one board from the record's FEN (game-board.ts, the engine's
 * fast board), plays the move on it and appends to the move lists; the rules that need the history
 * get it from the record too (the position keys since the last capture or pawn move, for threefold
 * repetition; the FEN's half-move clock, for the fifty-move rule).
 *
 * Records written before this shape (`{ players, startFen, moves, resigned, createdAt }`, no
 * `format`) migrate on read: replayed once into this shape in memory, and stored in it by the
 * game's next write. Invariant, checked by the tests: replaying `moves` from `startFen` through
 * chess.js gives every derived field.
 */
import { Chess } from 'chess.js';
import type { ChessMove, Color, DrawReason, GameStatus, Player } from '../../../components/chess-board/view.ts';
import { base64url, sha256 } from '../../hash.ts';
import { GameBoard } from './game-board.ts';

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
  /**
   * Every move since `startFen` in UCI, separated by single spaces ("e2e4 e7e5 g1f3"), appended to.
   * One string, not a list: reading the record parses one string however long the game.
   */
  moves: string;
  /** The same moves in SAN, separated by single spaces ("e4 e5 Nf3"). */
  san: string;
  /** How many moves `moves` holds. */
  plies: number;
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

/** A board at `fen` (the FEN must be valid). */
export function boardAt(fen: string): GameBoard {
  work.boardsBuilt += 1;
  return GameBoard.fromFen(fen);
}

/** A chess.js board at `fen`, for reading a typed move that is not simply a legal move's UCI or SAN. */
export function refereeAt(fen: string): Chess {
  work.boardsBuilt += 1;
  return new Chess(fen);
}

/** The record of a game that has not started yet. */
export function newStoredGame(players: StoredGame['players'], startFen: string, createdAt = new Date().toISOString()): StoredGame {
  const board = boardAt(startFen);
  const positions = [positionKey(board)];
  return {
    format: 2,
    players,
    startFen,
    moves: '',
    san: '',
    plies: 0,
    resigned: null,
    createdAt,
    fen: board.fen(),
    lastMove: null,
    check: board.inCheck(),
    ...positionState(board, positions),
    positions,
  };
}

/**
 * Plays a legal UCI move. `board` must stand at `record.fen` (one is built when not given); it is
 * left at the new position, so the caller can play on. Returns the new record and the move.
 */
export function playMove(record: StoredGame, uci: string, board: GameBoard = boardAt(record.fen)): { record: StoredGame; move: ChessMove } {
  const { irreversible, ...move } = board.play(uci);
  const positions = irreversible ? [positionKey(board)] : [...record.positions, positionKey(board)];
  return {
    move,
    record: {
      ...record,
      moves: appendWord(record.moves, uci),
      san: appendWord(record.san, move.san),
      plies: record.plies + 1,
      fen: board.fen(),
      lastMove: move,
      check: board.inCheck(),
      ...positionState(board, positions),
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
    const { irreversible, ...played } = board.play(uci);
    san.push(played.san);
    lastMove = played;
    if (irreversible) positions = [];
    positions.push(positionKey(board));
  }
  const record: StoredGame = {
    format: 2,
    players,
    startFen,
    moves: moves.join(' '),
    san: san.join(' '),
    plies: moves.length,
    resigned: null,
    createdAt: extra.createdAt ?? new Date().toISOString(),
    fen: board.fen(),
    lastMove,
    check: board.inCheck(),
    ...positionState(board, positions),
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

/** The moves of a record in UCI, as a list (this splits the whole history: for export and tests, not reads). */
export const uciMoves = (record: StoredGame): string[] => words(record.moves);

/** The moves of a record in SAN, as a list (the whole history). */
export const sanMoves = (record: StoredGame): string[] => words(record.san);

/** The last `count` SAN moves of a record, oldest first; reads only the end of the history. */
export function recentSan(record: StoredGame, count: number): string[] {
  let start = record.san.length;
  for (let found = 0; found < count && start > 0; found++) start = record.san.lastIndexOf(' ', start - 1);
  return words(record.san.slice(start < 0 ? 0 : start));
}

const words = (text: string): string[] => text.split(' ').filter(Boolean);
const appendWord = (text: string, word: string): string => (text ? `${text} ${word}` : word);

/** The side to move in a record. */
export const turnOf = (record: StoredGame): Color => (record.fen.split(' ')[1] === 'b' ? 'b' : 'w');

/**
 * How the board stands, and its legal moves (none once the game is over). Checkmate first, then
 * stalemate, a dead position, threefold repetition and the fifty-move rule — the order of
 * chess.js's own checks, which the tests replay against.
 */
function positionState(board: GameBoard, positions: readonly string[]): { outcome: Outcome; legalMoves: StoredLegalMove[] } {
  const legal = board.legalMoves();
  const over = (outcome: Outcome) => ({ outcome, legalMoves: [] });
  if (legal.length === 0) return over(board.inCheck() ? { status: 'checkmate', winner: board.turn === 'w' ? 'b' : 'w' } : { status: 'stalemate' });
  if (board.insufficientMaterial()) return over({ status: 'draw', drawReason: 'insufficient-material' });
  const current = positions.at(-1);
  if (positions.filter((key) => key === current).length >= 3) return over({ status: 'draw', drawReason: 'threefold-repetition' });
  if (board.halfMoves >= 100) return over({ status: 'draw', drawReason: 'fifty-move-rule' });
  return { outcome: { status: 'active' }, legalMoves: legal };
}

/** The board's repetition key, hashed to 12 characters. */
function positionKey(board: GameBoard): string {
  return base64url(sha256(board.repetitionKey())).slice(0, 12);
}

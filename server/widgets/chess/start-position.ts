/**
 * Start positions from callers: a FEN is read, normalized and checked for reachability before any
 * game starts from it. A refusal lists every problem found, in words.
 *
 * Checked, beyond chess.js's format checks (six fields, one king each, no pawn on the first or
 * last rank, an en-passant rank that fits the side to move):
 * - at most 8 pawns and 16 pieces per side;
 * - promotions: queens beyond one, rooks and knights beyond two, bishops beyond one per square
 *   colour can only be promoted pawns, and each needs a pawn that is gone;
 * - captures: pawns that stand off their own files got there by capturing, and the other side must
 *   have lost at least that many pieces;
 * - the side that just moved is not in check; the side to move is checked by at most two pieces,
 *   and two only when one of them is a line piece (a double check is always a discovered one);
 * - an en-passant square needs the pawn that just made the double step, and the two squares it
 *   crossed empty, and a half-move clock of 0;
 * - the half-move clock is at most 100 (the game is drawn there) and no more than the plies the
 *   move number allows; the move number is below 6,000 (the fifty-move rule ends every game sooner).
 * Castling rights whose king or rook is not at home are dropped (no game has them; the rest of the
 * position is kept), as is an en-passant square no pawn can take on (chess.js's normal form), and a
 * FEN of four fields gets the counters "0 1".
 */
import { Chess, validateFen } from 'chess.js';
import { colorName } from './game.ts';

export type StartPositionCheck =
  /** The normalized FEN. */
  | { ok: true; fen: string }
  /** `malformed`: not a FEN at all; else a FEN of a position no game reaches. `problem`: every reason, in words. */
  | { ok: false; malformed: boolean; problem: string };

/** The highest half-move clock a game can show: at 100 it is drawn by the fifty-move rule. */
export const MAX_HALF_MOVE_CLOCK = 100;
/** Move numbers stop below this in any game the fifty-move rule governs. */
export const MAX_MOVE_NUMBER = 6_000;

/** Checks a caller's FEN; returns its normal form or what is wrong with it. */
export function checkStartPosition(input: string): StartPositionCheck {
  let fen = input.trim().replace(/\s+/g, ' ');
  if (fen.split(' ').length === 4) fen += ' 0 1';
  const format = validateFen(fen);
  if (!format.ok) return { ok: false, malformed: true, problem: (format.error ?? 'Invalid FEN').replace(/^Invalid FEN: /, '') };

  const [placement, side, castling, ep, half, full] = fen.split(' ') as [string, 'w' | 'b', string, string, string, string];
  const board = readPlacement(placement);
  const problems = [
    ...(['w', 'b'] as const).flatMap((color) => materialProblems(board, color)),
    ...checkProblems(board, side),
    ...enPassantProblems(board, side, ep, Number(half)),
    ...clockProblems(side, Number(half), Number(full)),
  ];
  if (problems.length) return { ok: false, malformed: false, problem: problems.join('; ') };
  // chess.js's form: the en-passant square only when the capture is possible.
  return { ok: true, fen: new Chess([placement, side, possibleCastling(board, castling), ep, half, full].join(' ')).fen() };
}

/** board[rank][file], rank 0 = rank 1; pieces as FEN letters, '' for empty. */
type Board = string[][];

function readPlacement(placement: string): Board {
  return placement
    .split('/')
    .reverse()
    .map((row) => [...row.replace(/\d/g, (n) => '.'.repeat(Number(n)))].map((c) => (c === '.' ? '' : c)));
}

const square = (file: number, rank: number) => `${String.fromCharCode(97 + file)}${rank + 1}`;
const isColor = (piece: string, color: 'w' | 'b') => piece !== '' && (piece === piece.toUpperCase()) === (color === 'w');
const letter = (type: string, color: 'w' | 'b') => (color === 'w' ? type.toUpperCase() : type);

function countOf(board: Board, color: 'w' | 'b', type: string, where: (file: number, rank: number) => boolean = () => true): number {
  let n = 0;
  board.forEach((row, rank) => row.forEach((p, file) => (n += p === letter(type, color) && where(file, rank) ? 1 : 0)));
  return n;
}

function materialProblems(board: Board, color: 'w' | 'b'): string[] {
  const name = colorName(color);
  const problems: string[] = [];
  const pawns = countOf(board, color, 'p');
  const pieces = board.flat().filter((p) => isColor(p, color)).length;
  if (pawns > 8) problems.push(`${name} has ${pawns} pawns (at most 8)`);
  if (pieces > 16) problems.push(`${name} has ${pieces} pieces (at most 16)`);
  const extra: [number, string][] = [
    [countOf(board, color, 'q') - 1, 'queen'],
    [countOf(board, color, 'r') - 2, 'rook'],
    [countOf(board, color, 'n') - 2, 'knight'],
    [countOf(board, color, 'b', (f, r) => (f + r) % 2 === 1) - 1, 'light-squared bishop'],
    [countOf(board, color, 'b', (f, r) => (f + r) % 2 === 0) - 1, 'dark-squared bishop'],
  ];
  const promoted = extra.filter(([n]) => n > 0);
  const needed = promoted.reduce((sum, [n]) => sum + n, 0);
  if (pawns <= 8 && needed > 8 - pawns) {
    const what = promoted.map(([n, type]) => `${n} extra ${type}${n > 1 ? 's' : ''}`).join(', ');
    problems.push(`${name} has ${what}: ${needed} promoted pawns, but with ${pawns} pawn${pawns === 1 ? '' : 's'} on the board at most ${8 - pawns} can have promoted`);
  }
  const captures = pawnCapturesNeeded(board, color);
  const lost = 16 - board.flat().filter((p) => isColor(p, color === 'w' ? 'b' : 'w')).length;
  if (pawns <= 8 && captures > lost) {
    problems.push(
      `${name}'s pawns stand on files that take at least ${captures} capture${captures === 1 ? '' : 's'} to reach, ` +
        `but ${colorName(color === 'w' ? 'b' : 'w')} has lost only ${lost} piece${lost === 1 ? '' : 's'}`,
    );
  }
  return problems;
}

/**
 * The fewest captures that put `color`'s pawns on their files: each pawn started on its own file
 * and changes file only by capturing. A min-cost matching of the pawns' files (sorted) to distinct
 * starting files.
 */
function pawnCapturesNeeded(board: Board, color: 'w' | 'b'): number {
  const files: number[] = [];
  board.forEach((row) => row.forEach((p, file) => p === letter('p', color) && files.push(file)));
  files.sort((a, b) => a - b);
  if (files.length > 8) return 0;
  // best[i][j]: the first i pawns matched to starting files among the first j.
  const best = Array.from({ length: files.length + 1 }, () => new Array<number>(9).fill(Infinity));
  best[0]!.fill(0);
  for (let i = 1; i <= files.length; i++) {
    for (let j = i; j <= 8; j++) {
      best[i]![j] = Math.min(best[i]![j - 1]!, best[i - 1]![j - 1]! + Math.abs(files[i - 1]! - (j - 1)));
    }
  }
  return best[files.length]![8]!;
}

/** Every piece of `by` that attacks (file, rank). */
function attackers(board: Board, file: number, rank: number, by: 'w' | 'b'): { piece: string; at: string }[] {
  const found: { piece: string; at: string }[] = [];
  const at = (f: number, r: number) => (f >= 0 && f < 8 && r >= 0 && r < 8 ? board[r]![f]! : undefined);
  const add = (f: number, r: number, types: string) => {
    const p = at(f, r);
    if (p && isColor(p, by) && types.includes(p.toLowerCase())) found.push({ piece: p.toLowerCase(), at: square(f, r) });
  };
  const pawnRank = by === 'w' ? rank - 1 : rank + 1;
  add(file - 1, pawnRank, 'p');
  add(file + 1, pawnRank, 'p');
  for (const [df, dr] of [[1, 2], [2, 1], [2, -1], [1, -2], [-1, -2], [-2, -1], [-2, 1], [-1, 2]] as const) add(file + df, rank + dr, 'n');
  for (const [df, dr] of [[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [1, -1], [-1, 1], [-1, -1]] as const) {
    add(file + df, rank + dr, 'k');
    const line = df === 0 || dr === 0 ? 'rq' : 'bq';
    for (let f = file + df, r = rank + dr; at(f, r) !== undefined; f += df, r += dr) {
      if (at(f, r) === '') continue;
      add(f, r, line);
      break;
    }
  }
  return found;
}

function kingOf(board: Board, color: 'w' | 'b'): [number, number] {
  for (let rank = 0; rank < 8; rank++) {
    const file = board[rank]!.indexOf(letter('k', color));
    if (file >= 0) return [file, rank];
  }
  throw new Error('validateFen guarantees a king of each colour');
}

const PIECE_NAMES: Record<string, string> = { p: 'pawn', n: 'knight', b: 'bishop', r: 'rook', q: 'queen', k: 'king' };

function checkProblems(board: Board, side: 'w' | 'b'): string[] {
  const waiting = side === 'w' ? 'b' : 'w';
  const problems: string[] = [];
  if (attackers(board, ...kingOf(board, waiting), side).length > 0) {
    problems.push(`${colorName(waiting)} is in check but it is ${colorName(side)}'s turn (no legal game reaches this)`);
  }
  const checkers = attackers(board, ...kingOf(board, side), waiting);
  const list = checkers.map((c) => `${PIECE_NAMES[c.piece]} on ${c.at}`).join(', ');
  if (checkers.length > 2) {
    problems.push(`${colorName(side)}'s king is in check from ${checkers.length} pieces (${list}); one move gives at most a double check`);
  } else if (checkers.length === 2 && checkers.every((c) => c.piece === 'p' || c.piece === 'n')) {
    problems.push(`${colorName(side)}'s king is in double check from ${list}; a double check needs a bishop, rook or queen whose line a move opened`);
  }
  return problems;
}

function enPassantProblems(board: Board, side: 'w' | 'b', ep: string, halfMoves: number): string[] {
  if (ep === '-') return [];
  const mover = side === 'w' ? 'b' : 'w';
  const file = ep.charCodeAt(0) - 97;
  const rank = Number(ep[1]) - 1;
  const step = mover === 'w' ? 1 : -1;
  const [from, landed] = [rank - step, rank + step];
  const what = `the en-passant square ${ep} says ${colorName(mover)} just played ${square(file, from)}-${square(file, landed)}`;
  const problems: string[] = [];
  if (board[landed]![file] !== letter('p', mover)) problems.push(`${what}, but no ${colorName(mover)} pawn stands on ${square(file, landed)}`);
  for (const r of [rank, from]) if (board[r]![file] !== '') problems.push(`${what}, but ${square(file, r)} is not empty`);
  if (halfMoves !== 0) problems.push(`${what}, a pawn move, so the half-move clock must be 0 (not ${halfMoves})`);
  return problems;
}

function clockProblems(side: 'w' | 'b', halfMoves: number, moveNumber: number): string[] {
  const problems: string[] = [];
  const plies = 2 * (moveNumber - 1) + (side === 'b' ? 1 : 0);
  if (halfMoves > MAX_HALF_MOVE_CLOCK) {
    problems.push(`the half-move clock is ${halfMoves}, but it runs from 0 to ${MAX_HALF_MOVE_CLOCK} (at ${MAX_HALF_MOVE_CLOCK} the game is drawn by the fifty-move rule)`);
  } else if (halfMoves > plies) {
    problems.push(`the half-move clock is ${halfMoves}, but at move ${moveNumber} with ${colorName(side)} to move only ${plies} half-moves have been played`);
  }
  if (moveNumber >= MAX_MOVE_NUMBER) problems.push(`the move number is ${moveNumber}; the fifty-move rule ends every game before move ${MAX_MOVE_NUMBER}`);
  return problems;
}

/** The castling field without the rights whose king or rook is not at home. */
function possibleCastling(board: Board, castling: string): string {
  const kept = [...castling].filter((right) => {
    const color = right === right.toUpperCase() ? 'w' : 'b';
    const rank = color === 'w' ? 0 : 7;
    const rookFile = right.toLowerCase() === 'k' ? 7 : 0;
    return board[rank]![4] === letter('k', color) && board[rank]![rookFile] === letter('r', color);
  });
  return kept.join('') || '-';
}

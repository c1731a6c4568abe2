import { START_FEN } from './position.ts';
import type { ChessView, Color } from './view.ts';

/** How many half-moves the game has had (a view may carry only the last of them). */
export function halfMoves(view: ChessView): number {
  return view.moveCount ?? view.moves.length;
}

export function other(color: Color): Color {
  return color === 'w' ? 'b' : 'w';
}

/** One numbered line of the move list: "12." with white's and black's move ("…" for a side not shown). */
export interface MoveRow {
  number: number;
  white: string;
  black: string;
}

/**
 * The view's moves as numbered rows, numbered from the start position (its side to move and move
 * number) and from how many moves came before the ones the view carries.
 */
export function moveRows(view: ChessView): MoveRow[] {
  const [, turn = 'w', , , , fullmove = '1'] = (view.startFen ?? START_FEN).split(' ');
  const skipped = halfMoves(view) - view.moves.length;
  const rows: MoveRow[] = [];
  view.moves.forEach((san, i) => {
    // Half-moves from the start: 0 is the start position's side to move.
    const ply = skipped + i + (turn === 'b' ? 1 : 0);
    const number = Number(fullmove) + Math.floor(ply / 2);
    if (ply % 2 === 0 || rows.length === 0) rows.push({ number, white: ply % 2 === 0 ? san : '…', black: '' });
    if (ply % 2 === 1) rows.at(-1)!.black = san;
  });
  return rows;
}

/** The game as PGN, when the view holds every move of it (a game played on the page; else null). */
export function pgnOf(view: ChessView): string | null {
  if (halfMoves(view) !== view.moves.length) return null;
  const result = view.winner ? (view.winner === 'w' ? '1-0' : '0-1') : view.status === 'active' ? '*' : '1/2-1/2';
  const tags: [string, string][] = [
    ['Event', 'Skylit game'],
    ['White', view.players.w === 'computer' ? 'Computer' : 'Player'],
    ['Black', view.players.b === 'computer' ? 'Computer' : 'Player'],
    ['Result', result],
  ];
  if (view.startFen && view.startFen !== START_FEN) tags.push(['SetUp', '1'], ['FEN', view.startFen]);
  const text = moveRows(view)
    .map((row) => (row.white === '…' ? `${row.number}... ${row.black}` : `${row.number}. ${row.white}${row.black ? ` ${row.black}` : ''}`))
    .join(' ');
  return `${tags.map(([name, value]) => `[${name} "${value}"]`).join('\n')}\n\n${text ? `${text} ` : ''}${result}`;
}

import type { Move } from 'chess.js';
import { PIECE_NAMES, type PieceType } from './pieces.ts';
import type { ChessView, Color } from './view.ts';

/** Words for the live region and labels; one place, so a translation is one file. */
export const COLOR_NAMES: Record<Color, string> = { w: 'White', b: 'Black' };

/** Says a move in words: "Black knight takes e5, check", "White castles kingside". */
export function describeMove(move: Move, position: { isCheckmate(): boolean; isCheck(): boolean }): string {
  const side = COLOR_NAMES[move.color];
  let words: string;
  if (move.isKingsideCastle()) words = `${side} castles kingside`;
  else if (move.isQueensideCastle()) words = `${side} castles queenside`;
  else {
    const piece = PIECE_NAMES[move.piece as PieceType];
    words = `${side} ${piece} ${move.captured ? 'takes' : 'to'} ${move.to}`;
    if (move.isEnPassant()) words += ' en passant';
    if (move.promotion) words += `, promotes to ${PIECE_NAMES[move.promotion as PieceType]}`;
  }
  if (position.isCheckmate()) words += ', checkmate';
  else if (position.isCheck()) words += ', check';
  return words;
}

const DRAW_WORDS = {
  'threefold-repetition': 'Draw by threefold repetition.',
  'insufficient-material': 'Draw: neither side can mate.',
  'fifty-move-rule': 'Draw by the fifty-move rule.',
} as const;

/** Says how a finished game ended, or null while it goes on. */
export function describeOutcome(view: ChessView): string | null {
  const winner = view.winner ? COLOR_NAMES[view.winner] : '';
  switch (view.status) {
    case 'checkmate':
      return `Checkmate. ${winner} wins.`;
    case 'stalemate':
      return 'Stalemate. The game is a draw.';
    case 'draw':
      return view.drawReason ? DRAW_WORDS[view.drawReason] : 'The game is a draw.';
    case 'resigned':
      return `${COLOR_NAMES[view.winner === 'w' ? 'b' : 'w']} resigned. ${winner} wins.`;
    default:
      return null;
  }
}

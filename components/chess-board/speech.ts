import { PIECE_NAMES } from './pieces.ts';
import type { BoardPosition, PieceType } from './position.ts';
import type { ChessMove, ChessView, Color } from './view.ts';

/** Words for the live region and labels; one place, so a translation is one file. */
export const COLOR_NAMES: Record<Color, string> = { w: 'White', b: 'Black' };

const SAN_PIECES: Record<string, PieceType> = { N: 'n', B: 'b', R: 'r', Q: 'q', K: 'k' };

/**
 * Says a move in words from its SAN: "Black knight takes e5, check", "White castles kingside",
 * "White pawn takes d6 en passant". `enPassant` comes from the board (a pawn capture onto an empty
 * square); SAN does not say it.
 */
export function describeMove(san: string, color: Color, enPassant = false): string {
  const side = COLOR_NAMES[color];
  let words: string;
  if (/^O-O-O/.test(san)) words = `${side} castles queenside`;
  else if (/^O-O/.test(san)) words = `${side} castles kingside`;
  else {
    const piece = PIECE_NAMES[SAN_PIECES[san[0]!] ?? 'p'];
    const to = /([a-h][1-8])(?:=[NBRQ])?[+#]?$/.exec(san)?.[1] ?? '';
    const promotion = /=([NBRQ])/.exec(san)?.[1];
    words = `${side} ${piece} ${san.includes('x') ? 'takes' : 'to'} ${to}`;
    if (enPassant) words += ' en passant';
    if (promotion) words += `, promotes to ${PIECE_NAMES[SAN_PIECES[promotion]!]}`;
  }
  if (san.endsWith('#')) words += ', checkmate';
  else if (san.endsWith('+')) words += ', check';
  return words;
}

/**
 * Says the moves played since `before`, in order. Each move's squares come from the legal moves of
 * the position it was played in (known for the first), or from the view's `lastMove` (for the
 * last); the board follows them to tell en passant from a plain capture.
 */
export function describeMoves(before: BoardPosition, sans: readonly string[], lastMove: ChessMove | null): string[] {
  let position: BoardPosition | null = before;
  let color = before.turn;
  return sans.map((san, i) => {
    const move = position?.readTyped(san) ?? (i === sans.length - 1 && lastMove ? lastMove : null);
    const pawnCapture = san.includes('x') && /^[a-h]/.test(san);
    const words = describeMove(san, color, Boolean(pawnCapture && move && position && !position.get(move.to)));
    position = position && move ? position.after(move as { from: string; to: string }) : null;
    color = color === 'w' ? 'b' : 'w';
    return words;
  });
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

import { checkFields, kindOf } from '../base/view-check.ts';
import { BoardPosition } from './position.ts';

const PLAYER = ['human', 'computer'];

/**
 * What is wrong with a chess view (view.ts's `ChessView`), or null: the board shows nothing it cannot
 * trust (a host or another server can send anything) and says what was wrong instead.
 */
export function checkChessView(view: Record<string, unknown>): string | null {
  const problem =
    checkFields(view, {
      gameId: 'string',
      fen: 'string',
      turn: ['w', 'b'],
      moves: 'array',
      status: ['active', 'checkmate', 'stalemate', 'draw', 'resigned'],
      check: 'boolean',
      players: 'object',
      version: 'number',
      lastMove: 'object?',
      moveCount: 'number?',
      startFen: 'string?',
    }) ??
    checkFields(view.players, { w: PLAYER, b: PLAYER }, 'players.') ??
    (view.lastMove ? checkFields(view.lastMove, { from: 'string', to: 'string', san: 'string' }, 'lastMove.') : null);
  if (problem) return problem;
  const moves = view.moves as unknown[];
  const bad = moves.findIndex((move) => typeof move !== 'string');
  if (bad >= 0) return `moves[${bad}] must be a string (got ${kindOf(moves[bad])})`;
  return BoardPosition.parse(view.fen as string) ? null : `fen "${String(view.fen).slice(0, 90)}" is not a position (8 ranks of pieces, then w or b)`;
}

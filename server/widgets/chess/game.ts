/**
 * What the chess tools say about a game: the view (`structuredContent`, the board's ChessView),
 * the sentences for the model, and game ids. Everything here reads the stored record
 * (record.ts) and nothing replays the game, so it costs the same for a game of any length.
 */
import { MAX_VIEW_MOVES, type Color } from '../../../components/chess-board/view.ts';
import { sha256, toHex } from '../../hash.ts';
import { recentSan, turnOf, type Outcome, type StoredGame } from './record.ts';
import type { ChessViewData } from './schema.ts';

export const STANDARD_FEN = 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1';

/**
 * The `structuredContent` of every chess tool (ChessView of the board's contract): the position,
 * the last MAX_VIEW_MOVES moves and the count of all, so the view stays small however long the game.
 */
export function toView(gameId: string, record: StoredGame, version: number): ChessViewData {
  return {
    gameId,
    fen: record.fen,
    turn: turnOf(record),
    moves: recentSan(record, MAX_VIEW_MOVES),
    moveCount: record.plies,
    lastMove: record.lastMove,
    ...record.outcome,
    check: record.check,
    players: { ...record.players },
    version,
    ...(record.startFen === STANDARD_FEN ? {} : { startFen: record.startFen }),
  };
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

/** How the game in `record` stands, in one sentence. */
export function describeGame(record: StoredGame): string {
  return describeOutcome(record.outcome, turnOf(record), record.players);
}

/** A new game id: random, or derived from an idempotency key and the request, so a retry names the same game. */
export function newGameId(requestKey?: string): string {
  if (requestKey === undefined) return toHex(globalThis.crypto.getRandomValues(new Uint8Array(8)));
  return toHex(sha256(`chess-new-game\0${requestKey}`)).slice(0, 16);
}

export const opposite = (color: Color): Color => (color === 'w' ? 'b' : 'w');
export const colorName = (color: Color): string => (color === 'w' ? 'white' : 'black');
export const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

import { Chess } from 'chess.js';
import { BoardPosition, type BoardMove } from './position.ts';
import type { ChessMove, ChessView, LegalMove } from './view.ts';

/**
 * A game played on the page itself, both sides at one board, with chess.js as the rules: what a
 * plain page with a `fen` and no server gets. The only part of the board that needs chess.js; the
 * bundles inlined in chat hosts leave it out (the server sends the legal moves instead).
 */
export class LocalGame {
  view: ChessView;
  position: BoardPosition;
  readonly #chess: Chess;

  private constructor(chess: Chess, view: ChessView) {
    this.#chess = chess;
    this.view = view;
    this.position = positionOf(chess);
  }

  /** A game from a FEN, or null when chess.js refuses the FEN. */
  static start(fen: string): LocalGame | null {
    let chess: Chess;
    try {
      chess = new Chess(fen);
    } catch {
      return null;
    }
    const startFen = chess.fen();
    return new LocalGame(chess, viewOf(chess, { gameId: 'local', players: { w: 'human', b: 'human' }, version: 0, moves: [], startFen }, null));
  }

  /** Plays a legal move (the board checked it against the legal moves). */
  play(move: BoardMove): void {
    const played = this.#chess.move({ from: move.from, to: move.to, promotion: move.promotion });
    const last: ChessMove = { from: played.from, to: played.to, san: played.san, ...(played.promotion ? { promotion: played.promotion } : {}) };
    this.view = viewOf(this.#chess, { ...this.view, version: this.view.version + 1, moves: [...this.view.moves, played.san] }, last);
    this.position = positionOf(this.#chess);
  }
}

/** The board's position, its legal moves computed only when first asked (they cost milliseconds). */
function positionOf(chess: Chess): BoardPosition {
  const fen = chess.fen();
  const legal = (): LegalMove[] => new Chess(fen).moves({ verbose: true }).map((m) => ({ uci: m.lan, san: m.san }));
  return BoardPosition.parse(fen, legal)!;
}

function viewOf(chess: Chess, base: Pick<ChessView, 'gameId' | 'players' | 'version' | 'moves' | 'startFen'>, lastMove: ChessMove | null): ChessView {
  const turn = chess.turn();
  const view: ChessView = { ...base, fen: chess.fen(), turn, moveCount: base.moves.length, lastMove, status: 'active', check: chess.isCheck() };
  if (chess.isCheckmate()) Object.assign(view, { status: 'checkmate', winner: turn === 'w' ? 'b' : 'w' });
  else if (chess.isStalemate()) view.status = 'stalemate';
  else if (chess.isThreefoldRepetition()) Object.assign(view, { status: 'draw', drawReason: 'threefold-repetition' });
  else if (chess.isInsufficientMaterial()) Object.assign(view, { status: 'draw', drawReason: 'insufficient-material' });
  else if (chess.isDrawByFiftyMoves()) Object.assign(view, { status: 'draw', drawReason: 'fifty-move-rule' });
  return view;
}

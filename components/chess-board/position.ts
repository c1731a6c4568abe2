import type { Color, LegalMove } from './view.ts';

/**
 * The position on the board as the widget needs it, with no chess rules of its own: the pieces
 * (read from the FEN) and the legal moves the server sent with the view (`_meta["skylit/legalMoves"]`)
 * or the local game computed. Everything the board asks — which targets to highlight, whether a
 * drop needs a promotion choice, what a typed move means, where the pieces stand after a move — is
 * answered from those two. When the legal moves are unknown (a server that does not send them),
 * any move of the side to move is offered and the server decides.
 */

export type PieceType = 'p' | 'n' | 'b' | 'r' | 'q' | 'k';
export interface Piece {
  color: Color;
  type: PieceType;
}

export const FILES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] as const;
export const START_FEN = 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1';

/** A move the board may send: squares, the promotion piece, and its SAN when the legal moves are known. */
export interface BoardMove {
  from: string;
  to: string;
  promotion?: PieceType;
  /** SAN of the move (null when the legal moves are unknown). */
  san: string | null;
  /** What is sent to the server: UCI (`e7e8q`). */
  uci: string;
}

/** The legal moves, or a function that computes them when first asked (the local game's are costly). */
export type LegalMoves = readonly LegalMove[] | (() => readonly LegalMove[]);

export class BoardPosition {
  /** Side to move. */
  readonly turn: Color;
  readonly #squares: (Piece | null)[];
  #legal: LegalMoves | null;

  private constructor(readonly fen: string, squares: (Piece | null)[], turn: Color, legal: LegalMoves | null) {
    this.#squares = squares;
    this.turn = turn;
    this.#legal = legal;
  }

  /** Reads a FEN's placement and side to move; null when they are not readable. */
  static parse(fen: string, legal: LegalMoves | null = null): BoardPosition | null {
    const [placement, turn] = fen.trim().split(/\s+/);
    // Each digit becomes that many empty squares (spaces): then every rank is 8 squares.
    const ranks = placement?.replace(/[1-8]/g, (count) => ' '.repeat(Number(count))).split('/');
    if (ranks?.length !== 8 || ranks.some((rank) => !/^[ pnbrqk]{8}$/i.test(rank)) || (turn !== 'w' && turn !== 'b')) return null;
    const squares = [...ranks.join('')].map((char): Piece | null => {
      const type = char.toLowerCase() as PieceType;
      return char === ' ' ? null : { color: char === type ? 'b' : 'w', type };
    });
    return new BoardPosition(fen, squares, turn, legal);
  }

  /** Legal moves, or null when nobody told the board. */
  get legal(): readonly LegalMove[] | null {
    if (typeof this.#legal === 'function') this.#legal = this.#legal();
    return this.#legal;
  }

  /** The piece on a square ("e4"), or null. */
  get(square: string): Piece | null {
    return this.#squares[index(square)] ?? null;
  }

  /** The squares the piece on `from` may go to. */
  targets(from: string): string[] {
    const piece = this.get(from);
    if (!piece || piece.color !== this.turn) return [];
    if (this.legal) return [...new Set(this.legal.filter((m) => m.uci.startsWith(from)).map((m) => m.uci.slice(2, 4)))];
    return SQUARES.filter((square) => square !== from && this.get(square)?.color !== this.turn);
  }

  /** True when going from `from` to `to` needs a promotion piece. */
  needsPromotion(from: string, to: string): boolean {
    if (this.legal) return this.legal.some((m) => m.uci.length === 5 && m.uci.startsWith(from + to));
    return this.get(from)?.type === 'p' && (to[1] === '8' || to[1] === '1');
  }

  /** The move from `from` to `to` (promoting to `promotion`, default queen), or null when it is not legal. */
  find(from: string, to: string, promotion: PieceType = 'q'): BoardMove | null {
    const needs = this.needsPromotion(from, to);
    const uci = from + to + (needs ? promotion : '');
    if (!this.legal) return this.targets(from).includes(to) ? { from, to, uci, san: null, ...(needs ? { promotion } : {}) } : null;
    const move = this.legal.find((m) => m.uci === uci);
    return move ? toBoardMove(move) : null;
  }

  /**
   * The legal move a person typed, in SAN ("Nf3", "exd8=N", "O-O", "0-0") or UCI ("g1f3", "e7e8q",
   * "e2-e4"); null when it is none. With unknown legal moves only UCI can be read here (the caller
   * may still send the text and let the server read it).
   */
  readTyped(text: string): BoardMove | null {
    const typed = text.trim().replace(/0/g, 'O');
    if (!typed) return null;
    const uci = /^([a-h][1-8])-?([a-h][1-8])([qrbnQRBN])?$/.exec(typed);
    if (uci) return this.find(uci[1]!, uci[2]!, (uci[3]?.toLowerCase() ?? 'q') as PieceType);
    if (!this.legal) return null;
    const bare = (san: string) => san.replace(/[+#!?]+$/, '');
    const san = bare(typed);
    const move = this.legal.find((m) => bare(m.san) === san) ?? this.legal.find((m) => bare(m.san).toLowerCase() === san.toLowerCase());
    return move ? toBoardMove(move) : null;
  }

  /** A few legal moves in SAN, to suggest after a move that could not be read. */
  examples(count = 5): string[] {
    return (this.legal ?? []).slice(0, count).map((m) => m.san);
  }

  /**
   * The position after `move` (pieces moved, castling rook, en passant capture, promotion; the
   * other side to move), with no legal moves known: what the board shows while the server confirms.
   */
  after(move: Pick<BoardMove, 'from' | 'to' | 'promotion'>): BoardPosition {
    const squares = [...this.#squares];
    const from = index(move.from);
    const to = index(move.to);
    const piece = squares[from];
    if (piece?.type === 'k' && Math.abs(to - from) === 2) {
      // Castling: the rook jumps over the king.
      const rookFrom = to > from ? to + 1 : to - 2;
      squares[(from + to) / 2] = squares[rookFrom] ?? null;
      squares[rookFrom] = null;
    }
    if (piece?.type === 'p' && move.from[0] !== move.to[0] && !squares[to]) {
      squares[index(move.to[0]! + move.from[1]!)] = null; // en passant
    }
    squares[to] = piece && move.promotion ? { color: piece.color, type: move.promotion } : (piece ?? null);
    squares[from] = null;
    const turn: Color = this.turn === 'w' ? 'b' : 'w';
    return new BoardPosition(`${placementOf(squares)} ${turn} - - 0 1`, squares, turn, []);
  }
}

/** Every square name, a8 … h1 (the order of a FEN). */
const SQUARES = Array.from({ length: 64 }, (_, i) => `${FILES[i % 8]}${8 - Math.floor(i / 8)}`);

function index(square: string): number {
  return (8 - Number(square[1])) * 8 + (square.charCodeAt(0) - 97);
}

function toBoardMove(move: LegalMove): BoardMove {
  const promotion = move.uci[4] as PieceType | undefined;
  return { from: move.uci.slice(0, 2), to: move.uci.slice(2, 4), san: move.san, uci: move.uci, ...(promotion ? { promotion } : {}) };
}

/** The placement field of a FEN: ranks 8 to 1, a run of empty squares as its length. */
function placementOf(squares: (Piece | null)[]): string {
  const text = squares.map((piece) => (!piece ? ' ' : piece.color === 'w' ? piece.type.toUpperCase() : piece.type)).join('');
  return text.match(/.{8}/g)!.join('/').replace(/ +/g, (run) => String(run.length));
}

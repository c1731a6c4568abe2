/**
 * A small, fast board for the engine: 0x88 mailbox, pseudo-legal move generation, make / unmake
 * with an undo stack, and attack tests. chess.js stays the referee for the game itself (SAN, draw
 * rules, FEN validation); this board exists because searching a few thousand positions through
 * chess.js (which builds SAN and FEN strings for every move) is far too slow.
 *
 * Squares are 0x88 indices: `rank * 16 + file`, rank 0 = rank 1, file 0 = a.
 * Pieces: 1 pawn, 2 knight, 3 bishop, 4 rook, 5 queen, 6 king; `| BLACK` (8) for black; 0 empty.
 * A move is one integer: from | to << 7 | promotion << 14 | flag << 17.
 */

export const PAWN = 1;
export const KNIGHT = 2;
export const BISHOP = 3;
export const ROOK = 4;
export const QUEEN = 5;
export const KING = 6;
export const BLACK = 8;

/** Move flags. */
export const FLAG_DOUBLE_PUSH = 1;
export const FLAG_EN_PASSANT = 2;
export const FLAG_CASTLE = 3;

export const moveFrom = (move: number): number => move & 0x7f;
export const moveTo = (move: number): number => (move >> 7) & 0x7f;
export const movePromotion = (move: number): number => (move >> 14) & 0x7;
export const moveFlag = (move: number): number => (move >> 17) & 0x3;

export const typeOf = (piece: number): number => piece & 7;
export const colorOf = (piece: number): 0 | 8 => (piece & BLACK) as 0 | 8;

/** The side to move and the board of a position, mutable in place. */
export class Position {
  /** 128 cells; the right half of each rank (index & 0x88) is off the board. */
  readonly board = new Uint8Array(128);
  /** 0 white, 8 black. */
  side: 0 | 8 = 0;
  /** Bits: 1 white king side, 2 white queen side, 4 black king side, 8 black queen side. */
  castling = 0;
  /** En-passant target square, or -1. */
  ep = -1;
  readonly kings: [number, number] = [-1, -1];
  private readonly undo: number[] = [];

  /** Reads a FEN that chess.js has already validated. */
  static fromFen(fen: string): Position {
    const [placement = '', side = 'w', castling = '-', ep = '-'] = fen.trim().split(/\s+/);
    const pos = new Position();
    let rank = 7;
    let file = 0;
    for (const ch of placement) {
      if (ch === '/') {
        rank -= 1;
        file = 0;
      } else if (ch >= '1' && ch <= '8') {
        file += Number(ch);
      } else {
        const type = 'pnbrqk'.indexOf(ch.toLowerCase()) + 1;
        const piece = type | (ch === ch.toLowerCase() ? BLACK : 0);
        const sq = rank * 16 + file;
        pos.board[sq] = piece;
        if (type === KING) pos.kings[colorOf(piece) >> 3] = sq;
        file += 1;
      }
    }
    pos.side = side === 'b' ? BLACK : 0;
    for (const [ch, bit] of [['K', 1], ['Q', 2], ['k', 4], ['q', 8]] as const) if (castling.includes(ch)) pos.castling |= bit;
    pos.ep = ep === '-' ? -1 : squareIndex(ep);
    return pos;
  }

  /** True when `sq` is attacked by a piece of `by` (0 white, 8 black). */
  attacked(sq: number, by: 0 | 8): boolean {
    const b = this.board;
    // Pawns: a white pawn attacks up the board, so it sits one rank below the square.
    const pawnRank = by === 0 ? -16 : 16;
    for (const df of [-1, 1]) {
      const from = sq + pawnRank + df;
      if (!(from & 0x88) && b[from] === (PAWN | by)) return true;
    }
    for (const d of KNIGHT_STEPS) {
      const from = sq + d;
      if (!(from & 0x88) && b[from] === (KNIGHT | by)) return true;
    }
    for (const d of KING_STEPS) {
      const from = sq + d;
      if (!(from & 0x88) && b[from] === (KING | by)) return true;
    }
    for (const d of ROOK_STEPS) {
      for (let from = sq + d; !(from & 0x88); from += d) {
        const p = b[from]!;
        if (!p) continue;
        if (p === (ROOK | by) || p === (QUEEN | by)) return true;
        break;
      }
    }
    for (const d of BISHOP_STEPS) {
      for (let from = sq + d; !(from & 0x88); from += d) {
        const p = b[from]!;
        if (!p) continue;
        if (p === (BISHOP | by) || p === (QUEEN | by)) return true;
        break;
      }
    }
    return false;
  }

  /** True when the king of `side` (default: the side to move) is attacked. */
  inCheck(side: 0 | 8 = this.side): boolean {
    return this.attacked(this.kings[side >> 3]!, (side ^ BLACK) as 0 | 8);
  }

  /**
   * Pseudo-legal moves of the side to move, appended to `out` (castling is fully checked; other
   * moves may leave the own king in check, which `make` reports). `capturesOnly` also keeps
   * promotions, for the quiescence search.
   */
  generate(out: number[], capturesOnly = false): number[] {
    const b = this.board;
    const us = this.side;
    const them = (us ^ BLACK) as 0 | 8;
    for (let from = 0; from < 128; from++) {
      if (from & 0x88) {
        from += 7;
        continue;
      }
      const piece = b[from]!;
      if (!piece || colorOf(piece) !== us) continue;
      const type = typeOf(piece);
      if (type === PAWN) {
        this.pawnMoves(from, out, capturesOnly);
      } else if (type === KNIGHT || type === KING) {
        for (const d of type === KNIGHT ? KNIGHT_STEPS : KING_STEPS) {
          const to = from + d;
          if (to & 0x88) continue;
          const target = b[to]!;
          if (target ? colorOf(target) === them : !capturesOnly) out.push(from | (to << 7));
        }
        if (type === KING && !capturesOnly) this.castlingMoves(from, out);
      } else {
        const steps = type === BISHOP ? BISHOP_STEPS : type === ROOK ? ROOK_STEPS : KING_STEPS;
        for (const d of steps) {
          for (let to = from + d; !(to & 0x88); to += d) {
            const target = b[to]!;
            if (target) {
              if (colorOf(target) === them) out.push(from | (to << 7));
              break;
            }
            if (!capturesOnly) out.push(from | (to << 7));
          }
        }
      }
    }
    return out;
  }

  /**
   * Plays a pseudo-legal move. Returns false (and takes it back) when it leaves the mover's king
   * in check; otherwise the move stays made until `unmake`.
   */
  make(move: number): boolean {
    const b = this.board;
    const from = moveFrom(move);
    const to = moveTo(move);
    const flag = moveFlag(move);
    const piece = b[from]!;
    const us = this.side;
    let captured = b[to]!;
    let capturedAt = to;
    if (flag === FLAG_EN_PASSANT) {
      capturedAt = to + (us === 0 ? -16 : 16);
      captured = b[capturedAt]!;
      b[capturedAt] = 0;
    }
    // Undo record: captured piece, where it stood, castling rights, ep square, the move.
    this.undo.push(move, captured, capturedAt, this.castling, this.ep);
    b[to] = movePromotion(move) ? movePromotion(move) | us : piece;
    b[from] = 0;
    if (typeOf(piece) === KING) {
      this.kings[us >> 3] = to;
      if (flag === FLAG_CASTLE) {
        const [rookFrom, rookTo] = to > from ? [from + 3, from + 1] : [from - 4, from - 1];
        b[rookTo] = b[rookFrom]!;
        b[rookFrom] = 0;
      }
    }
    this.castling &= CASTLE_KEEP[from]! & CASTLE_KEEP[to]!;
    this.ep = flag === FLAG_DOUBLE_PUSH ? (from + to) >> 1 : -1;
    this.side = (us ^ BLACK) as 0 | 8;
    if (this.inCheck(us)) {
      this.unmake();
      return false;
    }
    return true;
  }

  /** Takes back the last move `make` kept. */
  unmake(): void {
    const b = this.board;
    const ep = this.undo.pop()!;
    const castling = this.undo.pop()!;
    const capturedAt = this.undo.pop()!;
    const captured = this.undo.pop()!;
    const move = this.undo.pop()!;
    const from = moveFrom(move);
    const to = moveTo(move);
    this.side = (this.side ^ BLACK) as 0 | 8;
    const us = this.side;
    const moved = movePromotion(move) ? PAWN | us : b[to]!;
    b[from] = moved;
    b[to] = 0;
    b[capturedAt] = captured;
    if (typeOf(moved) === KING) {
      this.kings[us >> 3] = from;
      if (moveFlag(move) === FLAG_CASTLE) {
        const [rookFrom, rookTo] = to > from ? [from + 3, from + 1] : [from - 4, from - 1];
        b[rookFrom] = b[rookTo]!;
        b[rookTo] = 0;
      }
    }
    this.castling = castling;
    this.ep = ep;
  }

  /** The legal moves of the side to move. */
  legalMoves(): number[] {
    return this.generate([]).filter((move) => {
      if (!this.make(move)) return false;
      this.unmake();
      return true;
    });
  }

  private pawnMoves(from: number, out: number[], capturesOnly: boolean): void {
    const b = this.board;
    const us = this.side;
    const up = us === 0 ? 16 : -16;
    const startRank = us === 0 ? 1 : 6;
    const lastRank = us === 0 ? 7 : 0;
    const push = (to: number, flag = 0) => {
      if (to >> 4 === lastRank) {
        for (const promo of [QUEEN, KNIGHT, ROOK, BISHOP]) out.push(from | (to << 7) | (promo << 14));
      } else {
        out.push(from | (to << 7) | (flag << 17));
      }
    };
    const one = from + up;
    if (!(one & 0x88) && !b[one]) {
      if (!capturesOnly || one >> 4 === lastRank) push(one);
      const two = one + up;
      if (!capturesOnly && from >> 4 === startRank && !b[two]) push(two, FLAG_DOUBLE_PUSH);
    }
    for (const df of [-1, 1]) {
      const to = one + df;
      if (to & 0x88) continue;
      const target = b[to]!;
      if (target && colorOf(target) !== us) push(to);
      else if (to === this.ep) out.push(from | (to << 7) | (FLAG_EN_PASSANT << 17));
    }
  }

  private castlingMoves(from: number, out: number[]): void {
    const us = this.side;
    const them = (us ^ BLACK) as 0 | 8;
    const home = us === 0 ? 4 : 0x74;
    if (from !== home) return;
    const [kingSide, queenSide] = us === 0 ? [1, 2] : [4, 8];
    const b = this.board;
    const rook = ROOK | us;
    if (this.castling & kingSide && b[home + 3] === rook && !b[home + 1] && !b[home + 2]) {
      if (!this.attacked(home, them) && !this.attacked(home + 1, them) && !this.attacked(home + 2, them)) {
        out.push(home | ((home + 2) << 7) | (FLAG_CASTLE << 17));
      }
    }
    if (this.castling & queenSide && b[home - 4] === rook && !b[home - 1] && !b[home - 2] && !b[home - 3]) {
      if (!this.attacked(home, them) && !this.attacked(home - 1, them) && !this.attacked(home - 2, them)) {
        out.push(home | ((home - 2) << 7) | (FLAG_CASTLE << 17));
      }
    }
  }
}

/** "e4" → 0x34. */
export function squareIndex(name: string): number {
  return (name.charCodeAt(1) - 49) * 16 + (name.charCodeAt(0) - 97);
}

/** 0x34 → "e4". */
export function squareName(sq: number): string {
  return String.fromCharCode(97 + (sq & 7), 49 + (sq >> 4));
}

/** A move as UCI: "e2e4", "e7e8q". */
export function moveToUci(move: number): string {
  const promo = movePromotion(move);
  return squareName(moveFrom(move)) + squareName(moveTo(move)) + (promo ? ' pnbrqk'[promo] : '');
}

/** Leaf count of the legal move tree, to check move generation against a reference. */
export function perft(pos: Position, depth: number): number {
  if (depth === 0) return 1;
  let nodes = 0;
  for (const move of pos.generate([])) {
    if (!pos.make(move)) continue;
    nodes += perft(pos, depth - 1);
    pos.unmake();
  }
  return nodes;
}

const KNIGHT_STEPS = [33, 31, 18, 14, -14, -18, -31, -33];
const KING_STEPS = [1, -1, 16, -16, 15, 17, -15, -17];
const ROOK_STEPS = [1, -1, 16, -16];
const BISHOP_STEPS = [15, 17, -15, -17];

/** Castling rights kept after a move touches a square: a king or rook leaving home, or a rook captured. */
const CASTLE_KEEP = (() => {
  const keep = new Array<number>(128).fill(15);
  keep[0x04] = 15 & ~3; // e1
  keep[0x07] = 15 & ~1; // h1
  keep[0x00] = 15 & ~2; // a1
  keep[0x74] = 15 & ~12; // e8
  keep[0x77] = 15 & ~4; // h8
  keep[0x70] = 15 & ~8; // a8
  return keep;
})();

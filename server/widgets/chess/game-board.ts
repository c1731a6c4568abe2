/**
 * The game's rules on the engine's fast board (position.ts): legal moves with their SAN, playing a
 * move, the FEN, check, dead positions and the key repetition compares — giving exactly what
 * chess.js gives for the same position (the tests replay every stored game through chess.js and
 * compare), at a fraction of its cost: chess.js builds two FEN strings and a SAN for every legal
 * move it lists, which made each write cost milliseconds.
 *
 * chess.js stays the referee where words matter more than speed: reading a typed move and saying
 * why it is illegal (notation.ts), and checking start positions (start-position.ts).
 */
import {
  BISHOP,
  BLACK,
  colorOf,
  FLAG_CASTLE,
  FLAG_DOUBLE_PUSH,
  FLAG_EN_PASSANT,
  KNIGHT,
  moveFlag,
  moveFrom,
  movePromotion,
  moveTo,
  moveToUci,
  PAWN,
  Position,
  squareName,
  typeOf,
} from './position.ts';

/** A legal move: its UCI and SAN, as the board's `_meta` lists them. */
export interface BoardMove {
  uci: string;
  san: string;
}

/** A move just played. */
export interface PlayedMove {
  from: string;
  to: string;
  san: string;
  /** "q" | "r" | "b" | "n" when it promoted. */
  promotion?: string;
  /** A pawn move or a capture: no earlier position can come back. */
  irreversible: boolean;
}

const LETTERS = ' pnbrqk';

/** A position with its move counters: what a FEN says. */
export class GameBoard {
  readonly #pos: Position;
  #halfMoves: number;
  #moveNumber: number;
  /** The en-passant square as chess.js keeps it (after a double step beside an enemy pawn), -1 if none: part of the repetition key. */
  #repetitionEp: number;
  /** The legal moves of the position, found once; each SAN is written when first asked for. */
  #legal: { move: number; uci: string; san?: string }[] | null = null;

  private constructor(pos: Position, halfMoves: number, moveNumber: number, repetitionEp: number) {
    this.#pos = pos;
    this.#halfMoves = halfMoves;
    this.#moveNumber = moveNumber;
    this.#repetitionEp = repetitionEp;
  }

  /** A board at a valid FEN (start-position.ts or a stored record says it is). */
  static fromFen(fen: string): GameBoard {
    const fields = fen.trim().split(/\s+/);
    const pos = Position.fromFen(fen);
    return new GameBoard(pos, Number(fields[4] ?? 0), Number(fields[5] ?? 1), pos.ep);
  }

  /** "w" or "b". */
  get turn(): 'w' | 'b' {
    return this.#pos.side === 0 ? 'w' : 'b';
  }

  /** The half-move clock (plies since the last capture or pawn move). */
  get halfMoves(): number {
    return this.#halfMoves;
  }

  /** The legal moves, in UCI and SAN. */
  legalMoves(): BoardMove[] {
    return this.#legalMoves().map((entry) => ({ uci: entry.uci, san: this.#sanOf(entry) }));
  }

  /**
   * The UCI of the legal move `text` names exactly — its UCI ("e2e4", "e7e8q") or its SAN, with or
   * without "+" / "#" — or null (then notation.ts reads it, and says why when it is not legal).
   */
  moveNamed(text: string): string | null {
    const said = text.trim().replace(/[+#]$/, '');
    const found = this.#legalMoves().find((m) => m.uci === said || this.#sanOf(m).replace(/[+#]$/, '') === said);
    return found?.uci ?? null;
  }

  /** True when the side to move is in check. */
  inCheck(): boolean {
    return this.#pos.inCheck();
  }

  /** Plays a legal move given in UCI; throws when it is not one. */
  play(uci: string): PlayedMove {
    const found = this.#legalMoves().find((m) => m.uci === uci);
    if (!found) throw new Error(`${uci} is not a legal move in ${this.fen()}`);
    const { move } = found;
    const san = this.#sanOf(found);
    const pos = this.#pos;
    const moved = typeOf(pos.board[moveFrom(move)]!);
    const irreversible = moved === PAWN || pos.board[moveTo(move)] !== 0 || moveFlag(move) === FLAG_EN_PASSANT;
    const black = pos.side === BLACK;
    pos.make(move);
    this.#halfMoves = irreversible ? 0 : this.#halfMoves + 1;
    if (black) this.#moveNumber += 1;
    this.#repetitionEp = moveFlag(move) === FLAG_DOUBLE_PUSH && this.#enemyPawnBeside(moveTo(move)) ? pos.ep : -1;
    this.#legal = null;
    const promotion = movePromotion(move);
    return {
      from: squareName(moveFrom(move)),
      to: squareName(moveTo(move)),
      san,
      ...(promotion ? { promotion: LETTERS[promotion]! } : {}),
      irreversible,
    };
  }

  /** The FEN in chess.js's form: the en-passant square only when a legal capture lands on it. */
  fen(): string {
    const pos = this.#pos;
    const ranks: string[] = [];
    for (let rank = 7; rank >= 0; rank--) {
      let row = '';
      let empty = 0;
      for (let file = 0; file < 8; file++) {
        const piece = pos.board[rank * 16 + file]!;
        if (!piece) {
          empty += 1;
          continue;
        }
        if (empty) row += empty;
        empty = 0;
        const letter = LETTERS[typeOf(piece)]!;
        row += colorOf(piece) === BLACK ? letter : letter.toUpperCase();
      }
      ranks.push(empty ? row + empty : row);
    }
    const ep = this.#legalMoves().some((m) => moveFlag(m.move) === FLAG_EN_PASSANT) ? squareName(pos.ep) : '-';
    return `${ranks.join('/')} ${this.turn} ${this.#castling()} ${ep} ${this.#halfMoves} ${this.#moveNumber}`;
  }

  /** What threefold repetition compares, as chess.js does: pieces, side, castling rights and its en-passant square. */
  repetitionKey(): string {
    const placement = this.fen().split(' ')[0];
    return `${placement} ${this.turn} ${this.#castling()} ${this.#repetitionEp >= 0 ? squareName(this.#repetitionEp) : '-'}`;
  }

  /**
   * No sequence of legal moves can mate, by chess.js's rule: kings alone, a king and one knight or
   * bishop against a king, or kings and bishops all on squares of one colour.
   */
  insufficientMaterial(): boolean {
    const b = this.#pos.board;
    let pieces = 0;
    let knights = 0;
    const bishopColours: number[] = [];
    for (let sq = 0; sq < 128; sq++) {
      if (sq & 0x88 || !b[sq]) continue;
      pieces += 1;
      const type = typeOf(b[sq]!);
      if (type === KNIGHT) knights += 1;
      if (type === BISHOP) bishopColours.push(((sq >> 4) + (sq & 7)) % 2);
    }
    if (pieces === 2) return true;
    if (pieces === 3 && (bishopColours.length === 1 || knights === 1)) return true;
    if (pieces === bishopColours.length + 2) return bishopColours.every((c) => c === bishopColours[0]);
    return false;
  }

  #castling(): string {
    const rights = this.#pos.castling;
    return [...'KQkq'].filter((_, i) => rights & (1 << i)).join('') || '-';
  }

  #enemyPawnBeside(square: number): boolean {
    const pos = this.#pos;
    const enemyPawn = PAWN | pos.side;
    return [square - 1, square + 1].some((sq) => !(sq & 0x88) && pos.board[sq] === enemyPawn);
  }

  #legalMoves(): { move: number; uci: string; san?: string }[] {
    // Listed square by square as chess.js lists them (rank 8 down to rank 1, file a to h).
    this.#legal ??= this.#pos
      .legalMoves()
      .map((move) => ({ move, uci: moveToUci(move) }))
      .sort((x, y) => listingOrder(moveFrom(x.move)) - listingOrder(moveFrom(y.move)));
    return this.#legal;
  }

  #sanOf(entry: { move: number; san?: string }): string {
    entry.san ??= this.#san(entry.move, this.#legal!.map((m) => m.move));
    return entry.san;
  }

  /** SAN as chess.js writes it: disambiguated among legal moves, "+" for check, "#" for mate. */
  #san(move: number, legal: number[]): string {
    const pos = this.#pos;
    const from = moveFrom(move);
    const to = moveTo(move);
    const type = typeOf(pos.board[from]!);
    let san: string;
    if (moveFlag(move) === FLAG_CASTLE) san = to > from ? 'O-O' : 'O-O-O';
    else {
      const capture = pos.board[to] !== 0 || moveFlag(move) === FLAG_EN_PASSANT;
      san = type === PAWN ? (capture ? `${squareName(from)[0]}x` : '') : `${LETTERS[type]!.toUpperCase()}${disambiguation(pos, move, legal)}${capture ? 'x' : ''}`;
      san += squareName(to);
      if (movePromotion(move)) san += `=${LETTERS[movePromotion(move)]!.toUpperCase()}`;
    }
    pos.make(move);
    if (pos.inCheck()) san += hasLegalMove(pos) ? '+' : '#';
    pos.unmake();
    return san;
  }
}

/** chess.js's disambiguator: nothing, the file, the rank, or the whole square of the moving piece. */
function disambiguation(pos: Position, move: number, legal: number[]): string {
  const from = moveFrom(move);
  const type = typeOf(pos.board[from]!);
  let others = 0;
  let sameRank = 0;
  let sameFile = 0;
  for (const other of legal) {
    const otherFrom = moveFrom(other);
    if (otherFrom === from || moveTo(other) !== moveTo(move) || typeOf(pos.board[otherFrom]!) !== type) continue;
    others += 1;
    if (otherFrom >> 4 === from >> 4) sameRank += 1;
    if ((otherFrom & 7) === (from & 7)) sameFile += 1;
  }
  if (!others) return '';
  const square = squareName(from);
  if (sameRank && sameFile) return square;
  return sameFile ? square[1]! : square[0]!;
}

/** Where a square comes when listing squares from a8 to h1. */
const listingOrder = (square: number): number => (7 - (square >> 4)) * 8 + (square & 7);

function hasLegalMove(pos: Position): boolean {
  for (const move of pos.generate([])) {
    if (pos.make(move)) {
      pos.unmake();
      return true;
    }
  }
  return false;
}

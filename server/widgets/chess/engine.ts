/**
 * The computer opponent: a small deterministic engine. Negamax with alpha-beta, deepened one ply at
 * a time up to a fixed depth, then a quiescence search over captures and promotions (so it does not
 * stop counting in the middle of an exchange), on the 0x88 board of position.ts. Evaluation:
 * material plus piece-square bonuses computed from simple rules (centre, advancement, king shelter
 * early and king activity late), tapered by game phase, and a "drive the lone king to the edge"
 * term so it can finish won endings.
 *
 * Budgeted: a search never visits more than `maxNodes` positions nor runs longer than `maxMs`
 * (checked every 1,024 positions). A search cut short answers with the best move of the deepest
 * depth it finished (or, cut inside the first, the best of the moves it finished there, else the
 * first move in its order) and says which limit stopped it.
 *
 * Deterministic: no randomness, and the node limit binds long before the clock in every position
 * a game normally reaches, so the same position always gets the same reply. Moves are searched in
 * a fixed order (captures by victim / attacker value, then promotions, then generation order) and
 * the first of equally good moves wins. Only a position that exhausts the budget on a slow or busy
 * machine may get a reply that depends on the clock.
 * It knows nothing of repetition or the fifty-move rule; the game record applies those.
 */
import {
  BISHOP,
  colorOf,
  KING,
  moveFrom,
  movePromotion,
  moveTo,
  moveToUci,
  PAWN,
  Position,
  ROOK,
  squareName,
  typeOf,
} from './position.ts';

export interface EngineMove {
  from: string;
  to: string;
  /** "q" | "r" | "b" | "n" when the move promotes. */
  promotion?: string;
  uci: string;
}

/** What one search may spend. */
export interface SearchBudget {
  /** Positions visited at most (full-width and quiescence nodes together). */
  maxNodes: number;
  /** Wall-clock milliseconds at most. */
  maxMs: number;
}

/**
 * The default budget: about a quarter to half a second of one core on this kind of machine for a
 * position that uses it all; an ordinary middle-game position needs a few thousand nodes.
 */
export const DEFAULT_BUDGET: SearchBudget = { maxNodes: 150_000, maxMs: 1_000 };

export interface EngineOptions {
  /** Full-width plies before the quiescence search (default 2). */
  depth?: number;
  /** Limits of the search (default DEFAULT_BUDGET). */
  budget?: Partial<SearchBudget>;
}

/** A search's answer and what it cost. */
export interface EngineReply {
  /** The move, or null when the side to move has no legal move. */
  move: EngineMove | null;
  /** Positions visited. */
  nodes: number;
  /** The deepest full-width depth searched to the end (0: the first was cut short). */
  depth: number;
  elapsedMs: number;
  /** Set when the search stopped at its budget: the limit it reached. */
  stoppedBy?: 'nodes' | 'time';
}

export const DEFAULT_DEPTH = 2;

/** Searches `fen` within the budget and returns the best move found, with what it cost. */
export function searchMove(fen: string, options: EngineOptions = {}): EngineReply {
  const started = now();
  const pos = Position.fromFen(fen);
  const maxDepth = Math.max(1, options.depth ?? DEFAULT_DEPTH);
  const budget = new Budget({ ...DEFAULT_BUDGET, ...options.budget }, started);
  const moves = ordered(pos, pos.legalMoves());
  if (moves.length === 0) return { move: null, nodes: 0, depth: 0, elapsedMs: now() - started };
  let best = moves[0]!;
  let depth = 0;
  try {
    for (let d = 1; d <= maxDepth; d++) {
      best = searchRoot(pos, moves, d, budget, (partial) => {
        // Cut inside the first depth: the best of the moves it finished is all there is.
        if (d === 1) best = partial;
      });
      depth = d;
    }
  } catch (error) {
    if (!(error instanceof OutOfBudget)) throw error;
  }
  const reply: EngineReply = { move: toEngineMove(best), nodes: budget.nodes, depth, elapsedMs: now() - started };
  if (budget.stoppedBy) reply.stoppedBy = budget.stoppedBy;
  return reply;
}

/** The engine's move in the position, or null when the side to move has no legal move. */
export function chooseMove(fen: string, options: EngineOptions = {}): EngineMove | null {
  return searchMove(fen, options).move;
}

/** Static evaluation in centipawns from white's point of view (exported for tests and tuning). */
export function evaluateFen(fen: string): number {
  const pos = Position.fromFen(fen);
  const score = evaluate(pos);
  return pos.side === 0 ? score : -score;
}

const INFINITY = 1_000_000;
const MATE = 100_000;
const VALUE = [0, 100, 320, 330, 500, 900, 0];
/** Non-pawn material weights for the game phase (24 = all pieces on the board). */
const PHASE = [0, 0, 1, 1, 2, 4, 0];

/** Thrown through the search when the budget is spent; the root keeps what it had. */
class OutOfBudget extends Error {}

/** Counts visited positions and stops the search at either limit. */
class Budget {
  nodes = 0;
  stoppedBy: 'nodes' | 'time' | undefined;
  readonly #maxNodes: number;
  readonly #deadline: number;

  constructor(limits: SearchBudget, started: number) {
    this.#maxNodes = Math.max(1, limits.maxNodes);
    this.#deadline = started + Math.max(1, limits.maxMs);
  }

  /** One more position; throws OutOfBudget when a limit is reached. */
  visit(): void {
    this.nodes += 1;
    if (this.nodes >= this.#maxNodes) this.#stop('nodes');
    if ((this.nodes & 1023) === 0 && now() >= this.#deadline) this.#stop('time');
  }

  #stop(limit: 'nodes' | 'time'): never {
    this.stoppedBy = limit;
    throw new OutOfBudget(limit);
  }
}

/**
 * One full-width search of every root move to `depth`. Returns the best move (the first of equally
 * good ones); `onBest` hears each improvement, so a search cut short still has its best so far.
 */
function searchRoot(pos: Position, moves: number[], depth: number, budget: Budget, onBest: (move: number) => void): number {
  let best = 0;
  let bestScore = -INFINITY;
  for (const move of moves) {
    pos.make(move);
    const score = -search(pos, depth - 1, -INFINITY, -bestScore, 1, budget);
    pos.unmake();
    // Strictly better only: the first of equally good moves (in the fixed order) wins.
    if (score > bestScore) {
      bestScore = score;
      best = move;
      onBest(best);
    }
  }
  return best;
}

function search(pos: Position, depth: number, alpha: number, beta: number, ply: number, budget: Budget): number {
  if (depth <= 0) return quiesce(pos, alpha, beta, ply, budget);
  budget.visit();
  let legal = 0;
  for (const move of ordered(pos, pos.generate([]))) {
    if (!pos.make(move)) continue;
    legal += 1;
    const score = -search(pos, depth - 1, -beta, -alpha, ply + 1, budget);
    pos.unmake();
    if (score >= beta) return beta;
    if (score > alpha) alpha = score;
  }
  if (legal === 0) return pos.inCheck() ? -MATE + ply : 0;
  return alpha;
}

function quiesce(pos: Position, alpha: number, beta: number, ply: number, budget: Budget): number {
  budget.visit();
  // In check there is no "standing pat": every reply is searched, and none means mate.
  const inCheck = pos.inCheck();
  if (!inCheck) {
    const standPat = evaluate(pos);
    if (standPat >= beta) return beta;
    if (standPat > alpha) alpha = standPat;
  }
  let legal = 0;
  for (const move of ordered(pos, pos.generate([], !inCheck))) {
    if (!pos.make(move)) continue;
    legal += 1;
    const score = -quiesce(pos, -beta, -alpha, ply + 1, budget);
    pos.unmake();
    if (score >= beta) return beta;
    if (score > alpha) alpha = score;
  }
  if (inCheck && legal === 0) return -MATE + ply;
  return alpha;
}

/** Captures first (most valuable victim, then least valuable attacker), then promotions, then the rest. */
function ordered(pos: Position, moves: number[]): number[] {
  const b = pos.board;
  const keyed = moves.map((move, index) => {
    const victim = typeOf(b[moveTo(move)]!);
    const attacker = typeOf(b[moveFrom(move)]!);
    let key = 0;
    if (victim) key = 10_000 + VALUE[victim]! * 10 - VALUE[attacker]! / 10;
    if (movePromotion(move)) key += 5_000 + VALUE[movePromotion(move)]!;
    return { move, key, index };
  });
  keyed.sort((x, y) => y.key - x.key || x.index - y.index);
  return keyed.map((k) => k.move);
}

/** Evaluation from the side to move's point of view. */
function evaluate(pos: Position): number {
  const b = pos.board;
  let middle = 0;
  let end = 0;
  let phase = 0;
  const material = [0, 0];
  const pawns = [0, 0];
  const bishops = [0, 0];
  for (let sq = 0; sq < 128; sq++) {
    if (sq & 0x88) {
      sq += 7;
      continue;
    }
    const piece = b[sq]!;
    if (!piece) continue;
    const type = typeOf(piece);
    const color = colorOf(piece) >> 3;
    const sign = color === 0 ? 1 : -1;
    // Tables are written for white; mirror the rank for black.
    const index = color === 0 ? sq : (7 - (sq >> 4)) * 16 + (sq & 7);
    middle += sign * (VALUE[type]! + MIDDLE[type]![index]!);
    end += sign * (VALUE[type]! + END[type]![index]!);
    phase += PHASE[type]!;
    if (type !== KING) material[color]! += VALUE[type]!;
    if (type === PAWN) pawns[color]! += 1;
    if (type === BISHOP) bishops[color]! += 1;
  }
  phase = Math.min(phase, 24);
  let score = Math.round((middle * phase + end * (24 - phase)) / 24);
  if (bishops[0]! >= 2) score += 30;
  if (bishops[1]! >= 2) score -= 30;
  score += mopUp(pos, material, pawns);
  return pos.side === 0 ? score : -score;
}

/**
 * When one side has only its king left and the other has at least a rook's worth: push the lone
 * king to the edge and bring the other king close, so the stronger side makes progress to mate.
 */
function mopUp(pos: Position, material: number[], pawns: number[]): number {
  for (const strong of [0, 1] as const) {
    const weak = 1 - strong;
    if (material[weak] === 0 && pawns[weak] === 0 && material[strong]! - pawns[strong]! * 100 >= VALUE[ROOK]!) {
      const lone = pos.kings[weak]!;
      const other = pos.kings[strong]!;
      const edge = CENTRE_DISTANCE[lone]!;
      const apart = Math.abs((lone >> 4) - (other >> 4)) + Math.abs((lone & 7) - (other & 7));
      const bonus = edge * 10 + (14 - apart) * 4;
      return strong === 0 ? bonus : -bonus;
    }
  }
  return 0;
}

/** Chebyshev distance from the centre, 0 (d4, e4, d5, e5) to 3 (the edge), per 0x88 square. */
const CENTRE_DISTANCE = table((file, rank) => Math.max(Math.abs(2 * file - 7), Math.abs(2 * rank - 7)) >> 1);

/** A 0x88 table from a rule over (file, rank), both 0–7, from white's side. */
function table(rule: (file: number, rank: number) => number): Int16Array {
  const out = new Int16Array(128);
  for (let rank = 0; rank < 8; rank++) for (let file = 0; file < 8; file++) out[rank * 16 + file] = rule(file, rank);
  return out;
}

const ring = (file: number, rank: number) => Math.max(Math.abs(2 * file - 7), Math.abs(2 * rank - 7)) >> 1;
const centralFile = (file: number) => (file >= 2 && file <= 5 ? 1 : 0);

const PAWN_MIDDLE = table((file, rank) => {
  if (rank === 0 || rank === 7) return 0;
  const advance = (rank - 1) * 5;
  // Central pawns want to advance early; wing pawns in front of the castled king want to stay.
  const centre = centralFile(file) * (rank >= 3 ? 12 : rank === 2 ? 6 : -4) * (file === 3 || file === 4 ? 1.5 : 1);
  const shelter = (file <= 1 || file >= 6) && rank === 1 ? 8 : 0;
  return Math.round(advance + centre + shelter);
});
const PAWN_END = table((_file, rank) => (rank === 0 || rank === 7 ? 0 : (rank - 1) * (rank - 1) * 6));
const KNIGHT_TABLE = table((file, rank) => 20 - ring(file, rank) * 15);
const BISHOP_TABLE = table((file, rank) => 10 - ring(file, rank) * 6 + (rank === 0 ? -8 : 0));
const ROOK_MIDDLE = table((file, rank) => (rank === 6 ? 15 : 0) + (file === 3 || file === 4 ? 5 : 0) + (file === 0 || file === 7 ? -3 : 0));
const ROOK_END = table((_file, rank) => (rank === 6 ? 10 : 0));
const QUEEN_TABLE = table((file, rank) => 6 - ring(file, rank) * 4 + (rank >= 2 ? -3 : 0));
const KING_MIDDLE = table((file, rank) => {
  if (rank > 0) return -15 * rank - 10;
  return file === 6 || file === 1 || file === 2 ? 25 : file === 4 || file === 3 ? 0 : 10;
});
const KING_END = table((file, rank) => 24 - ring(file, rank) * 12);

const EMPTY = new Int16Array(128);
/** Piece-square bonuses by piece type (index 1–6), middle game and end game. */
const MIDDLE = [EMPTY, PAWN_MIDDLE, KNIGHT_TABLE, BISHOP_TABLE, ROOK_MIDDLE, QUEEN_TABLE, KING_MIDDLE];
const END = [EMPTY, PAWN_END, KNIGHT_TABLE, BISHOP_TABLE, ROOK_END, QUEEN_TABLE, KING_END];

function toEngineMove(move: number): EngineMove {
  const promo = movePromotion(move);
  return {
    from: squareName(moveFrom(move)),
    to: squareName(moveTo(move)),
    ...(promo ? { promotion: ' pnbrqk'[promo]! } : {}),
    uci: moveToUci(move),
  };
}

/** Milliseconds from a monotonic clock (Node, browsers and workers alike). */
function now(): number {
  return globalThis.performance.now();
}

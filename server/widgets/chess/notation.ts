/**
 * Reads a move typed in SAN ("Nf3", "exd8=N", "O-O") or UCI ("g1f3", "e7e8q", also "e2-e4") and
 * finds it among the legal moves of the position — or says, in words, why it is not there:
 * malformed, no piece on that square, the other side's piece, cannot reach, would leave the king in
 * check, ambiguous, a missing promotion piece, castling rights gone or the path blocked or attacked;
 * and lists legal moves to choose from.
 */
import type { Chess, Move, Square } from 'chess.js';
import { capitalize, colorName, opposite } from './game.ts';
import { moveFrom, moveTo, Position, squareName } from './position.ts';

export type MoveReading =
  | { ok: true; uci: string }
  | { ok: false; malformed: boolean; message: string };

export const MOVE_FORMATS = 'SAN (e4, Nf3, exd5, O-O, e8=Q) or UCI (e2e4, g1f3, e7e8q)';

/** Finds the legal move `input` names in the position on `chess`. */
export function readMove(chess: Chess, input: string): MoveReading {
  const text = clean(input);
  const legal = chess.moves({ verbose: true });
  const uci = /^([a-h][1-8])[-x]?([a-h][1-8])=?([qrbn])?$/.exec(/^[a-h][1-8][-x]?[a-h][1-8]/i.test(text) ? text.toLowerCase() : text);
  if (uci) return readCoordinates(chess, legal, input.trim(), uci[1] as Square, uci[2] as Square, uci[3]);

  const castle = /^O-O(-O)?$/.exec(text.replace(/[0o]/g, 'O'));
  if (castle) {
    const side = castle[1] ? 'q' : 'k';
    const found = legal.find((m) => (side === 'k' ? m.isKingsideCastle() : m.isQueensideCastle()));
    if (found) return { ok: true, uci: found.lan };
    return illegal(`Illegal move ${input.trim()}: ${lowerFirst(castleProblem(chess, side))} ${summary(legal)}`);
  }

  const piece = /^([KQRBN])([a-h])?([1-8])?x?([a-h][1-8])$/.exec(text);
  const pawn = /^(?:([a-h])x)?([a-h][1-8])(?:=?([QRBNqrbn]))?$/.exec(text);
  if (!piece && !pawn) {
    return { ok: false, malformed: true, message: `Could not read "${input.trim()}" as a move. Write it in ${MOVE_FORMATS}.` };
  }
  const type = piece ? piece[1]!.toLowerCase() : 'p';
  const to = (piece ? piece[4] : pawn![2]) as Square;
  const fromFile = piece ? piece[2] : (pawn![1] ?? to[0]);
  const fromRank = piece?.[3];
  const promotion = pawn?.[3]?.toLowerCase();
  const fits = (m: Move) =>
    m.piece === type && m.to === to && (!fromFile || m.from[0] === fromFile) && (!fromRank || m.from[1] === fromRank);
  let found = legal.filter(fits);
  const said = input.trim();

  if (found.some((m) => m.isPromotion())) {
    if (!promotion) return illegal(`${said} promotes a pawn: name the piece, e.g. ${to}=Q or ${to}=N.`);
    found = found.filter((m) => m.promotion === promotion);
  } else if (promotion && found.length) {
    return illegal(`Only a pawn reaching the last rank promotes; play ${found[0]!.san} without "=${promotion.toUpperCase()}".`);
  }
  if (found.length === 1) return { ok: true, uci: found[0]!.lan };
  if (found.length > 1) {
    return illegal(`${said} is ambiguous: ${found.map((m) => m.san).join(' or ')}. Name the piece's file or rank.`);
  }

  const us = chess.turn();
  const name = `${colorName(us)} ${PIECE_NAMES[type]}`;
  const own = chess.findPiece({ type: type as Move['piece'], color: us });
  let reason: string;
  if (own.length === 0) reason = `${capitalize(colorName(us))} has no ${PIECE_NAMES[type]}.`;
  else if (leavesKingInCheck(chess, (m) => own.includes(m.from) && m.to === to && fits({ ...m, piece: type } as Move))) {
    reason = checkReason(chess, said);
  } else if (own.length === 1) reason = `The ${name} on ${own[0]} cannot move to ${to}.`;
  else {
    const namedFile = piece ? piece[2] : pawn![1];
    reason = `No ${name} can move to ${to}${namedFile ? ` from the ${namedFile} file` : ''}${fromRank ? ` from rank ${fromRank}` : ''}.`;
  }
  return illegal(`Illegal move ${said}: ${lowerFirst(reason)} ${summary(legal)}`);
}

/** A move given by its squares (UCI or long algebraic). */
function readCoordinates(chess: Chess, legal: Move[], said: string, from: Square, to: Square, promotion?: string): MoveReading {
  const us = chess.turn();
  const piece = chess.get(from);
  if (from === to) return { ok: false, malformed: true, message: `${said} moves a piece to the square it stands on. Write a move in ${MOVE_FORMATS}.` };
  if (!piece) return illegal(`Illegal move ${said}: there is no piece on ${from}. ${summary(legal)}`);
  if (piece.color !== us) {
    return illegal(
      `Illegal move ${said}: the piece on ${from} is a ${colorName(piece.color)} ${PIECE_NAMES[piece.type]}, and it is ${colorName(us)}'s turn. ${summary(legal)}`,
    );
  }
  const fromHere = legal.filter((m) => m.from === from);
  const found = fromHere.filter((m) => m.to === to);
  if (found.some((m) => m.isPromotion())) {
    const exact = found.find((m) => m.promotion === promotion);
    if (exact) return { ok: true, uci: exact.lan };
    return illegal(`${said} promotes a pawn: add the piece, e.g. ${from}${to}q (queen) or ${from}${to}n (knight).`);
  }
  if (found.length === 1) {
    if (promotion) return illegal(`Only a pawn reaching the last rank promotes; play ${from}${to} without "${promotion}".`);
    return { ok: true, uci: found[0]!.lan };
  }

  const name = `${PIECE_NAMES[piece.type]} on ${from}`;
  let reason: string;
  if (piece.type === 'k' && from[1] === to[1] && Math.abs(from.charCodeAt(0) - to.charCodeAt(0)) === 2 && from[0] === 'e') {
    reason = castleProblem(chess, to[0] === 'g' ? 'k' : 'q');
  } else if (leavesKingInCheck(chess, (m) => m.from === from && m.to === to)) {
    reason = checkReason(chess, said);
  } else {
    reason = `the ${name} cannot move to ${to}.`;
  }
  const options = fromHere.length
    ? `Legal moves from ${from}: ${fromHere.map((m) => m.san).join(', ')}.`
    : `The ${name} has no legal move. ${summary(legal)}`;
  return illegal(`Illegal move ${said}: ${lowerFirst(reason)} ${options}`);
}

/** Why castling on `side` is not possible in the position. */
function castleProblem(chess: Chess, side: 'k' | 'q'): string {
  const us = chess.turn();
  const them = opposite(us);
  const rank = us === 'w' ? '1' : '8';
  const wing = side === 'k' ? 'kingside' : 'queenside';
  const Us = capitalize(colorName(us));
  if (!chess.getCastlingRights(us)[side]) return `${Us} can no longer castle ${wing} (the king or that rook has moved).`;
  const between = (side === 'k' ? ['f', 'g'] : ['b', 'c', 'd']).map((f) => `${f}${rank}` as Square);
  const blocked = between.filter((sq) => chess.get(sq));
  if (blocked.length) return `Castling ${wing} needs ${between.join(', ')} empty; ${blocked.join(', ')} ${blocked.length > 1 ? 'are' : 'is'} occupied.`;
  if (chess.inCheck()) return `${Us} is in check and cannot castle out of it.`;
  const path = (side === 'k' ? ['f', 'g'] : ['d', 'c']).map((f) => `${f}${rank}` as Square);
  const attacked = path.find((sq) => chess.isAttacked(sq, them));
  if (attacked) return `The king cannot castle ${wing}: it would pass through or land on ${attacked}, which ${colorName(them)} attacks.`;
  return `Castling ${wing} is not possible here.`;
}

/** Why a move that the pieces could make is still illegal: it leaves or puts the own king in check. */
function checkReason(chess: Chess, said: string): string {
  const us = colorName(chess.turn());
  return chess.inCheck()
    ? `${capitalize(us)} is in check, and ${said} does not get out of it.`
    : `${said} would leave the ${us} king in check.`;
}

/**
 * True when some pseudo-legal move (one the pieces could make, ignoring the own king) matches and
 * every such move leaves the mover's king attacked.
 */
function leavesKingInCheck(chess: Chess, matches: (m: { from: Square; to: Square }) => boolean): boolean {
  const pos = Position.fromFen(chess.fen());
  const candidates = pos
    .generate([])
    .filter((m) => matches({ from: squareName(moveFrom(m)) as Square, to: squareName(moveTo(m)) as Square }));
  if (candidates.length === 0) return false;
  return candidates.every((m) => {
    if (!pos.make(m)) return true;
    pos.unmake();
    return false;
  });
}

/** "Legal moves: e4, d4, Nf3, … (20 in all)." */
export function summary(legal: Move[], max = 10): string {
  if (legal.length === 0) return 'There are no legal moves.';
  const shown = legal.slice(0, max).map((m) => m.san);
  return `Legal moves: ${shown.join(', ')}${legal.length > max ? `, … (${legal.length} in all)` : ''}.`;
}

function illegal(message: string): MoveReading {
  return { ok: false, malformed: false, message };
}

/** Drops what SAN allows around a move: check and annotation marks, "e.p.", spaces, a long dash. */
function clean(input: string): string {
  return input
    .trim()
    .replace(/\s*e\.?p\.?$/i, '')
    .replace(/[+#!?]+$/, '')
    .replace(/[×:]/g, 'x')
    .replace(/[–—]/g, '-')
    .replace(/\s+/g, '');
}

/** Lower-cases a sentence's first word to continue "Illegal move X: …" (never a move like "Bd3"). */
function lowerFirst(text: string): string {
  return /^(The|No|White|Black|Castling)\b/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

const PIECE_NAMES: Record<string, string> = { p: 'pawn', n: 'knight', b: 'bishop', r: 'rook', q: 'queen', k: 'king' };

import { Chess, type Move, type Square } from 'chess.js';
import type { ChessMove, ChessView, Color } from './view.ts';

export const FILES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] as const;
export const START_FEN = 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1';

/** A chess.js position for a FEN, or null when the FEN is not a legal position. */
export function positionOf(fen: string): Chess | null {
  try {
    return new Chess(fen);
  } catch {
    return null;
  }
}

/** A view for a position the board holds itself (a plain page, or an optimistic move). */
export function viewOf(chess: Chess, base: Pick<ChessView, 'gameId' | 'players' | 'version' | 'moves'>, last?: Move): ChessView {
  const turn = chess.turn();
  const view: ChessView = {
    gameId: base.gameId,
    fen: chess.fen(),
    turn,
    moves: last ? [...base.moves, last.san] : base.moves,
    lastMove: last ? toChessMove(last) : null,
    status: 'active',
    check: chess.isCheck(),
    players: base.players,
    version: base.version,
  };
  if (chess.isCheckmate()) Object.assign(view, { status: 'checkmate', winner: other(turn) });
  else if (chess.isStalemate()) view.status = 'stalemate';
  else if (chess.isThreefoldRepetition()) Object.assign(view, { status: 'draw', drawReason: 'threefold-repetition' });
  else if (chess.isInsufficientMaterial()) Object.assign(view, { status: 'draw', drawReason: 'insufficient-material' });
  else if (chess.isDrawByFiftyMoves()) Object.assign(view, { status: 'draw', drawReason: 'fifty-move-rule' });
  return view;
}

export function toChessMove(move: Move): ChessMove {
  const result: ChessMove = { from: move.from, to: move.to, san: move.san };
  if (move.promotion) result.promotion = move.promotion;
  return result;
}

export function other(color: Color): Color {
  return color === 'w' ? 'b' : 'w';
}

/** Finds the legal move a person typed, in SAN ("Nf3", "exd8=N", "O-O") or UCI ("g1f3", "e7e8q"). */
export function parseTypedMove(chess: Chess, text: string): Move | null {
  const typed = text.trim().replace(/0/g, 'O');
  if (!typed) return null;
  const uci = /^([a-h][1-8])-?([a-h][1-8])([qrbnQRBN])?$/.exec(typed);
  const legal = chess.moves({ verbose: true });
  if (uci) {
    const [, from, to, promotion] = uci;
    const matches = legal.filter((m) => m.from === from && m.to === to);
    return matches.find((m) => m.promotion === (promotion?.toLowerCase() ?? 'q')) ?? matches.find((m) => !m.promotion) ?? null;
  }
  const san = typed.replace(/[+#!?]+$/, '');
  return legal.find((m) => m.san.replace(/[+#]$/, '') === san) ?? legal.find((m) => m.san.replace(/[+#]$/, '').toLowerCase() === san.toLowerCase()) ?? null;
}

/** The square a legal move from `from` to `to` would need a promotion choice for. */
export function needsPromotion(chess: Chess, from: string, to: string): boolean {
  return chess.moves({ square: from as Square, verbose: true }).some((m) => m.to === to && m.promotion);
}

/** The game as PGN (standard tags plus the moves). */
export function pgnOf(view: ChessView): string {
  const chess = new Chess(view.startFen ?? START_FEN);
  for (const san of view.moves) {
    try {
      chess.move(san);
    } catch {
      break;
    }
  }
  chess.setHeader('Event', 'Skylit game');
  chess.setHeader('White', view.players.w === 'computer' ? 'Computer' : 'Player');
  chess.setHeader('Black', view.players.b === 'computer' ? 'Computer' : 'Player');
  const result = view.winner ? (view.winner === 'w' ? '1-0' : '0-1') : view.status === 'active' ? '*' : '1/2-1/2';
  chess.setHeader('Result', result);
  return chess.pgn();
}

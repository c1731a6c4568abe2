// The game's rules on the engine's board (game-board.ts) give what chess.js gives: in every position
// two plies deep from positions full of special moves, the same legal moves with the same SAN
// (disambiguation, captures, en passant, castling, promotions, check and mate), the same FEN (the
// en-passant square only when it can be taken), check, and the same dead positions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Chess } from 'chess.js';
import { GameBoard } from '../../server/widgets/chess/game-board.ts';

const RICH_POSITIONS = [
  'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1',
  'r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1', // castling, pins, many captures
  '8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 0 1', // en passant with a pinned pawn
  'r3k2r/Pppp1ppp/1b3nbN/nP6/BBP1P3/q4N2/Pp1P2PP/R2Q1RK1 w kq - 0 1', // promotions with capture
  'rnbq1k1r/pp1Pbppp/2p5/8/2B5/8/PPP1NnPP/RNBQK2R w KQ - 1 8',
  '1k6/8/8/8/8/8/8/R1R1K2N w - - 0 1', // rooks and knights that need their file or rank named
  '7k/8/8/8/8/2N1N3/8/2N1N2K w - - 0 1', // knights that need the whole square named
  '6k1/5ppp/8/8/8/8/8/R5K1 w - - 0 1', // mate in one
];

const byUci = (moves: { uci: string; san: string }[]) => [...moves].sort((a, b) => a.uci.localeCompare(b.uci));

/** Compares the board with chess.js in `fen`, and returns chess.js's moves to go on from. */
function compare(fen: string): string[] {
  const chess = new Chess(fen);
  const board = GameBoard.fromFen(fen);
  const expected = chess.moves({ verbose: true }).map((m) => ({ uci: m.lan, san: m.san }));
  assert.deepEqual(byUci(board.legalMoves()), byUci(expected), `legal moves of ${fen}`);
  assert.equal(board.fen(), chess.fen(), `FEN of ${fen}`);
  assert.equal(board.inCheck(), chess.inCheck(), `check in ${fen}`);
  assert.equal(board.insufficientMaterial(), chess.isInsufficientMaterial(), `dead position ${fen}`);
  return expected.map((m) => m.uci);
}

describe('the game board', () => {
  it('lists, writes and plays every move as chess.js does, two plies deep from positions full of special moves', () => {
    let positions = 0;
    for (const start of RICH_POSITIONS) {
      for (const first of compare(start)) {
        const board = GameBoard.fromFen(start);
        const chess = new Chess(start);
        const played = board.play(first);
        const move = chess.move({ from: first.slice(0, 2), to: first.slice(2, 4), promotion: first[4] });
        assert.equal(played.san, move.san);
        assert.equal(played.irreversible, move.piece === 'p' || move.isCapture());
        assert.equal(board.fen(), chess.fen(), `${start} after ${first}`);
        compare(chess.fen());
        positions += 1;
      }
    }
    assert.ok(positions > 150, `${positions} positions compared`);
  });

  it('knows the dead positions chess.js knows', () => {
    for (const fen of [
      '8/8/4k3/8/8/8/4K3/8 w - - 0 1',
      '8/8/4k3/8/8/8/4KN2/8 w - - 0 1',
      '8/8/4k3/8/8/8/4KB2/8 w - - 0 1',
      '8/8/2b1k3/8/8/8/4KB2/8 w - - 0 1',
      '8/8/3bk3/8/8/8/4KB2/8 w - - 0 1',
      '8/8/4k3/8/8/8/3NKN2/8 w - - 0 1',
      '8/8/4k3/8/8/8/4KP2/8 w - - 0 1',
    ]) {
      assert.equal(GameBoard.fromFen(fen).insufficientMaterial(), new Chess(fen).isInsufficientMaterial(), fen);
    }
  });

  it('names a typed move by its UCI or SAN, with or without a check sign, and nothing else', () => {
    const board = GameBoard.fromFen('6k1/5ppp/8/8/8/8/8/R5K1 w - - 0 1');
    assert.equal(board.moveNamed('a1a8'), 'a1a8');
    assert.equal(board.moveNamed('Ra8#'), 'a1a8');
    assert.equal(board.moveNamed('Ra8'), 'a1a8');
    assert.equal(board.moveNamed('ra8'), null, 'other spellings go to the notation reader');
    assert.equal(board.moveNamed('Rb9'), null);
  });
});

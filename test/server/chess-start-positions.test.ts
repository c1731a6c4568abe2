// Start positions no game can reach are refused before anything else happens, with every reason in
// words; positions a game can reach (checks, promotions, en passant) are accepted in chess.js's form.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkStartPosition } from '../../server/widgets/chess/start-position.ts';
import { callChess, ok, startChessServer, stubChessDist, type ChessServer } from './fixtures/chess-server.ts';
import { tempDir } from './helpers.ts';

const refusals: [string, string, RegExp][] = [
  ['nine pawns', 'rnbqkbnr/pppppppp/8/8/8/P7/PPPPPPPP/RNBQKBNR w KQkq - 0 1', /white has 9 pawns \(at most 8\)/],
  ['thirty knights', 'nnnnknnn/nnnnnnnn/8/8/8/8/NNNNNNNN/NNNNKNNN w - - 0 1', /white has 13 extra knights: 13 promoted pawns, but with 0 pawns on the board at most 8 can have promoted/],
  ['seventeen pieces', 'rnbqkbnr/pppppppp/8/8/8/N7/PPPPPPPP/RNBQKBNR w KQkq - 0 1', /white has 17 pieces \(at most 16\)/],
  ['three queens beside eight pawns', '3qk3/8/8/8/8/8/PPPPPPPP/QQQ1K3 w - - 0 1', /white has 2 extra queens: 2 promoted pawns, but with 8 pawns on the board at most 0 can have promoted/],
  ['two light-squared bishops and eight pawns', '4k3/pppppppp/8/8/8/8/PPPPPPPP/3BKB2 w - - 0 1', /extra light-squared bishop/],
  ['doubled pawns with nothing captured', 'rnbqkbnr/pppppppp/8/8/8/P7/P1PPPPPP/RNBQKBNR w KQkq - 0 1', /white's pawns stand on files that take at least 1 capture to reach, but black has lost only 0 pieces/],
  ['the side that just moved in check', '4k3/8/8/8/8/8/8/4R1K1 w - - 0 1', /black is in check but it is white's turn/],
  ['a triple check', '4k3/8/8/1B5Q/8/8/8/4R1K1 b - - 0 1', /black's king is in check from 3 pieces \(.*\); one move gives at most a double check/],
  ['a double check by a pawn and a knight', '4k3/3P4/5N2/8/8/8/8/4K3 b - - 0 1', /double check from pawn on d7, knight on f6.*needs a bishop, rook or queen/],
  ['an en-passant square with no pawn that just moved', '4k3/8/8/8/8/8/8/4K3 b - e3 0 1', /en-passant square e3 says white just played e2-e4, but no white pawn stands on e4/],
  ['an en-passant square after a move that was not a pawn move', '4k3/8/8/8/4Pp2/8/8/4K3 b - e3 5 10', /half-move clock must be 0 \(not 5\)/],
  ['a half-move clock of 150', '4k3/8/8/8/8/8/8/4K2R w - - 150 200', /half-move clock is 150, but it runs from 0 to 100/],
  ['a half-move clock the move number cannot hold', '4k3/8/8/8/8/8/8/4K2R w - - 40 3', /half-move clock is 40, but at move 3 with white to move only 4 half-moves have been played/],
  ['a move number past any game', '4k3/8/8/8/8/8/8/4K2R w - - 0 9999', /move number is 9999/],
];

describe('start positions', () => {
  for (const [what, fen, reason] of refusals) {
    it(`refuses ${what}, saying why`, () => {
      const checked = checkStartPosition(fen);
      assert.equal(checked.ok, false);
      if (!checked.ok) {
        assert.equal(checked.malformed, false);
        assert.match(checked.problem, reason);
      }
    });
  }

  it('names every problem of a position at once', () => {
    const checked = checkStartPosition('nnnnknnn/pppppppp/8/8/8/8/PPPPPPPP/NNNNKNNN w - - 150 1');
    assert.equal(checked.ok, false);
    if (!checked.ok) {
      assert.match(checked.problem, /white has 5 extra knights/);
      assert.match(checked.problem, /black has 5 extra knights/);
      assert.match(checked.problem, /half-move clock is 150/);
    }
  });

  it('accepts what games reach: promoted pieces with pawns gone, a discovered double check, en passant, a long game', () => {
    for (const fen of [
      'QQQQk3/8/8/8/8/8/PPPPP3/4K3 b - - 0 60', // three pawns promoted to queens (captures made room)
      '4k3/8/8/8/8/8/8/4K2R w K - 0 1',
      '4k3/8/5N2/8/8/8/8/4R1K1 b - - 0 1', // knight and rook: a discovered double check
      'rnbqkbnr/ppp1p1pp/8/3pPp2/8/8/PPPP1PPP/RNBQKBNR w KQkq f6 0 3', // f7-f5 beside the e5 pawn
      '8/8/4k3/8/8/8/4K3/R7 w - - 98 80',
      'k7/8/8/8/8/8/8/7K w - - 0 5000',
    ]) {
      const checked = checkStartPosition(fen);
      assert.equal(checked.ok, true, `${fen}: ${checked.ok ? '' : checked.problem}`);
    }
  });

  it('keeps chess.js\'s normal form: impossible castling rights and an en-passant square nobody can take on are dropped', () => {
    assert.deepEqual(checkStartPosition('r3k2r/8/8/8/8/8/8/4K3 w KQkq - 0 1'), { ok: true, fen: 'r3k2r/8/8/8/8/8/8/4K3 w kq - 0 1' });
    assert.deepEqual(checkStartPosition('4k3/8/8/8/4P3/8/8/4K3 b - e3 0 1'), { ok: true, fen: '4k3/8/8/8/4P3/8/8/4K3 b - - 0 1' });
  });

  it('tells a malformed FEN from an unreachable one', () => {
    const checked = checkStartPosition('not a fen');
    assert.deepEqual(checked, { ok: false, malformed: true, problem: 'must contain six space-delimited fields' });
  });
});

describe('chess_new_game with a start position', () => {
  const dir = tempDir('skylit-start-');
  let server: ChessServer;
  before(async () => {
    server = await startChessServer(join(dir.path, 'start.db'), stubChessDist(dir.path));
  });
  after(async () => {
    await server?.close();
    dir.remove();
  });

  it('refuses an unreachable one with the reasons, and starts nothing', async () => {
    const answer = await callChess(server.client, 'chess_new_game', { fen: 'rnbqkbnr/pppppppp/8/8/8/P7/PPPPPPPP/RNBQKBNR w KQkq - 0 1' });
    assert.equal(answer.isError, true);
    assert.match(answer.text, /^No game reaches the position "rnbqkbnr\/.*": white has 9 pawns \(at most 8\); .*Give a position a game can reach\.$/);
    assert.equal(answer.view, undefined);
    assert.deepEqual(await server.store.list('game:'), []);
  });

  it('starts from a reachable one', async () => {
    const game = ok(await callChess(server.client, 'chess_new_game', { fen: '4k3/8/5N2/8/8/8/8/4R1K1 b - - 0 1', opponent: 'human' }));
    assert.equal(game.check, true);
    assert.equal(game.startFen, '4k3/8/5N2/8/8/8/8/4R1K1 b - - 0 1');
  });
});

// The chess tools over the official SDK client: a game against the computer and between two
// people, every special move by SAN and UCI, compare-and-set and idempotent writes, game-over rules,
// clear errors for bad input, a deterministic engine, and games that survive a server restart.
// The tools do not need the board's bundle: the server gets a one-line stub in a temp dist dir.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Chess } from 'chess.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Client as SdkClient } from '@modelcontextprotocol/sdk/client/index.js';
import { CONFLICT_META_KEY, LEGAL_MOVES_META_KEY, type ChessView, type LegalMove } from '../../components/chess-board/view.ts';
import { ROOT_DIR } from '../../server/build.ts';
import { bundlePath, DIALECTS } from '../../server/resources.ts';
import { managerWidgetManifest } from '../../server/manager/widget-manifest.ts';
import { CLOSE_WIDGET_META_KEY, VIEW_ID_META_KEY } from '../../server/result.ts';
import { chooseMove } from '../../server/widgets/chess/engine.ts';
import { perft, Position } from '../../server/widgets/chess/position.ts';
import { builtinWidgets } from '../../server/widgets/index.ts';
import { callChess, ok, startChessServer, stubChessDist, type Answer, type ChessServer } from './fixtures/chess-server.ts';
import { tempDir } from './helpers.ts';

let requestCounter = 0;
const freshId = () => `request-${process.pid}-${++requestCounter}`;

const call = (client: Client, name: string, args: Record<string, unknown>) => callChess(client, name, args);

/** Legal moves in UCI order (the contract leaves their order open). */
const byUci = (moves: LegalMove[]) => [...moves].sort((a, b) => a.uci.localeCompare(b.uci));

/** The piece on a square of a FEN ("N", "p", or "" when empty). */
function pieceAt(fen: string, square: string): string {
  const rows = fen.split(' ')[0]!.split('/');
  const row = rows[8 - Number(square[1])]!.replace(/\d/g, (n) => '.'.repeat(Number(n)));
  const piece = row[square.charCodeAt(0) - 97]!;
  return piece === '.' ? '' : piece;
}

describe('chess tools', () => {
  const dir = tempDir('skylit-chess-');
  let server: ChessServer;
  let client: Client;

  const newGame = async (args: Record<string, unknown> = {}) => ok(await call(client, 'chess_new_game', args));
  const move = (game: ChessView, text: string, requestId = freshId()) =>
    call(client, 'chess_make_move', { gameId: game.gameId, move: text, expectedVersion: game.version, requestId });
  const play = async (game: ChessView, ...moves: string[]) => {
    for (const text of moves) game = ok(await move(game, text));
    return game;
  };
  const twoPeople = (fen?: string) => newGame({ opponent: 'human', ...(fen ? { fen } : {}) });

  before(async () => {
    server = await startChessServer(join(dir.path, 'chess.db'), stubChessDist(dir.path));
    client = server.client;
  });
  after(async () => {
    await server?.close();
    dir.remove();
  });

  describe('the tools', () => {
    it('are listed with their hints: reads are read-only, writes are idempotent, resign is destructive, the PGN is widget-only', async () => {
      const { tools } = await client.listTools();
      const byName = new Map(tools.map((t) => [t.name, t]));
      assert.deepEqual([...byName.keys()].sort(), ['chess_get_game', 'chess_get_pgn', 'chess_make_move', 'chess_new_game', 'chess_resign']);
      assert.equal(byName.get('chess_get_game')!.annotations?.readOnlyHint, true);
      assert.equal(byName.get('chess_get_pgn')!.annotations?.readOnlyHint, true);
      assert.deepEqual((byName.get('chess_get_pgn')!._meta as { ui: { visibility: string[] } }).ui.visibility, ['app'], 'hidden from the model');
      assert.equal(byName.get('chess_get_pgn')!._meta?.['openai/visibility'], 'private');
      for (const name of ['chess_new_game', 'chess_make_move', 'chess_resign']) {
        assert.equal(byName.get(name)!.annotations?.readOnlyHint, false, name);
      }
      assert.equal(byName.get('chess_make_move')!.annotations?.idempotentHint, true);
      assert.equal(byName.get('chess_new_game')!.annotations?.idempotentHint, false, 'without a requestId every call is a new game');
      assert.equal(byName.get('chess_resign')!.annotations?.destructiveHint, true);
      assert.equal(byName.get('chess_make_move')!.annotations?.destructiveHint, false);
      assert.deepEqual(byName.get('chess_make_move')!.inputSchema.required?.slice().sort(), ['expectedVersion', 'gameId', 'move', 'requestId']);
    });

    it('starts a game against the computer: the view of the contract, the game id as view id, the same game on get', async () => {
      const answer = await call(client, 'chess_new_game', {});
      const game = ok(answer);
      assert.match(game.gameId, /^[0-9a-f]{16}$/);
      assert.equal(game.fen, new Chess().fen());
      assert.deepEqual(
        { turn: game.turn, moves: game.moves, lastMove: game.lastMove, status: game.status, check: game.check, version: game.version },
        { turn: 'w', moves: [], lastMove: null, status: 'active', check: false, version: 1 },
      );
      assert.deepEqual(game.players, { w: 'human', b: 'computer' });
      assert.equal(game.startFen, undefined, 'no startFen for the standard start');
      assert.equal(answer.meta[VIEW_ID_META_KEY], game.gameId);
      assert.match(answer.text, /you play white/);
      const again = await call(client, 'chess_get_game', { gameId: game.gameId });
      assert.deepEqual(ok(again), game);
      assert.match(again.text, /0 moves played\. White to move\./);
      assert.equal(again.meta[VIEW_ID_META_KEY], game.gameId);
    });

    it('sends the legal moves of the position in _meta (widget-only), none once the game is over, and with a refusal', async () => {
      const legalOf = (answer: Answer) => answer.meta[LEGAL_MOVES_META_KEY] as LegalMove[];
      const start = await call(client, 'chess_new_game', { opponent: 'human' });
      const expected = new Chess().moves({ verbose: true }).map((m) => ({ uci: m.lan, san: m.san }));
      assert.deepEqual(byUci(legalOf(start)), byUci(expected), 'every legal move, in any order');
      assert.equal(JSON.stringify(start.view).includes('legal'), false, 'the model-visible view does not carry them');
      const after = await move(start.view, 'e4');
      assert.ok(legalOf(after).some((m) => m.uci === 'e7e5' && m.san === 'e5'));
      assert.ok(!legalOf(after).some((m) => m.uci.startsWith('e2')), 'moves of the new position, not the old');
      const refused = await move(after.view, 'e4');
      assert.equal(refused.isError, true);
      assert.deepEqual(legalOf(refused), legalOf(after), 'an illegal move answers with the unchanged position and its moves');
      const conflict = await move(start.view, 'd4');
      assert.equal(conflict.meta[CONFLICT_META_KEY], true);
      assert.deepEqual(legalOf(conflict), legalOf(after), 'a conflict answers with the current position and its moves');
      const mated = await call(client, 'chess_new_game', { side: 'w', fen: 'rnbqkbnr/pppp1ppp/8/4p3/6P1/5P2/PPPPP2P/RNBQKBNR b KQkq - 0 2' });
      assert.equal(mated.view.status, 'checkmate');
      assert.deepEqual(legalOf(mated), []);
    });

    it('lets the computer open when it plays white, and replies to every move in the same call (one version per call)', async () => {
      const game = await newGame({ side: 'b' });
      assert.deepEqual(game.players, { w: 'computer', b: 'human' });
      assert.equal(game.turn, 'b');
      assert.equal(game.moves.length, 1);
      assert.equal(game.lastMove?.san, game.moves[0]);
      assert.equal(game.version, 1);
      const other = await newGame({ side: 'b' });
      assert.deepEqual(other.moves, game.moves, 'the same position gets the same reply');

      const next = ok(await move(game, 'e5'));
      assert.equal(next.moves.length, 3);
      assert.equal(next.moves[1], 'e5');
      assert.equal(next.lastMove?.san, next.moves[2], 'lastMove is the computer reply');
      assert.equal(next.turn, 'b');
      assert.equal(next.version, 2);
    });

    it('returns one game for one requestId, another for another', async () => {
      const requestId = freshId();
      const first = await newGame({ side: 'random', requestId });
      const retry = await newGame({ side: 'random', requestId });
      assert.deepEqual(retry, first);
      const other = await newGame({ side: 'random', requestId: freshId() });
      assert.notEqual(other.gameId, first.gameId);
    });

    it('starts from a FEN and reports it as startFen; castling rights the pieces cannot have are dropped', async () => {
      const game = await twoPeople('r3k2r/8/8/8/8/8/8/4K3 w KQkq - 0 1');
      assert.equal(game.fen, 'r3k2r/8/8/8/8/8/8/4K3 w kq - 0 1');
      assert.equal(game.startFen, game.fen);
      assert.deepEqual(game.players, { w: 'human', b: 'human' });
    });
  });

  describe('special moves, by SAN and by UCI', () => {
    const castling = 'r3k2r/pppppppp/8/8/8/8/PPPPPPPP/R3K2R w KQkq - 0 1';

    it('castles kingside by SAN and queenside by UCI', async () => {
      let game = await twoPeople(castling);
      game = ok(await move(game, 'O-O'));
      assert.equal(game.fen, 'r3k2r/pppppppp/8/8/8/8/PPPPPPPP/R4RK1 b kq - 1 1');
      assert.deepEqual(game.lastMove, { from: 'e1', to: 'g1', san: 'O-O' });
      game = ok(await move(game, 'e8c8'));
      assert.equal(game.fen, '2kr3r/pppppppp/8/8/8/8/PPPPPPPP/R4RK1 w - - 2 2');
      assert.deepEqual(game.lastMove, { from: 'e8', to: 'c8', san: 'O-O-O' });
      assert.deepEqual(game.moves, ['O-O', 'O-O-O']);
    });

    it('castles queenside by SAN and kingside by UCI (and reads 0-0-0)', async () => {
      let game = await twoPeople(castling);
      game = ok(await move(game, '0-0-0'));
      assert.equal(pieceAt(game.fen, 'c1'), 'K');
      assert.equal(pieceAt(game.fen, 'd1'), 'R');
      assert.equal(pieceAt(game.fen, 'a1'), '');
      game = ok(await move(game, 'e8g8'));
      assert.equal(game.fen, 'r4rk1/pppppppp/8/8/8/8/PPPPPPPP/2KR3R w - - 2 2');
      assert.deepEqual(game.moves, ['O-O-O', 'O-O']);
    });

    it('takes en passant by SAN and by UCI', async () => {
      const start = '4k3/3p4/8/4P3/8/8/8/4K3 b - - 0 1';
      for (const capture of ['exd6', 'e5d6', 'exd6 e.p.']) {
        let game = await twoPeople(start);
        game = ok(await move(game, 'd7d5'));
        game = ok(await move(game, capture));
        assert.equal(game.fen, '4k3/8/3P4/8/8/8/8/4K3 b - - 0 2', capture);
        assert.deepEqual(game.lastMove, { from: 'e5', to: 'd6', san: 'exd6' });
        assert.equal(pieceAt(game.fen, 'd5'), '', 'the captured pawn is gone');
      }
    });

    it('promotes and under-promotes by SAN and by UCI, with and without a capture', async () => {
      const start = '3r3k/4P3/8/8/8/8/8/4K3 w - - 0 1';
      const cases: [string, string, string, string][] = [
        ['e8=Q', 'e8', 'Q', 'q'],
        ['e7e8q', 'e8', 'Q', 'q'],
        ['exd8=N', 'd8', 'N', 'n'],
        ['e7d8n', 'd8', 'N', 'n'],
        ['e8=R', 'e8', 'R', 'r'],
        ['e7e8r', 'e8', 'R', 'r'],
        ['exd8=B', 'd8', 'B', 'b'],
        ['e7d8b', 'd8', 'B', 'b'],
        ['e8Q', 'e8', 'Q', 'q'],
      ];
      for (const [text, square, piece, letter] of cases) {
        const game = ok(await move(await twoPeople(start), text));
        assert.equal(pieceAt(game.fen, square), piece, text);
        assert.equal(pieceAt(game.fen, 'e7'), '', text);
        assert.equal(game.lastMove?.promotion, letter, text);
        assert.equal(game.lastMove?.to, square, text);
        assert.match(game.moves[0]!, new RegExp(`=${piece}`), text);
      }
    });
  });

  describe('compare-and-set and idempotency', () => {
    it('applies one of two moves sent on the same version; the other gets the current game and the conflict flag', async () => {
      const game = await twoPeople();
      const [a, b] = await Promise.all([move(game, 'e4'), move(game, 'd4')]);
      const answers = [a!, b!];
      const applied = answers.filter((x) => !x.isError);
      const refused = answers.filter((x) => x.isError);
      assert.equal(applied.length, 1);
      assert.equal(refused.length, 1);
      const winner = applied[0]!.view;
      assert.equal(winner.version, 2);
      assert.equal(winner.moves.length, 1);
      assert.equal(refused[0]!.meta[CONFLICT_META_KEY], true);
      assert.equal(refused[0]!.meta[VIEW_ID_META_KEY], game.gameId);
      assert.deepEqual(refused[0]!.view, winner, 'the refused call gets the current game');
      assert.match(refused[0]!.text, /changed meanwhile.*version 2, not 1/);
      const now = ok(await call(client, 'chess_get_game', { gameId: game.gameId }));
      assert.deepEqual(now.moves, winner.moves, 'exactly one move was played');
    });

    it('answers a write on a newer version than the game has with a conflict, too', async () => {
      const game = await twoPeople();
      const answer = await move({ ...game, version: 7 }, 'e4');
      assert.equal(answer.isError, true);
      assert.equal(answer.meta[CONFLICT_META_KEY], true);
      assert.equal(answer.view.version, 1);
    });

    it('plays a move once for one requestId, even when the retry comes after the game moved on', async () => {
      const game = await newGame();
      const requestId = freshId();
      const first = ok(await move(game, 'e4', requestId));
      const retry = ok(await move(game, 'e4', requestId));
      assert.deepEqual(retry, first);
      assert.match((await move(game, 'e4', requestId)).text, /already/i);
      assert.equal(first.moves.length, 2);

      const later = ok(await move(first, 'd4'));
      assert.equal(later.version, 3);
      const lateRetry = ok(await move(game, 'e4', requestId));
      assert.deepEqual(lateRetry, first, 'a late retry gets its own result, not a conflict');
      const now = ok(await call(client, 'chess_get_game', { gameId: game.gameId }));
      assert.deepEqual(now.moves, later.moves);
      assert.equal(now.version, 3);

      const reused = await move(later, 'Nf3', requestId);
      assert.equal(reused.isError, true, 'a requestId reused for another write is refused');
      assert.match(reused.text, /already used for a different write/);
    });

    it('resigns once for one requestId', async () => {
      const game = await twoPeople();
      const requestId = freshId();
      const args = { gameId: game.gameId, side: 'b', expectedVersion: 1, requestId };
      const first = ok(await call(client, 'chess_resign', args));
      assert.deepEqual(ok(await call(client, 'chess_resign', args)), first);
      assert.equal(first.version, 2);
    });
  });

  describe('how games end', () => {
    it('checkmate: the computer mates at once when it has mate in one; a later move is refused', async () => {
      // After 1.f3 e5 2.g4, black to move: the computer (black) finds Qh4#.
      const answer = await call(client, 'chess_new_game', {
        side: 'w',
        fen: 'rnbqkbnr/pppp1ppp/8/4p3/6P1/5P2/PPPPP2P/RNBQKBNR b KQkq - 0 2',
      });
      const game = ok(answer);
      assert.deepEqual(game.moves, ['Qh4#']);
      assert.deepEqual({ status: game.status, winner: game.winner, check: game.check, turn: game.turn }, { status: 'checkmate', winner: 'b', check: true, turn: 'w' });
      assert.equal(game.drawReason, undefined);
      assert.equal(answer.meta[CLOSE_WIDGET_META_KEY], undefined, 'the widget stays open on a finished game');

      const late = await move(game, 'a3');
      assert.equal(late.isError, true);
      assert.match(late.text, /is over.*Checkmate: black \(the computer\) wins.*chess_new_game/s);
      assert.equal(late.view.status, 'checkmate', 'the refusal carries the finished game');
      assert.equal(late.meta[CONFLICT_META_KEY], undefined);
      const resign = await call(client, 'chess_resign', { gameId: game.gameId, side: 'w', expectedVersion: 1, requestId: freshId() });
      assert.equal(resign.isError, true);
      assert.match(resign.text, /is over/);
    });

    it('stalemate', async () => {
      const game = ok(await move(await twoPeople('k7/8/1Q6/8/8/8/8/7K w - - 0 1'), 'Qc7'));
      assert.equal(game.status, 'stalemate');
      assert.equal(game.winner, undefined);
      assert.equal(game.drawReason, undefined);
      assert.equal(game.check, false);
    });

    it('draw by insufficient material', async () => {
      const game = ok(await move(await twoPeople('8/8/4k3/8/8/Kp6/8/8 w - - 0 1'), 'Kxb3'));
      assert.deepEqual({ status: game.status, drawReason: game.drawReason, winner: game.winner }, { status: 'draw', drawReason: 'insufficient-material', winner: undefined });
    });

    it('draw by the fifty-move rule', async () => {
      const before = await twoPeople('8/8/4k3/8/8/8/4K3/R7 w - - 98 80');
      const game = await play(before, 'Rb1');
      assert.equal(game.status, 'active', '99 half-moves: not yet');
      const drawn = ok(await move(game, 'Kd5'));
      assert.deepEqual({ status: drawn.status, drawReason: drawn.drawReason }, { status: 'draw', drawReason: 'fifty-move-rule' });
    });

    it('draw by threefold repetition', async () => {
      const game = await play(await twoPeople(), 'Nf3', 'Nf6', 'Ng1', 'Ng8', 'Nf3', 'Nf6', 'Ng1');
      assert.equal(game.status, 'active');
      const drawn = ok(await move(game, 'Ng8'));
      assert.deepEqual({ status: drawn.status, drawReason: drawn.drawReason }, { status: 'draw', drawReason: 'threefold-repetition' });
      const late = await move(drawn, 'e4');
      assert.match(late.text, /is over.*threefold repetition/s);
    });

    it('resignation: the other side wins; the computer\'s side cannot resign', async () => {
      const people = await twoPeople();
      const resigned = ok(await call(client, 'chess_resign', { gameId: people.gameId, side: 'w', expectedVersion: 1, requestId: freshId() }));
      assert.deepEqual({ status: resigned.status, winner: resigned.winner }, { status: 'resigned', winner: 'b' });
      assert.deepEqual(resigned.moves, []);

      const vsComputer = await newGame({ side: 'w' });
      const refused = await call(client, 'chess_resign', { gameId: vsComputer.gameId, side: 'b', expectedVersion: 1, requestId: freshId() });
      assert.equal(refused.isError, true);
      assert.match(refused.text, /computer plays black/);
      const gaveUp = ok(await call(client, 'chess_resign', { gameId: vsComputer.gameId, side: 'w', expectedVersion: 1, requestId: freshId() }));
      assert.equal(gaveUp.winner, 'b');
    });

    it('plays a game to mate against the computer the same way every time', async () => {
      // The person (white, with queen and rook) picks moves with the engine searching deeper.
      const fen = '8/8/8/3k4/8/8/8/QR4K1 w - - 0 1';
      let game = await newGame({ fen });
      const ours: string[] = [];
      while (game.status === 'active' && ours.length < 40) {
        const pick = chooseMove(game.fen, { depth: 3 })!.uci;
        ours.push(pick);
        game = ok(await move(game, pick));
      }
      assert.deepEqual({ status: game.status, winner: game.winner }, { status: 'checkmate', winner: 'w' });
      assert.equal(game.moves.length % 2, 1, 'the person played the last move');

      let replayed = await newGame({ fen });
      for (const pick of ours) replayed = ok(await move(replayed, pick));
      assert.deepEqual(replayed.moves, game.moves, 'same moves, same replies');
      assert.equal(replayed.fen, game.fen);
    });
  });

  describe('bad input gets a clear isError', () => {
    it('an unknown game id', async () => {
      for (const [name, args] of [
        ['chess_get_game', { gameId: 'abc' }],
        ['chess_make_move', { gameId: 'abc', move: 'e4', expectedVersion: 1, requestId: freshId() }],
        ['chess_resign', { gameId: 'abc', side: 'w', expectedVersion: 1, requestId: freshId() }],
      ] as const) {
        const answer = await call(client, name, args);
        assert.equal(answer.isError, true, name);
        assert.equal(answer.text, 'No game abc. Start one with chess_new_game.', name);
      }
    });

    it('an illegal move names the reason and legal moves, and returns the unchanged game', async () => {
      const game = await twoPeople();
      const cases: [string, RegExp][] = [
        ['e5', /Illegal move e5: no white pawn can move to e5\./],
        ['e2e5', /the pawn on e2 cannot move to e5\. Legal moves from e2: e3, e4\./],
        ['e3e4', /there is no piece on e3/],
        ['e7e5', /the piece on e7 is a black pawn, and it is white's turn/],
        ['Ke2', /the white king on e1 cannot move to e2/],
        ['O-O', /castling kingside needs f1, g1 empty/],
        ['e2e4q', /Only a pawn reaching the last rank promotes/],
      ];
      for (const [text, reason] of cases) {
        const answer = await move(game, text);
        assert.equal(answer.isError, true, text);
        assert.match(answer.text, reason, text);
        assert.deepEqual(answer.view, game, `${text}: the unchanged game comes back`);
        assert.equal(answer.meta[CONFLICT_META_KEY], undefined);
      }
      assert.match((await move(game, 'Qd4')).text, /Legal moves: ([a-zA-Z0-9]+, ){10}… \(20 in all\)\./);
      const now = ok(await call(client, 'chess_get_game', { gameId: game.gameId }));
      assert.equal(now.version, 1, 'nothing was written');
    });

    it('moves that leave the king in check, ambiguous SAN, a missing promotion piece, castling through an attack', async () => {
      const pinned = await twoPeople('4k3/4r3/8/8/8/8/4B3/4K3 w - - 0 1');
      assert.match((await move(pinned, 'Bd3')).text, /Bd3 would leave the white king in check/);
      assert.match((await move(pinned, 'e2d3')).text, /e2d3 would leave the white king in check/);
      const checked = await twoPeople('4k3/8/8/8/8/8/3P4/r3K3 w - - 0 1');
      assert.match((await move(checked, 'd3')).text, /Illegal move d3: white is in check, and d3 does not get out of it\. Legal moves: Ke2, Kf2\./);
      const knights = await twoPeople('4k3/8/8/8/8/8/8/1N2KN2 w - - 0 1');
      assert.match((await move(knights, 'Nd2')).text, /Nd2 is ambiguous: Nbd2 or Nfd2/);
      assert.deepEqual(ok(await move(knights, 'Nbd2')).lastMove, { from: 'b1', to: 'd2', san: 'Nbd2' });
      const promoting = await twoPeople('3r3k/4P3/8/8/8/8/8/4K3 w - - 0 1');
      assert.match((await move(promoting, 'e8')).text, /e8 promotes a pawn: name the piece/);
      assert.match((await move(promoting, 'e7e8')).text, /e7e8 promotes a pawn: add the piece, e\.g\. e7e8q/);
      const attacked = await twoPeople('4k3/8/8/8/8/8/5r2/R3K2R w KQ - 0 1');
      assert.match((await move(attacked, 'O-O')).text, /pass through or land on f1/);
      const noRights = await twoPeople('r3k2r/8/8/8/8/8/8/R3K2R w Qk - 0 1');
      assert.match((await move(noRights, 'e1g1')).text, /white can no longer castle kingside/i);
    });

    it('a malformed move says which notations are accepted', async () => {
      const game = await twoPeople();
      for (const text of ['hello', 'z9', 'Nf9', 'e2e2', '--']) {
        const answer = await move(game, text);
        assert.equal(answer.isError, true, text);
        assert.match(answer.text, /SAN \(e4, Nf3, exd5, O-O, e8=Q\) or UCI \(e2e4, g1f3, e7e8q\)/, text);
      }
      const empty = await move(game, '   ');
      assert.equal(empty.isError, true);
      assert.match(empty.text, /move/);
    });

    it('a bad FEN says what is wrong with it', async () => {
      const cases: [string, RegExp][] = [
        ['not a fen', /Bad FEN "not a fen": must contain six space-delimited fields/],
        ['8/8/8/8/8/8/8/8 w - - 0 1', /missing white king/],
        ['4k3/8/8/8/8/8/8/4R1K1 w - - 0 1', /black is in check but it is white's turn/],
        ['4k3/8/8/8/8/8/8/4K3 x - - 0 1', /side-to-move is invalid/],
      ];
      for (const [fen, reason] of cases) {
        const answer = await call(client, 'chess_new_game', { fen });
        assert.equal(answer.isError, true, fen);
        assert.match(answer.text, reason, fen);
      }
      const fourFields = await newGame({ fen: '4k3/8/8/8/8/8/8/4K2R w K -', opponent: 'human' });
      assert.equal(fourFields.fen, '4k3/8/8/8/8/8/8/4K2R w K - 0 1', 'a FEN without counters gets "0 1"');
    });

    it('bad arguments name the field and what is allowed', async () => {
      const side = await call(client, 'chess_new_game', { side: 'red' });
      assert.equal(side.isError, true);
      assert.match(side.text, /side/);
      const game = await twoPeople();
      const short = await call(client, 'chess_make_move', { gameId: game.gameId, move: 'e4', expectedVersion: 1, requestId: 'x' });
      assert.equal(short.isError, true);
      assert.match(short.text, /requestId/);
    });
  });
});

describe('the chess engine', () => {
  it('generates exactly the legal moves chess.js does (perft, depth 3, five positions)', () => {
    for (const fen of [
      new Chess().fen(),
      'r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1',
      '8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 0 1',
      'r3k2r/Pppp1ppp/1b3nbN/nP6/BBP1P3/q4N2/Pp1P2PP/R2Q1RK1 w kq - 0 1',
      'rnbq1k1r/pp1Pbppp/2p5/8/2B5/8/PPP1NnPP/RNBQK2R w KQ - 1 8',
    ]) {
      assert.equal(perft(Position.fromFen(fen), 3), new Chess(fen).perft(3), fen);
    }
  });

  it('takes a free queen, finds mate in one, and has no move when there is none', () => {
    assert.equal(chooseMove('4k3/8/8/3q4/8/8/8/3RK3 w - - 0 1')?.uci, 'd1d5');
    assert.equal(chooseMove('6k1/5ppp/8/8/8/8/8/R5K1 w - - 0 1')?.uci, 'a1a8');
    assert.equal(chooseMove('k7/2Q5/8/8/8/8/8/7K b - - 0 1'), null, 'stalemate');
  });

  it('always answers the same position with the same legal move', () => {
    const chess = new Chess();
    for (let ply = 0; ply < 30 && !chess.isGameOver(); ply++) {
      const pick = chooseMove(chess.fen())!;
      assert.deepEqual(chooseMove(chess.fen()), pick);
      chess.move({ from: pick.from, to: pick.to, promotion: pick.promotion });
    }
    assert.equal(chess.history().length, 30);
  });
});

describe('chess games survive a restart', () => {
  it('on the same SQLite file: over HTTP in process, then over stdio in a new process', async () => {
    const dir = tempDir('skylit-chess-restart-');
    const dbPath = join(dir.path, 'games.db');
    const dist = stubChessDist(dir.path);
    const open: { close(): Promise<void> }[] = [];
    const start = async () => {
      const server = await startChessServer(dbPath, dist);
      open.push(server);
      return server;
    };
    const stop = async (server: { close(): Promise<void> }) => {
      open.splice(open.indexOf(server), 1);
      await server.close();
    };
    try {
      const first = await start();
      const created = ok(await call(first.client, 'chess_new_game', {}));
      const requestId = freshId();
      const moved = ok(await call(first.client, 'chess_make_move', { gameId: created.gameId, move: 'e4', expectedVersion: 1, requestId }));
      await stop(first);

      const second = await start();
      assert.deepEqual(ok(await call(second.client, 'chess_get_game', { gameId: created.gameId })), moved);
      const retried = ok(await call(second.client, 'chess_make_move', { gameId: created.gameId, move: 'e4', expectedVersion: 1, requestId }));
      assert.deepEqual(retried, moved, 'the idempotency record survived too');
      const next = ok(await call(second.client, 'chess_make_move', { gameId: created.gameId, move: 'd4', expectedVersion: 2, requestId: freshId() }));
      await stop(second);

      // The production command (server/main.ts, built-in widgets and, on stdio, the widget manager) in
      // a child process, over stdio; it wants a bundle for every widget it serves, so each gets a stub.
      stubBundles(dist, [...builtinWidgets.map((widget) => widget.manifest.id), managerWidgetManifest.id]);
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: ['--import', 'tsx', join(ROOT_DIR, 'server/main.ts'), '--stdio'],
        cwd: ROOT_DIR,
        env: { ...(process.env as Record<string, string>), SKYLIT_DIST_DIR: dist, SKYLIT_DB_PATH: dbPath },
        stderr: 'pipe',
      });
      const stdio = new SdkClient({ name: 'skylit-chess-test', version: '1.0.0' });
      open.push(stdio);
      await stdio.connect(transport);
      const seen = ok(await call(stdio, 'chess_get_game', { gameId: created.gameId }));
      assert.deepEqual(seen, next);
      assert.equal(seen.version, 3);
      assert.equal(seen.moves.length, 4);
    } finally {
      for (const server of open.reverse()) await server.close();
      dir.remove();
    }
  });
});

/** One-line stub bundles (every dialect) for these widgets, where they are missing. */
function stubBundles(dist: string, ids: string[]): void {
  for (const id of ids) {
    for (const dialect of [undefined, ...DIALECTS]) {
      const file = bundlePath(dist, id, dialect);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, '/* test stub */\n', { flag: 'a' });
    }
  }
}

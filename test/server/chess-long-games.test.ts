// Games of thousands of plies: a read replays nothing (asserted on the work done, not on time), a
// move costs what it costs on a short game, the view stays small (the last 40 moves and a count),
// the whole game is one chess_get_pgn away, every stored record still replays to what it says, and
// records of the old shape (start FEN + moves) are read the same and upgraded by their next write.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Chess } from 'chess.js';
import { LEGAL_MOVES_META_KEY, MAX_VIEW_MOVES, type LegalMove, type PgnView } from '../../components/chess-board/view.ts';
import { estimateTokens } from '../../server/result.ts';
import { chessWork, gameKey, sanMoves, storedGameFromMoves, type LegacyStoredGame, type StoredGame } from '../../server/widgets/chess/record.ts';
import { assertReplaysToRecord, callChess, ok, startChessServer, stubChessDist, type Answer, type ChessServer } from './fixtures/chess-server.ts';
import { longGame, STANDARD_START } from './fixtures/long-game.ts';
import { tempDir } from './helpers.ts';

const people = { w: 'human', b: 'human' } as const;
let requestCounter = 0;
const freshId = () => `long-${process.pid}-${++requestCounter}`;

describe('long games', () => {
  const dir = tempDir('skylit-long-');
  const line = longGame(3_050);
  let server: ChessServer;

  /** Writes a game of the first `plies` moves of the long line straight into the store. */
  const storeGame = async (id: string, plies: number): Promise<StoredGame> => {
    const record = storedGameFromMoves(people, STANDARD_START, line.slice(0, plies));
    assert.equal((await server.store.put(gameKey(id), record, { expectedVersion: 0 })).status, 'written');
    return record;
  };
  const move = (gameId: string, uci: string, expectedVersion: number) =>
    callChess(server.client, 'chess_make_move', { gameId, move: uci, expectedVersion, requestId: freshId() });
  /** The work the chess records did while `fn` ran. */
  const workOf = async (fn: () => Promise<unknown>) => {
    const before = chessWork();
    await fn();
    const after = chessWork();
    return { boardsBuilt: after.boardsBuilt - before.boardsBuilt, pliesReplayed: after.pliesReplayed - before.pliesReplayed };
  };

  before(async () => {
    server = await startChessServer(join(dir.path, 'long.db'), stubChessDist(dir.path));
  });
  after(async () => {
    await server?.close();
    dir.remove();
  });

  it('reads a 2,500-ply game without replaying it or building a board: the last 40 moves, the count, the legal moves', async () => {
    const record = await storeGame('read-2500', 2_500);
    let answer!: Answer;
    const work = await workOf(async () => (answer = await callChess(server.client, 'chess_get_game', { gameId: 'read-2500' })));
    assert.deepEqual(work, { boardsBuilt: 0, pliesReplayed: 0 });
    const view = ok(answer);
    assert.equal(view.moveCount, 2_500);
    assert.deepEqual(view.moves, sanMoves(record).slice(-MAX_VIEW_MOVES));
    assert.equal(view.fen, new Chess(record.fen).fen());
    assert.equal(view.status, 'active');
    assert.match(answer.text, /^2500 moves played\. White to move\./);
    const legal = answer.meta[LEGAL_MOVES_META_KEY] as LegalMove[];
    assert.deepEqual(legal.map((m) => m.san).sort(), new Chess(record.fen).moves().sort());
  });

  it('plays a move on a 2,500-ply game with the same work as on a 10-ply game, and the record still replays to its position', async () => {
    await storeGame('short', 10);
    await storeGame('long', 2_500);
    const short = await workOf(async () => ok(await move('short', line[10]!, 1)));
    const long = await workOf(async () => ok(await move('long', line[2_500]!, 1)));
    assert.equal(long.pliesReplayed, 0);
    assert.deepEqual(long, short, 'a move costs the same whatever the game length');
    let version = 2;
    for (let ply = 2_501; ply < 2_520; ply++) ok(await move('long', line[ply]!, version++));
    const stored = await server.store.get<StoredGame>(gameKey('long'));
    assert.equal(stored!.value.plies, 2_520);
    assertReplaysToRecord(stored!.value);
  });

  it('keeps a 3,000-ply game playable and readable: a small view, a move accepted, the whole game as PGN', async () => {
    await storeGame('huge', 3_000);
    const read = await callChess(server.client, 'chess_get_game', { gameId: 'huge' });
    const view = ok(read);
    assert.ok(estimateTokens(view) < 1_000, `the view is about ${estimateTokens(view)} tokens`);
    assert.equal(view.moves.length, MAX_VIEW_MOVES);
    const moved = ok(await move('huge', line[3_000]!, view.version));
    assert.equal(moved.moveCount, 3_001);
    assert.equal(moved.version, 2);
    const again = ok(await callChess(server.client, 'chess_get_game', { gameId: 'huge' }));
    assert.deepEqual(again, moved, 'the move was stored, and the answer said so');

    const pgn = await callChess<PgnView>(server.client, 'chess_get_pgn', { gameId: 'huge' });
    assert.equal(pgn.isError, false, pgn.text);
    assert.equal(pgn.view.moveCount, 3_001);
    assert.equal(pgn.view.gameId, 'huge');
    assert.match(pgn.view.pgn, /^\[Event "Skylit game huge"\]\n/);
    assert.match(pgn.view.pgn, /\[Result "\*"\]/);
    assert.ok(pgn.view.pgn.split('\n').every((l) => l.length <= 80), 'PGN lines of at most 80 characters');
    const replayed = new Chess();
    replayed.loadPgn(pgn.view.pgn);
    assert.equal(replayed.fen(), moved.fen, 'the PGN replays to the position');
    assert.equal(replayed.history().length, 3_001);
  });

  it('exports a finished game from a set-up position: SetUp and FEN tags, numbering from black, the result', async () => {
    const fen = 'rnbqkbnr/pppp1ppp/8/4p3/6P1/5P2/PPPPP2P/RNBQKBNR b KQkq - 0 2';
    const game = ok(await callChess(server.client, 'chess_new_game', { side: 'w', fen }));
    assert.equal(game.status, 'checkmate');
    const { view } = await callChess<PgnView>(server.client, 'chess_get_pgn', { gameId: game.gameId });
    assert.match(view.pgn, /\[Result "0-1"\]\n\[SetUp "1"\]\n\[FEN "rnbqkbnr\/pppp1ppp\/8\/4p3\/6P1\/5P2\/PPPPP2P\/RNBQKBNR b KQkq - 0 2"\]/);
    assert.match(view.pgn, /\[White "Person"\]\n\[Black "Computer"\]/);
    assert.match(view.pgn, /\n\n2\.\.\. Qh4# 0-1\n$/);
    const missing = await callChess(server.client, 'chess_get_pgn', { gameId: 'nope' });
    assert.equal(missing.isError, true);
    assert.equal(missing.text, 'No game nope. Start one with chess_new_game.');
  });

  it('reads an old record (start FEN + moves) as before, and stores it in the new shape with its next move', async () => {
    const legacy: LegacyStoredGame = { players: people, startFen: STANDARD_START, moves: line.slice(0, 200), resigned: null, createdAt: new Date().toISOString() };
    await server.store.put(gameKey('old'), legacy, { expectedVersion: 0 });
    await storeGame('new', 200);
    let oldView!: Answer;
    const work = await workOf(async () => (oldView = await callChess(server.client, 'chess_get_game', { gameId: 'old' })));
    assert.equal(work.pliesReplayed, 200, 'an old record is replayed once per read until its next write');
    const newView = await callChess(server.client, 'chess_get_game', { gameId: 'new' });
    assert.deepEqual({ ...ok(oldView), gameId: 'new' }, ok(newView));
    assert.deepEqual(oldView.meta[LEGAL_MOVES_META_KEY], newView.meta[LEGAL_MOVES_META_KEY]);

    ok(await move('old', line[200]!, 1));
    const upgraded = (await server.store.get<StoredGame>(gameKey('old')))!.value;
    assert.equal(upgraded.format, 2);
    assertReplaysToRecord(upgraded);
    const after = await workOf(() => callChess(server.client, 'chess_get_game', { gameId: 'old' }));
    assert.deepEqual(after, { boardsBuilt: 0, pliesReplayed: 0 });
  });
});

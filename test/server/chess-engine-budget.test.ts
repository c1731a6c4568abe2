// The computer under positions built to exhaust it: boards full of queens with the computer to move.
// The search stops at its budget, answers with a legal move, says so once in the log, and runs on a
// worker thread: /healthz keeps answering while it searches (measured here, generously: 100 ms).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { Chess } from 'chess.js';
import type { Logger } from '../../server/log.ts';
import { DEFAULT_BUDGET, searchMove } from '../../server/widgets/chess/engine.ts';
import { createEnginePool } from '../../server/widgets/chess/engine-pool.ts';
import { inProcessEngine, type EngineRunner } from '../../server/widgets/chess/engine-runner.ts';
import { callChess, ok, startChessServer, stubChessDist, type ChessServer } from './fixtures/chess-server.ts';
import { tempDir } from './helpers.ts';

/** 8 + 8 queens (the most the probe used that a game can reach), black (the computer) to move. */
const QUEENS_8 = '7k/8/qqqqqqqq/8/8/QQQQQQQQ/8/K7 b - - 0 1';
/** 9 + 9 queens: every pawn promoted, the most queens a game can reach. */
const QUEENS_9 = '6qk/8/qqqqqqqq/8/8/QQQQQQQQ/8/KQ6 b - - 0 1';
/** 15 + 15 queens: no game reaches it, so the tools refuse it; the engine still stops in budget on it. */
const QUEENS_15 = '7k/qqqqqqq1/qqqqqqqq/8/8/QQQQQQQQ/QQQQQQQ1/K7 b - - 0 1';

/** What a search may take on top of its time budget before the test calls it late: start-up, a busy machine. */
const SLACK_MS = 4_000;
const HEALTHZ_MS = 100;

describe('the engine under a board full of queens', () => {
  const dir = tempDir('skylit-engine-');
  const lines: string[] = [];
  const log: Logger = { info: (m) => lines.push(m), error: (m) => lines.push(`error ${m}`), toolCall() {} };
  let engine: EngineRunner;
  let server: ChessServer;

  before(async () => {
    engine = createEnginePool({ workers: 1 });
    server = await startChessServer(join(dir.path, 'queens.db'), stubChessDist(dir.path), { engine, log });
  });
  after(async () => {
    await server?.close();
    await engine?.close();
    dir.remove();
  });

  /** Runs `work` while asking /healthz every 20 ms; resolves with the work's result and every health-check time. */
  async function whileCheckingHealth<T>(work: Promise<T>): Promise<{ result: T; elapsedMs: number; healthMs: number[] }> {
    const started = performance.now();
    let done = false;
    const healthMs: number[] = [];
    const probing = (async () => {
      while (!done) {
        const t = performance.now();
        const response = await fetch(new URL('/healthz', server.http.origin));
        assert.equal(response.status, 200);
        await response.arrayBuffer();
        healthMs.push(performance.now() - t);
        await delay(20);
      }
    })();
    const result = await work.finally(() => (done = true));
    const elapsedMs = performance.now() - started;
    await probing;
    return { result, elapsedMs, healthMs };
  }

  for (const [name, fen] of [['8 + 8', QUEENS_8], ['9 + 9', QUEENS_9]] as const) {
    it(`${name} queens, the computer to move: a legal reply within the budget, /healthz answering all along`, async () => {
      const before = lines.length;
      const { result, elapsedMs, healthMs } = await whileCheckingHealth(callChess(server.client, 'chess_new_game', { side: 'w', fen }));
      const game = ok(result);
      assert.equal(game.moves.length, 1, 'the computer played');
      const chess = new Chess(fen);
      assert.ok(chess.moves().includes(game.moves[0]!), `${game.moves[0]} is legal`);
      assert.ok(elapsedMs < DEFAULT_BUDGET.maxMs + SLACK_MS, `answered in ${elapsedMs.toFixed(0)} ms`);
      assert.ok(healthMs.length >= 3, `health checked ${healthMs.length} times`);
      assert.ok(Math.max(...healthMs) < HEALTHZ_MS, `/healthz took up to ${Math.max(...healthMs).toFixed(0)} ms`);
      const budgetLines = lines.slice(before).filter((l) => l.includes('budget_reached'));
      assert.equal(budgetLines.length, 1, 'one log line for the search that hit the budget');
      assert.match(budgetLines[0]!, new RegExp(`game=${game.gameId} stopped_by=(nodes|time) `));
    });
  }

  it('15 + 15 queens: refused as a start position (no game reaches it), and searched within the budget all the same', async () => {
    const refused = await callChess(server.client, 'chess_new_game', { side: 'w', fen: QUEENS_15 });
    assert.equal(refused.isError, true);
    assert.match(refused.text, /No game reaches the position .*white has 14 extra queens.*black has 14 extra queens/);

    // The same worker pool the server uses, straight: the budget holds whatever the position.
    const { result: reply, elapsedMs, healthMs } = await whileCheckingHealth(engine.chooseMove(QUEENS_15));
    assert.ok(reply.stoppedBy, 'the budget stopped it');
    assert.ok(reply.nodes <= DEFAULT_BUDGET.maxNodes);
    assert.ok(new Chess(QUEENS_15, { skipValidation: true }).moves({ verbose: true }).some((m) => m.lan === reply.move?.uci));
    assert.ok(elapsedMs < DEFAULT_BUDGET.maxMs + SLACK_MS, `answered in ${elapsedMs.toFixed(0)} ms`);
    assert.ok(Math.max(...healthMs) < HEALTHZ_MS, `/healthz took up to ${Math.max(...healthMs).toFixed(0)} ms`);
  });

  it('a search waiting for a busy worker leaves the queue when its call gives up', async () => {
    const busy = engine.chooseMove(QUEENS_8);
    const controller = new AbortController();
    const waiting = engine.chooseMove(QUEENS_9, controller.signal);
    controller.abort(new Error('the call timed out'));
    await assert.rejects(waiting, /the call timed out/);
    assert.ok((await busy).move, 'the search under way still answers');
  });
});

describe('the engine budget', () => {
  it('stops at the node limit with the best move it found, and says which limit stopped it', () => {
    const reply = searchMove(QUEENS_8, { budget: { maxNodes: 5_000, maxMs: 60_000 } });
    assert.equal(reply.stoppedBy, 'nodes');
    assert.equal(reply.nodes, 5_000);
    assert.ok(new Chess(QUEENS_8).moves({ verbose: true }).some((m) => m.lan === reply.move?.uci));
  });

  it('stops at the time limit', () => {
    const reply = searchMove(QUEENS_15, { budget: { maxNodes: 1e12, maxMs: 50 } });
    assert.equal(reply.stoppedBy, 'time');
    assert.ok(reply.elapsedMs < 50 + 1_000, `stopped after ${reply.elapsedMs.toFixed(0)} ms`);
  });

  it('leaves an ordinary position untouched: the search finishes, the same reply every time', () => {
    const fen = 'r1bqkbnr/pppp1ppp/2n5/4p3/4P3/5N2/PPPP1PPP/RNBQKB1R w KQkq - 2 3';
    const first = searchMove(fen);
    assert.equal(first.stoppedBy, undefined);
    assert.equal(first.depth, 2);
    assert.deepEqual(searchMove(fen).move, first.move);
  });

  it('runs in-process under the same budget where there are no worker threads (the browser)', async () => {
    const runner = inProcessEngine({ maxNodes: 2_000 });
    const reply = await runner.chooseMove(QUEENS_8);
    assert.equal(reply.stoppedBy, 'nodes');
    assert.equal(runner.budget.maxMs, DEFAULT_BUDGET.maxMs);
  });
});

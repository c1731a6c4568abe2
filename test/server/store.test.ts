// The state store contract, run against every engine (embedded SQLite, PostgreSQL in a
// throw-away cluster this file starts, and the in-memory one Storybook uses), plus what only several processes can show: a process
// killed mid-write, and two server processes sharing one PostgreSQL.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openMemoryStore } from '../../server/store/memory.ts';
import { openPostgresStore } from '../../server/store/postgres.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import { sha256, toHex } from '../../server/hash.ts';
import { IdempotencyKeyReuseError, writeFingerprint, type Store } from '../../server/store/types.ts';
import { ensureFixtureBundles, httpClient, spawnHttpServer, tempDir, textOf, type ServerProcess } from './helpers.ts';
import { startPgCluster, type PgCluster } from './pg-cluster.ts';
import { ROOT_DIR } from '../../server/build.ts';

const dir = tempDir();
let cluster: PgCluster;

before(async () => {
  cluster = await startPgCluster();
});
after(async () => {
  await cluster?.stop();
  dir.remove();
});

const engines: { name: string; open: () => Promise<Store> }[] = [
  { name: 'sqlite', open: async () => openSqliteStore(join(dir.path, `contract-${randomUUID()}.db`)) },
  { name: 'postgres', open: () => openPostgresStore(cluster.url) },
  { name: 'memory', open: async () => openMemoryStore() },
];

describe('sha256 without node:crypto (so the store and chess ids also run in a browser)', () => {
  it('equals node:crypto for empty, one-block, block-edge, multi-block and non-ASCII input', () => {
    for (const text of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'x'.repeat(1000), 'é ♞ 😀 \0 </script>']) {
      assert.equal(toHex(sha256(text)), createHash('sha256').update(text).digest('hex'), `input of length ${text.length}`);
    }
  });

  it('keeps write fingerprints as they were (base64url of sha256), so stored idempotency records still match', () => {
    assert.equal(writeFingerprint('game:abc', 7), createHash('sha256').update(JSON.stringify(['game:abc', 7])).digest('base64url'));
  });
});

for (const engine of engines) {
  describe(`store contract: ${engine.name}`, () => {
    let store: Store;
    // Each test works under its own prefix, so the shared PostgreSQL needs no reset.
    let ns = '';
    const key = (name: string) => `${ns}${name}`;

    before(async () => {
      store = await engine.open();
      assert.equal(store.kind, engine.name);
    });
    after(() => store.close());
    const test = (name: string, body: () => Promise<void>) =>
      it(name, async () => {
        ns = `t-${randomUUID().slice(0, 8)}:`;
        await body();
      });

    test('gets nothing for a key never written', async () => {
      assert.equal(await store.get(key('missing')), null);
    });

    test('creates with expected version 0, then refuses a second create', async () => {
      const created = await store.put(key('a'), { title: 'first' }, { expectedVersion: 0 });
      assert.equal(created.status, 'written');
      assert.equal(created.status === 'written' && created.record.version, 1);
      const again = await store.put(key('a'), { title: 'second' }, { expectedVersion: 0 });
      assert.deepEqual(again.status === 'conflict' && again.current?.value, { title: 'first' });
      assert.deepEqual((await store.get(key('a')))?.value, { title: 'first' });
    });

    test('updates at the current version; a stale version conflicts, returns the current record and changes nothing', async () => {
      await store.put(key('b'), { n: 1 }, { expectedVersion: 0 });
      const updated = await store.put(key('b'), { n: 2 }, { expectedVersion: 1 });
      assert.equal(updated.status, 'written');
      assert.equal(updated.status === 'written' && updated.record.version, 2);
      const stale = await store.put(key('b'), { n: 99 }, { expectedVersion: 1 });
      assert.equal(stale.status, 'conflict');
      assert.equal(stale.status === 'conflict' && stale.current?.version, 2);
      assert.deepEqual(stale.status === 'conflict' && stale.current?.value, { n: 2 });
      const read = await store.get(key('b'));
      assert.equal(read?.version, 2);
      assert.deepEqual(read?.value, { n: 2 });
      assert.ok(!Number.isNaN(Date.parse(read!.updatedAt)));
    });

    test('an update of a missing record conflicts with current = null', async () => {
      const outcome = await store.put(key('ghost'), { n: 1 }, { expectedVersion: 3 });
      assert.deepEqual(outcome, { status: 'conflict', current: null });
    });

    test('a repeated idempotency key returns the first result and is not applied twice', async () => {
      const first = await store.put(key('c'), { n: 1 }, { expectedVersion: 0, idempotencyKey: key('req-1') });
      assert.equal(first.status, 'written');
      const retry = await store.put(key('c'), { n: 1 }, { expectedVersion: 0, idempotencyKey: key('req-1') });
      assert.equal(retry.status, 'replayed');
      assert.deepEqual(retry.status === 'replayed' && retry.record, first.status === 'written' && first.record);
      assert.equal((await store.get(key('c')))?.version, 1);
      // A retry after later writes still replays the first result.
      await store.put(key('c'), { n: 2 }, { expectedVersion: 1 });
      const late = await store.put(key('c'), { n: 1 }, { expectedVersion: 0, idempotencyKey: key('req-1') });
      assert.equal(late.status === 'replayed' && late.record.version, 1);
      assert.equal((await store.get(key('c')))?.version, 2);
    });

    test('an idempotency key reused for another record is refused', async () => {
      await store.put(key('d'), 1, { expectedVersion: 0, idempotencyKey: key('req-2') });
      await assert.rejects(
        store.put(key('e'), 1, { expectedVersion: 0, idempotencyKey: key('req-2') }),
        IdempotencyKeyReuseError,
      );
      assert.equal(await store.get(key('e')), null);
    });

    test('a conflicting write is not remembered under its idempotency key', async () => {
      await store.put(key('f'), 'x', { expectedVersion: 0 });
      const conflict = await store.put(key('f'), 'y', { expectedVersion: 0, idempotencyKey: key('req-3') });
      assert.equal(conflict.status, 'conflict');
      const again = await store.put(key('f'), 'y', { expectedVersion: 0, idempotencyKey: key('req-3') });
      assert.equal(again.status, 'conflict', 'judged afresh, not replayed');
    });

    test('lists by prefix, in key order, with limit and paging', async () => {
      for (const name of ['game:3', 'game:1', 'game:2', 'gamer:1', 'other:1', 'game_%:1']) {
        await store.put(key(name), { name }, { expectedVersion: 0 });
      }
      const games = await store.list(key('game:'));
      assert.deepEqual(games.map((r) => r.key), [key('game:1'), key('game:2'), key('game:3')]);
      const page1 = await store.list(key('game:'), { limit: 2 });
      const page2 = await store.list(key('game:'), { limit: 2, after: page1.at(-1)!.key });
      assert.deepEqual([...page1, ...page2].map((r) => r.value), [{ name: 'game:1' }, { name: 'game:2' }, { name: 'game:3' }]);
      assert.deepEqual((await store.list(key('game_%'))).map((r) => r.key), [key('game_%:1')], 'no wildcard matching');
      assert.equal((await store.list(key('nothing-here'))).length, 0);
    });

    test('finds by field values and text inside the engine, with the total of every page', async () => {
      const rows: Record<string, string | number | boolean>[] = [
        { title: 'Buy milk', status: 'todo', done: false, n: 1 },
        { title: 'Call Ana about MILK prices', status: 'doing', done: false, n: 2 },
        { title: 'File taxes', status: 'todo', done: true, n: 3 },
        { title: 'Plan trip', status: 'todo', done: false, n: 4, notes: 'bring milk' },
        { title: "It's 100% done_ok", status: 'done', done: false, n: 5 },
      ];
      for (const [i, row] of rows.entries()) await store.put(key(`task:${i}`), row, { expectedVersion: 0 });
      await store.put(key('taskx:9'), { title: 'milk elsewhere', status: 'todo', done: false }, { expectedVersion: 0 });
      const titles = (found: { records: { value: unknown }[] }) => found.records.map((r) => (r.value as { title: string }).title);
      const todo = await store.find(key('task:'), { where: { status: 'todo', done: false } });
      assert.deepEqual(titles(todo), ['Buy milk', 'Plan trip']);
      assert.equal(todo.total, 2);
      const milk = await store.find(key('task:'), { search: { fields: ['title', 'notes'], text: 'Milk' } });
      assert.deepEqual(titles(milk), ['Buy milk', 'Call Ana about MILK prices', 'Plan trip'], 'any field, any case, only under the prefix');
      const page1 = await store.find(key('task:'), { search: { fields: ['title', 'notes'], text: 'milk' }, limit: 2 });
      const page2 = await store.find(key('task:'), { search: { fields: ['title', 'notes'], text: 'milk' }, limit: 2, after: page1.records.at(-1)!.key });
      assert.deepEqual([page1.total, page2.total], [3, 3], 'the total counts every page');
      assert.deepEqual(titles(page2), ['Plan trip']);
      assert.deepEqual(titles(await store.find(key('task:'), { search: { fields: ['title'], text: '100%' } })), ["It's 100% done_ok"], 'no wildcards');
      assert.deepEqual(titles(await store.find(key('task:'), { search: { fields: ['title'], text: '_' } })), ["It's 100% done_ok"]);
      assert.deepEqual(titles(await store.find(key('task:'), { where: { n: 3, done: true } })), ['File taxes'], 'numbers and booleans');
      assert.equal((await store.find(key('task:'), { where: { status: 'nope' } })).total, 0);
      await assert.rejects(store.find(key('task:'), { where: { "a') OR 1=1 --": 'x' } }), /plain field name/);
    });

    test('removes by compare-and-set, once per idempotency key, and a removed key can be made again', async () => {
      await store.put(key('gone'), { n: 1 }, { expectedVersion: 0 });
      await store.put(key('gone'), { n: 2 }, { expectedVersion: 1 });
      const stale = await store.remove(key('gone'), { expectedVersion: 1 });
      assert.deepEqual(stale.status === 'conflict' && stale.current?.value, { n: 2 }, 'an old version removes nothing');
      const removed = await store.remove(key('gone'), { expectedVersion: 2, idempotencyKey: key('rm-1') });
      assert.equal(removed.status, 'removed');
      assert.deepEqual(removed.status === 'removed' && removed.record.value, { n: 2 });
      assert.equal(await store.get(key('gone')), null);
      const retry = await store.remove(key('gone'), { expectedVersion: 2, idempotencyKey: key('rm-1') });
      assert.equal(retry.status, 'replayed', 'a retry is told it went through');
      const missing = await store.remove(key('gone'), { expectedVersion: 2 });
      assert.deepEqual(missing, { status: 'conflict', current: null });
      await assert.rejects(store.put(key('gone'), 'x', { expectedVersion: 2, idempotencyKey: key('rm-1') }), IdempotencyKeyReuseError);
      assert.equal((await store.put(key('gone'), { n: 'again' }, { expectedVersion: 0 })).status, 'written');
      await assert.rejects(store.remove(key('gone'), { expectedVersion: 0 }), /version to remove/);
    });

    test('keeps JSON values exactly', async () => {
      const value = { s: 'é ♞ "quoted" \\ </script>', n: 12.5, neg: -3, big: 2 ** 52, t: true, z: null, a: [1, [2, { b: [] }]] };
      await store.put(key('json'), value, { expectedVersion: 0 });
      assert.deepEqual((await store.get(key('json')))?.value, value);
    });

    test('of many concurrent writers at one version, exactly one wins', async () => {
      await store.put(key('race'), 0, { expectedVersion: 0 });
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store.put(key('race'), i + 1, { expectedVersion: 1 })),
      );
      assert.equal(outcomes.filter((o) => o.status === 'written').length, 1);
      assert.equal(outcomes.filter((o) => o.status === 'conflict').length, 7);
      assert.equal((await store.get(key('race')))?.version, 2);
    });

    test('the same idempotency key sent concurrently is applied once', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, () => store.put(key('twice'), 'v', { expectedVersion: 0, idempotencyKey: key('req-4') })),
      );
      assert.equal(outcomes.filter((o) => o.status === 'written').length, 1);
      assert.equal(outcomes.filter((o) => o.status === 'replayed').length, 5);
      assert.equal((await store.get(key('twice')))?.version, 1);
    });

    test('rejects bad arguments with a clear TypeError', async () => {
      await assert.rejects(store.put(key('bad'), 1, { expectedVersion: -1 }), /expectedVersion must be an integer/);
      await assert.rejects(store.put('', 1, { expectedVersion: 0 }), /non-empty string/);
      await assert.rejects(store.list(key('x'), { limit: 0 }), /limit must be a positive integer/);
    });
  });
}

type Blob = { n: number; payload: string; digest: string };

/** Kills a writer mid-stream several times; every surviving record must be whole and consistent. */
async function killMidWrite(env: Record<string, string>, check: (store: Store) => Promise<void>, open: () => Promise<Store>) {
  for (let round = 0; round < 4; round++) {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT_DIR, 'test/server/fixtures/store-writer.ts')], {
      cwd: ROOT_DIR,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.split('\n').length > 4) resolve();
      });
      child.once('exit', (code) => reject(new Error(`writer exited early (${code}): ${err}`)));
    });
    await new Promise((r) => setTimeout(r, Math.random() * 40));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const store = await open();
    try {
      const record = await store.get<Blob>('blob');
      assert.ok(record, 'the record survives');
      assert.equal(record.value.n, record.version, 'value and version were written together');
      assert.equal(createHash('sha256').update(record.value.payload).digest('hex'), record.value.digest, 'payload whole');
      // The idempotency record of the last write committed with it.
      const replay = await store.put<Blob>('blob', record.value, { expectedVersion: record.version - 1, idempotencyKey: `blob-${record.version}` });
      assert.equal(replay.status, 'replayed');
      await check(store);
    } finally {
      await store.close();
    }
  }
}

describe('a process killed mid-write leaves no half-written record', () => {
  it('sqlite', async () => {
    const path = join(dir.path, 'killed.db');
    await killMidWrite({ SKYLIT_DB_PATH: path, DATABASE_URL: '' }, async () => {
      const db = new Database(path, { readonly: true });
      try {
        assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      } finally {
        db.close();
      }
    }, async () => openSqliteStore(path));
  });

  it('postgres', async () => {
    const url = `${cluster.url}?application_name=killed`;
    await killMidWrite({ DATABASE_URL: url }, async () => {}, () => openPostgresStore(url));
  });
});

describe('two server processes sharing one PostgreSQL', () => {
  let servers: ServerProcess[] = [];
  before(async () => {
    await ensureFixtureBundles();
    servers = await Promise.all([spawnHttpServer({ DATABASE_URL: cluster.url }), spawnHttpServer({ DATABASE_URL: cluster.url })]);
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('loses no write when one client alternates between them', async () => {
    const clients = await Promise.all(servers.map((s) => httpClient(new URL('/mcp', s.origin))));
    try {
      let version = 0;
      for (let i = 0; i < 30; i++) {
        const result = await clients[i % 2]!.callTool({
          name: 'counter_increment',
          arguments: { name: 'shared', by: 1, expectedVersion: version, requestId: `alt-${i}-${randomUUID()}` },
        });
        assert.equal(result.isError, undefined, textOf(result));
        version = (result.structuredContent as { version: number }).version;
      }
      for (const client of clients) {
        const read = await client.callTool({ name: 'counter_get', arguments: { name: 'shared' } });
        assert.deepEqual(read.structuredContent, { name: 'shared', value: 30, version: 30 });
      }
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });

  it('loses no write when clients race on both, retrying conflicts with the current version', async () => {
    const clients = await Promise.all(
      [...servers, ...servers].map((s) => httpClient(new URL('/mcp', s.origin))),
    );
    try {
      const perClient = 10;
      await Promise.all(
        clients.map(async (client, c) => {
          for (let i = 0; i < perClient; i++) {
            const requestId = `race-${c}-${i}-${randomUUID()}`;
            let version = ((await client.callTool({ name: 'counter_get', arguments: { name: 'raced' } })).structuredContent as { version: number }).version;
            for (;;) {
              const result = await client.callTool({
                name: 'counter_increment',
                arguments: { name: 'raced', by: 1, expectedVersion: version, requestId },
              });
              if (!result.isError) break;
              assert.match(textOf(result), /changed meanwhile/);
              version = (result.structuredContent as { version: number }).version;
            }
          }
        }),
      );
      const read = await clients[0]!.callTool({ name: 'counter_get', arguments: { name: 'raced' } });
      assert.deepEqual(read.structuredContent, { name: 'raced', value: clients.length * perClient, version: clients.length * perClient });
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });
});

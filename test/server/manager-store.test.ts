/**
 * The manager's records on every engine (SQLite, PostgreSQL in a throw-away cluster, memory):
 * migrations (once, forward only, a new one run once even by two processes at a time, a newer store
 * refused), an install's life on each engine, the per-request cache seen from a second server
 * process on the same store, a server restarted with its installs (a process package unpacked again
 * from the store and started on boot), and the token-introspection verifier.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { introspectionVerifier } from '../../server/auth.ts';
import { silentLogger } from '../../server/log.ts';
import { WidgetManager } from '../../server/manager/manager.ts';
import { migrateManagerStore, MIGRATIONS, type Migration } from '../../server/manager/migrations.ts';
import { LOCAL_USER, SCHEMA_KEY } from '../../server/manager/records.ts';
import { openMemoryStore } from '../../server/store/memory.ts';
import { openPostgresStore } from '../../server/store/postgres.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import type { Store } from '../../server/store/types.ts';
import { ensureFixtureBundles, httpClient, spawnHttpServer, tempDir, textOf } from './helpers.ts';
import { call, clientFor, fixtureArchive, install, requestId, startManagerServer, startRemoteFixture, type RemoteFixture } from './manager-helpers.ts';
import { startPgCluster, type PgCluster } from './pg-cluster.ts';

let cluster: PgCluster;
let remote: RemoteFixture;
const dir = tempDir('skylit-manager-store-');

before(async () => {
  [cluster, remote] = await Promise.all([startPgCluster(), startRemoteFixture()]);
});

after(async () => {
  await remote?.stop();
  await cluster?.stop();
  dir.remove();
});

const engines: [string, () => Promise<Store> | Store][] = [
  ['sqlite', () => openSqliteStore(join(dir.path, `${Math.random().toString(36).slice(2)}.db`))],
  ['postgres', async () => {
    // A fresh schema per test: the same cluster, another search_path would need more; clear the table instead.
    const store = await openPostgresStore(cluster.url);
    for (const record of await store.list('manager')) await store.remove(record.key, { expectedVersion: record.version });
    return store;
  }],
  ['memory', () => openMemoryStore()],
];

for (const [engine, open] of engines) {
  describe(`manager records on ${engine}`, () => {
    it('migrates once; runs an added migration once, even with two processes at a time; refuses a newer store', async () => {
      const store = await open();
      try {
        assert.deepEqual(await migrateManagerStore(store), { from: 0, to: 1, ran: [1] });
        assert.deepEqual(await migrateManagerStore(store), { from: 1, to: 1, ran: [] });
        let runs = 0;
        const second: Migration = {
          version: 2,
          description: 'a test migration',
          async up(target) {
            runs += 1;
            // Idempotent: marks every widget record, whatever ran before.
            for (const record of await target.list('manager:local:widget:')) {
              await target.put(record.key, { ...(record.value as object), migrated: true }, { expectedVersion: record.version });
            }
          },
        };
        await store.put('manager:local:widget:com.example.x', { kind: 'installed_widget', schema: 1 }, { expectedVersion: 0 });
        const reports = await Promise.all([migrateManagerStore(store, [...MIGRATIONS, second]), migrateManagerStore(store, [...MIGRATIONS, second])]);
        assert.ok(reports.every((report) => report.to === 2));
        assert.ok(runs >= 1 && runs <= 2, `ran ${runs} times`);
        assert.deepEqual((await store.get('manager:local:widget:com.example.x'))?.value, { kind: 'installed_widget', schema: 1, migrated: true });
        assert.deepEqual(await migrateManagerStore(store, [...MIGRATIONS, second]), { from: 2, to: 2, ran: [] });
        assert.equal(runs <= 2, true);
        await assert.rejects(migrateManagerStore(store), /records are at version 2, newer than this server knows \(1\): it was written by a newer Skylit/);
        assert.equal((await store.get<{ version: number }>(SCHEMA_KEY))?.value.version, 2, 'the version never goes back');
      } finally {
        await store.close();
      }
    });

    it('keeps an install: installed, listed, disabled, opened, uninstalled with its instances', async () => {
      const store = await open();
      const manager = await WidgetManager.open({ store, log: silentLogger, packagesDir: join(dir.path, 'packages'), allowPrivateNetwork: true });
      try {
        const { record } = await manager.install(LOCAL_USER, { source: 'url', location: remote.url }, requestId());
        assert.equal(record.version, 1);
        assert.equal(record.value.namespace, 'fixture_widgets');
        assert.equal((await manager.list(LOCAL_USER, { limit: 10 })).total, 1);
        assert.equal((await manager.list(LOCAL_USER, { limit: 10, status: 'disabled' })).total, 0);
        assert.equal((await manager.list(LOCAL_USER, { limit: 10, text: 'FIXTURE' })).total, 1, 'search ignores case in the engine');
        const instance = await manager.openInstance(LOCAL_USER, record.value.packageId);
        assert.equal(instance.value.config.tool, 'fixture_widgets__echo');
        const disabled = await manager.setEnabled(LOCAL_USER, record.value.packageId, false, { requestId: requestId() });
        assert.equal(disabled.status, 'written');
        assert.equal((await manager.list(LOCAL_USER, { limit: 10, status: 'disabled' })).total, 1);
        assert.deepEqual(await manager.listTools({ id: null }), []);
        const current = (await manager.get(LOCAL_USER, record.value.packageId))!;
        assert.equal((await manager.uninstall(LOCAL_USER, record.value.packageId, { expectedVersion: current.version, requestId: requestId() })).status, 'written');
        assert.equal(await manager.instanceCount(LOCAL_USER, record.value.packageId), 0);
        assert.deepEqual((await store.list('manager:local:')).map((r) => r.key).filter((key) => !key.includes('generation') && !key.includes('install-request')), []);
      } finally {
        await manager.close();
        await store.close();
      }
    });
  });
}

describe('the cache, seen from two server processes on one store', () => {
  it('a change made by one is seen by the other on its next request', async () => {
    const file = join(dir.path, 'shared.db');
    const [storeA, storeB] = [openSqliteStore(file), openSqliteStore(file)];
    const options = { log: silentLogger, packagesDir: join(dir.path, 'shared-packages'), allowPrivateNetwork: true, cacheTtlMs: 60 * 60_000 };
    const [a, b] = [await WidgetManager.open({ store: storeA, ...options }), await WidgetManager.open({ store: storeB, ...options })];
    try {
      assert.deepEqual(await a.listTools({ id: null }), [], 'a has cached an empty list');
      const { record } = await b.install(LOCAL_USER, { source: 'url', location: remote.url }, requestId());
      assert.ok((await a.listTools({ id: null })).some((tool) => tool.name === 'fixture_widgets__echo'), 'a sees b’s install at once');
      await b.setEnabled(LOCAL_USER, record.value.packageId, false, { requestId: requestId() });
      const refused = await a.callTool({ id: null }, 'fixture_widgets__echo', { text: 'x' }, new AbortController().signal);
      assert.match(textOf(refused!), /which is disabled/);
    } finally {
      await a.close();
      await b.close();
      await storeA.close();
      await storeB.close();
    }
  });
});

describe('a restarted server', () => {
  it('still has its installs: a remote package, and a process package unpacked again from the store and started on boot', async () => {
    await ensureFixtureBundles();
    const env = { SKYLIT_MANAGER: 'on', SKYLIT_DEBUG: 'manager', SKYLIT_DB_PATH: join(dir.path, 'restart.db') };
    const first = await spawnHttpServer({ ...env, SKYLIT_PACKAGES_DIR: join(dir.path, 'first-packages') });
    try {
      const client = await httpClient(new URL('/mcp', first.origin));
      assert.ok(!(await install(client, { source: 'url', location: remote.url })).isError);
      const archived = await install(client, { source: 'file' }, { archive: { data: fixtureArchive().toString('base64') } });
      assert.ok(!archived.isError, textOf(archived));
      await client.close();
    } finally {
      await first.stop();
    }
    assert.match(first.output(), /widget manager on/);
    const second = await spawnHttpServer({ ...env, SKYLIT_PACKAGES_DIR: join(dir.path, 'second-packages') });
    try {
      const client = await httpClient(new URL('/mcp', second.origin));
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      assert.ok(names.includes('fixture_widgets__echo') && names.includes('fixture__echo'), names.join(', '));
      assert.equal(textOf(await call(client, 'fixture_widgets__echo', { text: 'remote' })), 'echo: remote');
      assert.equal(textOf(await call(client, 'fixture__echo', { text: 'process' })), 'echo: process');
      assert.match(second.output(), /widget_process started package=dev\.skylit\.test\.fixture/);
      await client.close();
    } finally {
      await second.stop();
    }
  });
});

describe('token introspection (RFC 7662)', () => {
  let issuer: Server;
  let asked = 0;
  let introspectionUrl = '';

  before(async () => {
    issuer = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        asked += 1;
        const token = new URLSearchParams(body).get('token');
        const authorized = req.headers.authorization === `Basic ${Buffer.from('skylit:secret').toString('base64')}`;
        res.writeHead(authorized ? 200 : 401, { 'content-type': 'application/json' });
        const exp = Math.floor(Date.now() / 1000) + 600;
        res.end(JSON.stringify(token === 'good' ? { active: true, sub: 'carol', client_id: 'chat', scope: 'widgets', exp } : { active: false }));
      });
    });
    await new Promise<void>((resolve) => issuer.listen(0, '127.0.0.1', resolve));
    introspectionUrl = `http://127.0.0.1:${(issuer.address() as { port: number }).port}/introspect`;
  });

  after(() => new Promise<void>((resolve) => issuer.close(() => resolve())));

  it('admits an active token as its subject, refuses an inactive one, and asks once per token', async () => {
    const server = await startManagerServer({ auth: { verifier: introspectionVerifier({ url: introspectionUrl, clientId: 'skylit', clientSecret: 'secret' }), requiredScopes: ['widgets'] } });
    try {
      const carol = await clientFor(server.url, 'good');
      assert.ok(!(await install(carol, { source: 'url', location: remote.url })).isError);
      assert.equal((await call(carol, 'widgets_list')).structuredContent?.total, 1);
      assert.equal(asked, 1, 'the answer is cached');
      const records = await server.store.list('manager:');
      assert.ok(records.some((record) => (record.value as { userId?: string }).userId === 'carol'), 'the install belongs to the token’s subject');
      await carol.close();
      const refused = await fetch(server.url, { method: 'POST', headers: { authorization: 'Bearer bad', 'content-type': 'application/json' }, body: '{}' });
      assert.equal(refused.status, 401);
      assert.match(refused.headers.get('www-authenticate') ?? '', /error="invalid_token", error_description="The token is not active"/);
    } finally {
      await server.close();
    }
  });
});

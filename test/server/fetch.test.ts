// The server as a web-standard fetch handler (server/fetch.ts), the way a serverless platform runs
// it: Request in, Response out, no listening socket. Driven by the SDK's client through a custom
// fetch; and two instances (two apps, as two function instances would be) on one PostgreSQL store
// serving one set of records.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createSkylitApp } from '../../server/app.ts';
import { createFetchHandler } from '../../server/fetch.ts';
import { silentLogger } from '../../server/log.ts';
import { openMemoryStore } from '../../server/store/memory.ts';
import { openStore } from '../../server/store/index.ts';
import type { Store } from '../../server/store/types.ts';
import { ensureFixtureBundles, TEST_DIST_DIR, textOf } from './helpers.ts';
import { counterWidget } from './fixtures/counter/widget.ts';
import { startPgCluster, type PgCluster } from './pg-cluster.ts';

const ORIGIN = 'https://skylit.example.com';

/** A fetch handler over the counter widget on `store`. */
function instance(store: Store) {
  const app = createSkylitApp({ widgets: [counterWidget], store, distDir: TEST_DIST_DIR, log: silentLogger });
  return createFetchHandler(app, { maxBodyBytes: 64 * 1024 });
}

/** An SDK client whose requests go straight into `handler` (no network). */
async function clientOf(handler: (request: Request) => Promise<Response>): Promise<Client> {
  const client = new Client({ name: 'skylit-fetch-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', ORIGIN), { fetch: (url, init) => handler(new Request(url, init)) }));
  return client;
}

before(() => ensureFixtureBundles());

describe('createFetchHandler', () => {
  let handle: (request: Request) => Promise<Response>;
  before(() => {
    handle = instance(openMemoryStore());
  });

  it('serves MCP to the SDK client: tools, calls and widget resources', async () => {
    const client = await clientOf(handle);
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), ['counter_get', 'counter_increment']);
    const result = await client.callTool({ name: 'counter_increment', arguments: { name: 'fetch', by: 2, expectedVersion: 0, requestId: 'request-fetch-1' } });
    assert.deepEqual(result.structuredContent, { name: 'fetch', value: 2, version: 1 });
    const { resources } = await client.listResources();
    const page = await client.readResource({ uri: resources[0]!.uri });
    assert.match((page.contents[0] as { text: string }).text, /<sky-test-counter>/);
    await client.close();
  });

  it('is stateless: a tools/call with no initialize and no session gets a JSON answer', async () => {
    const response = await handle(
      new Request(`${ORIGIN}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'counter_get', arguments: { name: 'fetch' } } }),
      }),
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('mcp-session-id'), null);
    const body = await response.json();
    assert.deepEqual(body.result.structuredContent, { name: 'fetch', value: 2, version: 1 });
  });

  it('answers /healthz, refuses GET /mcp (405), an oversized body (413) and unknown paths (404)', async () => {
    const health = await handle(new Request(`${ORIGIN}/healthz`));
    assert.deepEqual(await health.json(), { status: 'ok', widgets: 1, tools: 2, store: 'memory' });
    const get = await handle(new Request(`${ORIGIN}/mcp`));
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    const big = await handle(
      new Request(`${ORIGIN}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(70 * 1024) } }),
      }),
    );
    assert.equal(big.status, 413);
    const other = await handle(new Request(`${ORIGIN}/nothing`));
    assert.equal(other.status, 404);
    assert.match(await other.text(), /POST \/mcp/);
  });
});

describe('two fetch-handler instances on one PostgreSQL store', () => {
  let cluster: PgCluster;
  let stores: Store[] = [];
  before(async () => {
    cluster = await startPgCluster();
    stores = [await openStore({ databaseUrl: cluster.url }), await openStore({ databaseUrl: cluster.url })];
  });
  after(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await cluster?.stop();
  });

  it('serve one set of records: a write through one is read through the other, and a stale write is refused', async () => {
    const [a, b] = await Promise.all(stores.map((store) => clientOf(instance(store))));
    await a!.callTool({ name: 'counter_increment', arguments: { name: 'shared', by: 5, expectedVersion: 0, requestId: 'request-shared-1' } });
    assert.deepEqual((await b!.callTool({ name: 'counter_get', arguments: { name: 'shared' } })).structuredContent, { name: 'shared', value: 5, version: 1 });
    await b!.callTool({ name: 'counter_increment', arguments: { name: 'shared', by: 1, expectedVersion: 1, requestId: 'request-shared-2' } });
    const stale = await a!.callTool({ name: 'counter_increment', arguments: { name: 'shared', by: 1, expectedVersion: 1, requestId: 'request-shared-3' } });
    assert.equal(stale.isError, true, textOf(stale));
    assert.deepEqual((await a!.callTool({ name: 'counter_get', arguments: { name: 'shared' } })).structuredContent, { name: 'shared', value: 6, version: 2 });
    await Promise.all([a!.close(), b!.close()]);
  });
});

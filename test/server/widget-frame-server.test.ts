// The server side of <sky-widget-frame>: CORS on the MCP endpoint for configured origins (preflight
// included) and 403 for every other browser origin; the sandbox origin on its own listener, serving
// only the proxy page with the widget's CSP as a header; the host playground at /host.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSkylitApp } from '../../server/app.ts';
import { buildBundles, SANDBOX_TARGET, staleTargets } from '../../server/build.ts';
import { parseCorsOrigins } from '../../server/cors.ts';
import { startHttpServer, type RunningHttpServer } from '../../server/http.ts';
import { silentLogger } from '../../server/log.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import type { Store } from '../../server/store/types.ts';
import { counterWidget } from './fixtures/counter/widget.ts';
import { ensureFixtureBundles, tempDir, TEST_DIST_DIR } from './helpers.ts';

const APP_ORIGIN = 'https://app.example.test';
const call = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} };
const mcpHeaders = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' };

describe('<sky-widget-frame> on the server', () => {
  let http: RunningHttpServer;
  let store: Store;
  let dir: { path: string; remove: () => void };
  let mcp: URL;
  before(async () => {
    await ensureFixtureBundles();
    const stale = staleTargets([SANDBOX_TARGET], { distDir: TEST_DIST_DIR });
    if (stale.length) await buildBundles(stale, { distDir: TEST_DIST_DIR });
    dir = tempDir();
    store = openSqliteStore(join(dir.path, 'test.db'));
    const app = createSkylitApp({ widgets: [counterWidget], store, distDir: TEST_DIST_DIR, log: silentLogger });
    http = await startHttpServer(app, { port: 0, host: '127.0.0.1', distDir: TEST_DIST_DIR, corsOrigins: [APP_ORIGIN], sandbox: { port: 0 } });
    mcp = new URL('/mcp', http.origin);
  });
  after(async () => {
    await http.close();
    await store.close();
    dir.remove();
  });

  describe('CORS on /mcp', () => {
    it('answers the preflight of a configured origin with what the MCP client sends and reads', async () => {
      const response = await fetch(mcp, {
        method: 'OPTIONS',
        headers: { origin: APP_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, mcp-protocol-version' },
      });
      assert.equal(response.status, 204);
      assert.equal(response.headers.get('access-control-allow-origin'), APP_ORIGIN);
      assert.match(response.headers.get('access-control-allow-methods')!, /POST/);
      for (const header of ['content-type', 'accept', 'mcp-protocol-version', 'mcp-session-id', 'authorization']) {
        assert.match(response.headers.get('access-control-allow-headers')!, new RegExp(header));
      }
      assert.equal(response.headers.get('vary'), 'origin');
    });

    it('lets a configured origin call, and exposes the MCP headers to it', async () => {
      const response = await fetch(mcp, { method: 'POST', headers: { ...mcpHeaders, origin: APP_ORIGIN }, body: JSON.stringify(call) });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('access-control-allow-origin'), APP_ORIGIN);
      assert.match(response.headers.get('access-control-expose-headers')!, /mcp-session-id/);
      assert.ok(((await response.json()) as { result: { tools: unknown[] } }).result.tools.length > 0);
    });

    for (const [what, origin] of [
      ['an unknown origin', 'https://elsewhere.example.test'],
      ['a sandboxed frame or a file (origin null)', 'null'],
    ] as const) {
      it(`refuses ${what}, preflight and call, before MCP`, async () => {
        const preflight = await fetch(mcp, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
        assert.equal(preflight.status, 403);
        assert.equal(preflight.headers.get('access-control-allow-origin'), null);
        const response = await fetch(mcp, { method: 'POST', headers: { ...mcpHeaders, origin }, body: JSON.stringify(call) });
        assert.equal(response.status, 403);
        assert.equal(response.headers.get('access-control-allow-origin'), null);
        const body = (await response.json()) as { error: { message: string } };
        assert.match(body.error.message, /may not call this server from a browser\. Add it to SKYLIT_CORS_ORIGINS/);
      });
    }

    it('serves pages on its own origin and clients that are not browsers, with no CORS headers', async () => {
      for (const headers of [{ ...mcpHeaders, origin: http.origin }, mcpHeaders]) {
        const response = await fetch(mcp, { method: 'POST', headers, body: JSON.stringify(call) });
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('access-control-allow-origin'), null);
      }
    });

    it('reads SKYLIT_CORS_ORIGINS as exact origins and names a bad entry', () => {
      assert.deepEqual(parseCorsOrigins(' https://a.example , http://localhost:3000 '), ['https://a.example', 'http://localhost:3000']);
      assert.deepEqual(parseCorsOrigins(undefined), []);
      assert.throws(() => parseCorsOrigins('a.example'), /"a\.example" is not an origin/);
      assert.throws(() => parseCorsOrigins('https://a.example/path'), /scheme, host and port only/);
    });
  });

  describe('the sandbox origin', () => {
    it('listens on its own port and serves the proxy with the widget’s CSP as a header', async () => {
      assert.ok(http.sandboxUrl);
      const sandbox = new URL(http.sandboxUrl!);
      assert.notEqual(sandbox.origin, http.origin);
      const csp = JSON.stringify({ connectDomains: ['https://api.example.test', "https://x.test 'unsafe-eval'"], resourceDomains: ['https://cdn.example.test'] });
      const response = await fetch(`${sandbox.href}?host=${encodeURIComponent(APP_ORIGIN)}&csp=${encodeURIComponent(csp)}`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type')!, /text\/html/);
      const policy = response.headers.get('content-security-policy')!;
      assert.match(policy, /^default-src 'none'; script-src 'self' 'unsafe-inline' https:\/\/cdn\.example\.test;/);
      assert.match(policy, /connect-src https:\/\/api\.example\.test;/);
      assert.doesNotMatch(policy, /unsafe-eval/);
      assert.match(await response.text(), /<script type="module">/);
    });

    it('is the strictest policy when nothing (or garbage) is declared', async () => {
      const response = await fetch(`${http.sandboxUrl}?csp=${encodeURIComponent('{nope')}`);
      assert.match(response.headers.get('content-security-policy')!, /connect-src 'none'; frame-src 'none'/);
    });

    it('serves nothing else, and the main origin serves no sandbox', async () => {
      const other = new URL('/mcp', http.sandboxUrl);
      assert.equal((await fetch(other, { method: 'POST', body: '{}' })).status, 404);
      assert.equal((await fetch(new URL('/sandbox', http.origin))).status, 404);
    });
  });

  describe('the host playground', () => {
    it('is at /host with the sandbox URL, framing only the sandbox origin', async () => {
      const response = await fetch(new URL('/host', http.origin));
      assert.equal(response.status, 200);
      const policy = response.headers.get('content-security-policy')!;
      assert.match(policy, new RegExp(`frame-src ${new URL(http.sandboxUrl!).origin.replace(/[.]/g, '\\.')};`));
      assert.match(policy, /script-src 'self';/);
      const html = await response.text();
      assert.match(html, /<title>Skylit host playground<\/title>/);
      assert.ok(html.includes(JSON.stringify(http.sandboxUrl)));
    });
  });
});

// The HTTP side as a browser or a plain fetch sees it: /healthz, stateless JSON-RPC without a
// session, refusals, and the preview page — rendered in real Chromium, calling this server.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import puppeteer, { type Browser } from 'puppeteer-core';
import { createSkylitApp } from '../../server/app.ts';
import { startHttpServer } from '../../server/http.ts';
import { silentLogger } from '../../server/log.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import { startTestServer, tempDir, TEST_DIST_DIR, type TestServer } from './helpers.ts';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';

const rpc = (url: URL, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-06-18',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('HTTP endpoints', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('GET /healthz reports widgets, tools and the store', async () => {
    const response = await fetch(new URL('/healthz', server.http.origin));
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok', widgets: 1, tools: 2, store: 'sqlite' });
  });

  it('answers tools/call with JSON and no session, without an initialize first (as the standalone host sends it)', async () => {
    const response = await rpc(server.url, { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'counter_get', arguments: { name: 'fetch' } } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(response.headers.get('mcp-session-id'), null);
    const body = (await response.json()) as { id: number; result: { structuredContent: unknown } };
    assert.equal(body.id, 7);
    assert.deepEqual(body.result.structuredContent, { name: 'fetch', value: 0, version: 0 });
  });

  it('answers resources/read the same way', async () => {
    const uri = server.app.resources.values().next().value!.uris.mcpApps;
    const response = await rpc(server.url, { jsonrpc: '2.0', id: 1, method: 'resources/read', params: { uri } });
    const body = (await response.json()) as { result: { contents: { mimeType: string }[] } };
    assert.equal(body.result.contents[0]!.mimeType, 'text/html;profile=mcp-app');
  });

  it('refuses GET and DELETE on /mcp (stateless: no stream, no session)', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(server.url, { method, headers: { accept: 'text/event-stream' } });
      assert.equal(response.status, 405);
      assert.equal(response.headers.get('allow'), 'POST');
    }
  });

  it('answers a body that is not JSON with a JSON-RPC parse error', async () => {
    const response = await rpc(server.url, '{"jsonrpc": ');
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: { code: number } }).error.code, -32700);
  });

  it('refuses a request addressed to another host name (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(server.url, { method: 'GET', path: '/healthz', headers: { host: 'evil.example:8787' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 403);
  });

  it('serves the preview page with a strict CSP and its scripts', async () => {
    const response = await fetch(server.http.origin);
    assert.equal(response.status, 200);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /connect-src 'self'/);
    const html = await response.text();
    assert.match(html, /Test counter/);
    assert.match(html, /<script type="module" src="\/preview\/widgets\/dev\.skylit\.test-counter\.js"><\/script>/);
    for (const path of ['/preview/preview.js', '/preview/widgets/dev.skylit.test-counter.js']) {
      const script = await fetch(new URL(path, server.http.origin));
      assert.equal(script.status, 200, path);
      assert.match(script.headers.get('content-type') ?? '', /text\/javascript/);
    }
    assert.equal((await fetch(new URL('/preview/widgets/dev.skylit.nope.js', server.http.origin))).status, 404);
  });

  it('says "no widgets yet" when none is registered', async () => {
    const dir = tempDir();
    const store = openSqliteStore(join(dir.path, 'empty.db'));
    const app = createSkylitApp({ widgets: [], store, distDir: TEST_DIST_DIR, log: silentLogger });
    const http = await startHttpServer(app, { port: 0, host: '127.0.0.1', distDir: TEST_DIST_DIR });
    try {
      const html = await (await fetch(http.origin)).text();
      assert.match(html, /No widgets yet/);
      assert.doesNotMatch(html, /<script type="module"/);
    } finally {
      await http.close();
      await store.close();
      dir.remove();
    }
  });
});

describe('the preview page in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startTestServer();
    browser = await puppeteer.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders the widget through the standalone host, and its button writes through this server', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto(server.http.origin, { waitUntil: 'load' });
    const value = () =>
      page.$eval('sky-test-counter', (el) => el.shadowRoot?.querySelector('output')?.textContent ?? null);
    await page.waitForFunction(() => document.querySelector('sky-test-counter')?.shadowRoot?.querySelector('output'), { timeout: 10_000 });
    assert.equal(await value(), '0');

    const button = await page.waitForSelector('sky-test-counter >>> button');
    await button!.click();
    await page.waitForFunction(
      () => document.querySelector('sky-test-counter')?.shadowRoot?.querySelector('output')?.textContent === '1',
      { timeout: 10_000 },
    );
    const status = await page.$eval('sky-test-counter', (el) => el.shadowRoot?.querySelector('[role="status"]')?.textContent);
    assert.equal(status, 'Saved: 1');
    // The write reached the store, not just the page.
    assert.equal((await server.store.get<{ value: number }>('counter:preview'))?.value.value, 1);
    assert.ok(server.logLines.some((l) => /tool=counter_increment .*outcome=ok/.test(l)));
    assert.deepEqual(problems, [], 'no errors in the page (CSP violations included)');
  });
});

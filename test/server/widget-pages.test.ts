/**
 * The pages hosts actually run: each chess widget resource (its HTML with the one-transport bundle
 * inlined), read from the server over MCP and loaded in Chromium inside an emulated host — ChatGPT
 * (`window.openai`) and an MCP Apps host (a parent page speaking `ui/*` to a sandboxed-like frame,
 * under the MCP Apps default CSP). A move on the board goes through the host to the real server.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import type { ChessView } from '../../components/chess-board/view.ts';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';
import { createSkylitApp } from '../../server/app.ts';
import { buildBundles, bundleTargets } from '../../server/build.ts';
import { startHttpServer, type RunningHttpServer } from '../../server/http.ts';
import { silentLogger } from '../../server/log.ts';
import { MCP_APPS_MIME_TYPE, OPENAI_MIME_TYPE } from '../../server/resources.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import type { Store } from '../../server/store/types.ts';
import { chessBoardWidget } from '../../server/widgets/chess/index.ts';
import { httpClient, tempDir } from './helpers.ts';

/** The default CSP of the MCP Apps spec for a resource that declares no domains. */
const MCP_APPS_DEFAULT_CSP =
  "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; media-src 'self' data:; connect-src 'none'";

type CallResult = { structuredContent?: unknown; content?: unknown; _meta?: unknown; isError?: boolean };

describe('widget pages in their hosts', () => {
  const dir = tempDir('skylit-pages-');
  let store: Store;
  let http: RunningHttpServer;
  let client: Client;
  let browser: Browser;
  const html: Record<string, string> = {};

  before(async () => {
    const distDir = join(dir.path, 'dist');
    await buildBundles(bundleTargets([chessBoardWidget], { preview: false }), { distDir });
    store = openSqliteStore(join(dir.path, 'pages.db'));
    const app = createSkylitApp({ widgets: [chessBoardWidget], store, distDir, log: silentLogger });
    http = await startHttpServer(app, { port: 0, host: '127.0.0.1', distDir });
    client = await httpClient(new URL('/mcp', http.origin));
    for (const resource of (await client.listResources()).resources) {
      const [content] = (await client.readResource({ uri: resource.uri })).contents;
      html[resource.mimeType!] = (content as { text: string }).text;
    }
    browser = await puppeteer.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true });
  });

  after(async () => {
    await browser?.close();
    await client?.close();
    await http?.close();
    await store?.close();
    dir.remove();
  });

  /**
   * A page that serves `body` at http://host.test/ (intercepted: no network) and records any console
   * error, page error or CSP violation.
   */
  async function newPage(body: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage();
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = request.url();
      if (url === 'http://host.test/') void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body });
      else if (url === 'http://host.test/favicon.ico') void request.respond({ status: 204 });
      else void request.abort(); // the widget page makes no request of its own: this would show as an error
    });
    // tsx compiles the page functions below with esbuild's keepNames, which calls a `__name` helper.
    await page.evaluateOnNewDocument('globalThis.__name = (fn) => fn;');
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
    await page.exposeFunction('__callTool', async (name: string, args: Record<string, unknown>) =>
      (await client.callTool({ name, arguments: args })) as CallResult,
    );
    return { page, problems };
  }

  /** Plays e2-e4 with two clicks of the real mouse, then waits for the computer's reply to be spoken. */
  async function playE4(page: Page, frame: Frame, problems: string[]): Promise<string> {
    const widget = () => frame.evaluate(() => document.querySelector('sky-chess-board')?.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim().slice(0, 200));
    const wait = async (what: string, fn: () => boolean) => {
      try {
        await frame.waitForFunction(fn, { timeout: 10_000 });
      } catch {
        throw new Error(`${what}; the widget shows "${await widget()}"; page problems: ${problems.join(' | ') || 'none'}`);
      }
    };
    await wait('no board', () => Boolean(document.querySelector('sky-chess-board')?.shadowRoot?.querySelector('[data-square="e2"]')));
    // The square's centre in the frame, plus the frame's place on the page: where a hand would click.
    const offset = frame === page.mainFrame() ? { x: 0, y: 0 } : (await (await frame.frameElement())!.boundingBox())!;
    for (const square of ['e2', 'e4']) {
      const centre = await frame.evaluate((name: string) => {
        const r = document.querySelector('sky-chess-board')!.shadowRoot!.querySelector(`[data-square="${name}"]`)!.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }, square);
      await page.mouse.click(offset.x + centre.x, offset.y + centre.y);
    }
    await wait('no reply spoken', () =>
      /(^|\. )Black /.test(document.querySelector('sky-chess-board')!.shadowRoot!.querySelector('[part="announcer"]')!.textContent!.trim()),
    );
    return frame.evaluate(() => document.querySelector('sky-chess-board')!.shadowRoot!.querySelector('[part="announcer"]')!.textContent!.trim());
  }

  async function storedGame(gameId: string): Promise<ChessView> {
    return (await client.callTool({ name: 'chess_get_game', arguments: { gameId } })).structuredContent as unknown as ChessView;
  }

  it('ChatGPT page: the board renders from window.openai and a move reaches the server', async () => {
    const start = (await client.callTool({ name: 'chess_new_game', arguments: {} })) as CallResult;
    const { page, problems } = await newPage(html[OPENAI_MIME_TYPE]!);
    await page.evaluateOnNewDocument((result: CallResult) => {
      const calls: string[] = [];
      Object.assign(window, { __hostCalls: calls });
      (window as unknown as { openai: object }).openai = {
        toolInput: {},
        toolOutput: result.structuredContent,
        toolResponseMetadata: result._meta,
        widgetState: null,
        theme: 'light',
        locale: 'en-US',
        displayMode: 'inline',
        maxHeight: 700,
        safeArea: { insets: { top: 0, bottom: 0, left: 0, right: 0 } },
        userAgent: { device: { type: 'desktop' }, capabilities: { hover: true, touch: false } },
        callTool: (name: string, args: Record<string, unknown>) => {
          calls.push(name);
          return (window as unknown as { __callTool: (n: string, a: unknown) => Promise<unknown> }).__callTool(name, args);
        },
        setWidgetState: async () => undefined,
        requestDisplayMode: async ({ mode }: { mode: string }) => ({ mode }),
        notifyIntrinsicHeight: () => undefined,
      };
    }, start);
    await page.goto('http://host.test/');
    const heard = await playE4(page, page.mainFrame(), problems);
    assert.match(heard, /(^|\. )Black \w+ (to|takes) [a-h][1-8]/);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __hostCalls: string[] }).__hostCalls), ['chess_make_move']);
    const game = await storedGame((start.structuredContent as ChessView).gameId);
    assert.equal(game.moves[0], 'e4');
    assert.equal(game.moves.length, 2, 'the computer replied in the same call');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('MCP Apps page: handshake, tool result, a move through tools/call, under the default CSP', async () => {
    const start = (await client.callTool({ name: 'chess_new_game', arguments: {} })) as CallResult;
    const { page, problems } = await newPage('<!doctype html><title>host</title><iframe id="app" style="width:600px;height:800px;border:0"></iframe>');
    const widgetHtml = html[MCP_APPS_MIME_TYPE]!.replace(
      '<head>',
      `<head><meta http-equiv="Content-Security-Policy" content="${MCP_APPS_DEFAULT_CSP}">` +
        '<script>addEventListener("securitypolicyviolation", (e) => console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI))</script>',
    );
    await page.goto('http://host.test/');
    // The host: answers ui/initialize, sends the tool result once the view is initialized, forwards tools/call.
    await page.evaluate((result: CallResult, srcdoc: string) => {
      const frame = document.getElementById('app') as HTMLIFrameElement;
      const methods: string[] = [];
      Object.assign(window, { __methods: methods });
      addEventListener('message', async (event) => {
        if (event.source !== frame.contentWindow) return;
        const message = event.data as { id?: number; method?: string; params?: Record<string, unknown> };
        if (!message?.method) return;
        methods.push(message.method);
        const reply = (body: object) => frame.contentWindow!.postMessage({ jsonrpc: '2.0', id: message.id, ...body }, '*');
        if (message.method === 'ui/initialize') {
          reply({
            result: {
              protocolVersion: '2026-01-26',
              hostInfo: { name: 'test-host', version: '1.0.0' },
              hostCapabilities: { serverTools: {} },
              hostContext: { theme: 'dark', displayMode: 'inline', availableDisplayModes: ['inline', 'fullscreen'], locale: 'en-US', containerDimensions: { maxHeight: 700 } },
            },
          });
        } else if (message.method === 'ui/notifications/initialized') {
          frame.contentWindow!.postMessage({ jsonrpc: '2.0', method: 'ui/notifications/tool-result', params: result }, '*');
        } else if (message.method === 'tools/call') {
          const params = message.params as { name: string; arguments: Record<string, unknown> };
          const answer = await (window as unknown as { __callTool: (n: string, a: unknown) => Promise<unknown> }).__callTool(params.name, params.arguments);
          reply({ result: answer });
        } else if (message.id !== undefined) {
          reply({ result: {} });
        }
      });
      frame.srcdoc = srcdoc;
    }, start, widgetHtml);
    const frame = (await (await page.$('#app'))!.contentFrame())!;
    const heard = await playE4(page, frame, problems);
    assert.match(heard, /(^|\. )Black \w+ (to|takes) [a-h][1-8]/);
    const methods = await page.evaluate(() => (window as unknown as { __methods: string[] }).__methods);
    assert.equal(methods[0], 'ui/initialize');
    assert.ok(methods.includes('ui/notifications/initialized'));
    assert.ok(methods.includes('tools/call'));
    assert.ok(methods.includes('ui/notifications/size-changed'), 'the widget reports its height');
    // The host's dark theme reached the widget.
    assert.equal(await frame.evaluate(() => getComputedStyle(document.querySelector('sky-chess-board')!).colorScheme), 'dark');
    const game = await storedGame((start.structuredContent as ChessView).gameId);
    assert.deepEqual([game.moves[0], game.moves.length], ['e4', 2]);
    assert.deepEqual(problems, []);
    await page.close();
  });
});

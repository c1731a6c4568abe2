/**
 * The /manager page in Chromium, by keyboard alone: install the fixture package by URL (the form of
 * <sky-list-detail>), enable it, open it; axe finds nothing at each step; no console error. Real key
 * presses through Puppeteer (the page and the manager's tools are the real ones, over HTTP).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';
import { ROOT_DIR } from '../../server/build.ts';
import { startManagerServer, startRemoteFixture, type ManagerServer, type RemoteFixture } from './manager-helpers.ts';

const AXE = readFileSync(join(ROOT_DIR, 'node_modules/axe-core/axe.min.js'), 'utf8');

let server: ManagerServer;
let remote: RemoteFixture;
let browser: Browser;
let page: Page;
const problems: string[] = [];

before(async () => {
  [server, remote] = await Promise.all([startManagerServer({ auth: null }), startRemoteFixture()]);
  browser = await puppeteer.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
  page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 900 });
  page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
  page.on('pageerror', (error) => problems.push(`page: ${(error as Error).message}`));
  page.on('requestfailed', (request) => {
    // The MCP SDK client cancels the empty body of a notification's 202 answer, which Chromium
    // reports as an aborted request although the server took it: not a failure a user meets.
    const notification = /^\{"method":"notifications\/[^"]+","jsonrpc":"2\.0"\}$/.test(request.postData() ?? '');
    if (notification && request.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request: ${request.method()} ${request.url()} ${request.failure()?.errorText}`);
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  await remote?.stop();
});

/** What has the focus, inside shadow roots too. */
function focused(): Promise<{ tag: string; id: string; text: string; label: string }> {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    const label = element?.id ? (element.getRootNode() as Document | ShadowRoot).querySelector(`label[for="${element.id}"]`)?.textContent?.trim() : '';
    return { tag: element?.localName ?? '', id: element?.id ?? '', text: (element?.textContent ?? '').trim().slice(0, 80), label: label ?? '' };
  });
}

/** Presses Tab (or Shift+Tab) until `wanted` has the focus. */
async function tabTo(wanted: (f: Awaited<ReturnType<typeof focused>>) => boolean, what: string, backwards = false): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if (wanted(await focused())) return;
    if (backwards) {
      await page.keyboard.down('Shift');
      await page.keyboard.press('Tab');
      await page.keyboard.up('Shift');
    } else await page.keyboard.press('Tab');
  }
  assert.fail(`could not reach ${what} with Tab (focus is on ${JSON.stringify(await focused())})`);
}

/** Waits until the list-detail's shadow root has text matching `pattern`. */
async function shows(pattern: RegExp, what: string): Promise<void> {
  await page.waitForFunction(
    (source: string) => new RegExp(source).test(document.querySelector('sky-list-detail')?.shadowRoot?.textContent ?? ''),
    { timeout: 15_000 },
    pattern.source,
  ).catch(async () => assert.fail(`${what}: ${pattern} not shown; it shows ${(await page.evaluate(() => document.querySelector('sky-list-detail')?.shadowRoot?.textContent ?? '')).replace(/\s+/g, ' ').slice(0, 400)}`));
}

async function axe(state: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const results = await (window as unknown as { axe: { run(context: Document): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe.run(document);
    return results.violations.map((violation) => `${violation.id}: ${JSON.stringify(violation.nodes.map((node) => node.target))}`);
  });
  assert.deepEqual(violations, [], `axe (${state})`);
}

describe('the /manager page', () => {
  it('loads the manager (list-detail over the manager tools), axe clean', async () => {
    await page.goto(`${server.http.origin}/manager`);
    await shows(/Widgets \(0\)/, 'the empty list');
    assert.equal(await page.title(), 'Widgets · Skylit');
    await axe('empty list');
  });

  it('installs a widget by URL with the keyboard alone', async () => {
    await tabTo((f) => f.tag === 'button' && f.text === 'Add widget', 'the Add widget button');
    await page.keyboard.press('Enter');
    await shows(/New widget/, 'the install form');
    await tabTo((f) => f.id === 'field-source', 'the Source select');
    // A closed select takes arrows and Home / End: the first choice is "A URL".
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    assert.equal(await page.evaluate(() => document.querySelector('sky-list-detail')!.shadowRoot!.querySelector<HTMLSelectElement>('#field-source')!.value), 'url');
    await page.keyboard.press('Tab');
    assert.equal((await focused()).id, 'field-location');
    await page.keyboard.type(remote.url);
    await axe('install form');
    await tabTo((f) => f.tag === 'button' && f.text === 'Add widget' && f.id === '', 'the form’s Add widget button');
    // Both "Add widget" buttons have no id: the form's is the one after the fields.
    const inDetail = await page.evaluate(() => {
      const root = document.querySelector('sky-list-detail')!.shadowRoot!;
      return root.activeElement?.closest('.detail') !== null;
    });
    assert.ok(inDetail, 'the focus is on the form’s button');
    await page.keyboard.press('Enter');
    await shows(/Widgets \(1\)/, 'the installed widget in the list');
    await shows(/Fixture widgets/, 'its name');
    await shows(/Disabled/, 'its state (the form’s Enabled box was left unticked)');
    const installed = await server.manager.list({ id: null, key: 'local' }, { limit: 10 });
    assert.equal(installed.total, 1);
    assert.equal(installed.records[0]!.value.enabled, false);
  });

  it('enables it with the keyboard alone: its tools join the chat', async () => {
    await tabTo((f) => f.id === 'field-enabled', 'the Enabled box', true);
    await page.keyboard.press('Space');
    await tabTo((f) => f.tag === 'button' && f.text === 'Save', 'Save');
    await page.keyboard.press('Enter');
    await shows(/Enabled(?!\s*\()/, 'the enabled badge');
    await page.waitForFunction(() => !(document.getElementById('open') as HTMLButtonElement).disabled, { timeout: 10_000 });
    const tools = (await server.manager.listTools({ id: null })).map((tool) => tool.name);
    assert.ok(tools.includes('fixture_widgets__echo'), tools.join(', '));
    await axe('enabled');
  });

  it("opens it with the keyboard alone: the package's own UI in <sky-widget-frame> on the sandbox origin, the panel focused, axe clean, no console error", async () => {
    await tabTo((f) => f.id === 'open', 'the Open button');
    assert.equal((await focused()).text, 'Open Fixture widgets');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#panel h3'), { timeout: 10_000 });
    const heading = await page.evaluate(() => document.querySelector('#panel h3')?.textContent);
    assert.match(heading ?? '', /^Fixture widgets \(panel fixture_widgets-[0-9a-f]{8}\)$/);
    assert.match((await focused()).text, /^Fixture widgets \(panel/);
    // The frame called the namespaced tool through this server and runs the package's UI resource.
    await page
      .waitForFunction(() => (document.querySelector('#panel sky-widget-frame') as (Element & { state?: string }) | null)?.state === 'ready', { timeout: 15_000 })
      .catch(async () => assert.fail(`the frame is not ready: ${await page.evaluate(() => { const f = document.querySelector('#panel sky-widget-frame') as (Element & { state?: string; error?: { message: string } }) | null; return f ? `${f.state} ${f.error?.message ?? ''}` : 'no frame'; })}`));
    const sandboxOrigin = new URL(server.http.sandboxUrl!).origin;
    assert.notEqual(sandboxOrigin, server.http.origin);
    const shown = async () => {
      for (const frame of page.frames()) {
        const text = await frame.evaluate(() => document.getElementById('out')?.textContent ?? null).catch(() => null);
        if (text) return { text, url: frame.url() };
      }
      return null;
    };
    let widget = await shown();
    for (let i = 0; !widget && i < 50; i++) {
      await new Promise((done) => setTimeout(done, 100));
      widget = await shown();
    }
    assert.equal(widget?.text, 'Echo widget', 'the package\'s widget page is shown');
    assert.notEqual(widget?.url.startsWith(server.http.origin), true, 'the widget does not run on the manager page\'s origin');
    assert.equal(await server.manager.instanceCount({ id: null, key: 'local' }, installedId()), 1);
    await axe('opened');
    assert.deepEqual(problems, []);
  });
});

function installedId(): string {
  return `local.127-0-0-1-${new URL(remote.url).port}.fixture-widgets`;
}

// The standalone transport (a plain page, Storybook, tests) and transport detection.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createHost, detectHost, newRequestId, type Host } from '../../components/host/index.ts';
import { clickElement } from '../fixtures/real-input.ts';
import '../fixtures/test-widget.ts';
import type { TestWidget } from '../fixtures/test-widget.ts';

const hosts: Host[] = [];
afterEach(() => hosts.splice(0).forEach((host) => host.dispose()));
const track = <T extends Host>(host: T) => (hosts.push(host), host);
const text = (el: Element) => el.shadowRoot!.textContent ?? '';

describe('standalone transport', () => {
  it('renders data the page sets like properties', async () => {
    const host = track(createHost({ transport: 'standalone', standalone: { toolOutput: { title: 'Plain page', items: ['a'] } } }));
    const el = await fixture<TestWidget>(html`<test-widget .host=${host}></test-widget>`);
    expect(text(el)).to.include('Plain page');
    host.set({ toolOutput: { title: 'Updated', items: [] }, theme: 'dark' });
    await el.updateComplete;
    expect(text(el)).to.include('Updated');
    expect(el.getAttribute('theme')).to.equal('dark');
    expect(host.snapshot.widgetSessionId, 'a plain page has no widget session').to.equal(null);
  });

  it('answers tool calls with a function the page gives', async () => {
    const calls: unknown[] = [];
    const host = track(
      createHost({
        transport: 'standalone',
        standalone: {
          toolOutput: { title: 'Draft' },
          callTool: (name, args) => {
            calls.push({ name, args });
            return { structuredContent: { title: 'Saved by the page', items: [] }, content: [] };
          },
        },
      }),
    );
    const el = await fixture<TestWidget>(html`<test-widget .host=${host}></test-widget>`);
    el.shadowRoot!.querySelector('button')!.click();
    await waitUntil(() => text(el).includes('Saved by the page'));
    expect(calls).to.deep.equal([{ name: 'demo_save', args: { title: 'Draft' } }]);
    await waitUntil(() => el.shadowRoot!.querySelector('[part="announcer"]')!.textContent === 'Saved');
  });

  it('sends tool calls and resource reads to an MCP server URL over HTTP', async () => {
    const host = track(createHost({ transport: 'standalone', standalone: { serverUrl: '/test-mcp' } }));
    const result = await host.callTool('demo_save', { title: 'Kiwi' });
    expect(result.isError).to.equal(false);
    expect(result.structuredContent).to.deep.equal({ title: 'Saved Kiwi', items: ['from the server'] });
    expect(result._meta).to.deep.equal({ 'skylit/viewId': 'saved-Kiwi' });
    const bad = await host.callTool('demo_save', { title: '' });
    expect(bad.isError).to.equal(true);
    expect(bad.content[0]!.text).to.match(/title/);
    const resource = await host.readResource('ui://test/readme.txt');
    expect(resource.contents[0]).to.include({ text: 'hello from a resource' });
  });

  it('drives a widget from a server-url attribute alone', async () => {
    const el = await fixture<TestWidget>(html`<test-widget server-url="/test-mcp"></test-widget>`);
    await waitUntil(() => el.host, 'no host');
    track(el.host!);
    expect(el.host!.kind).to.equal('standalone');
    expect(text(el), 'nothing to show before a tool runs').to.include('Nothing to show yet');
    await (el as unknown as { callTool(n: string, a: object): Promise<unknown> }).callTool('demo_save', { title: 'Fig' });
    await el.updateComplete;
    expect(text(el)).to.include('Saved Fig');
  });

  it('shows an actionable error with a retry when the server cannot be reached', async () => {
    let up = false;
    const host = track(
      createHost({
        transport: 'standalone',
        standalone: {
          toolOutput: { title: 'Draft' },
          widgetState: { draft: 'unsaved words' },
          callTool: () => {
            if (!up) throw new Error('Could not reach the MCP server at /mcp: Failed to fetch');
            return { structuredContent: { title: 'Saved at last' } };
          },
        },
      }),
    );
    const el = await fixture<TestWidget>(html`<test-widget .host=${host}></test-widget>`);
    await clickElement(el.shadowRoot!.querySelector('button')!);
    await waitUntil(() => el.shadowRoot!.querySelector('[part="notice"]'));
    expect(text(el)).to.include('Could not reach the MCP server at /mcp');
    expect(text(el), 'the view stays on screen').to.include('Draft');
    expect(host.snapshot.widgetState, 'drafts survive the error').to.deep.equal({ draft: 'unsaved words' });
    await expect(el).to.be.accessible();
    up = true;
    await clickElement(el.shadowRoot!.querySelector<HTMLButtonElement>('[part="notice"] button')!);
    await waitUntil(() => text(el).includes('Saved at last'));
  });

  it('keeps widget state in storage by view id', async () => {
    const meta = { 'skylit/viewId': `standalone-${Date.now()}` };
    const first = track(createHost({ transport: 'standalone', standalone: { toolResponseMetadata: meta } }));
    await first.setWidgetState({ tab: 2 });
    const second = track(createHost({ transport: 'standalone', standalone: { toolResponseMetadata: meta } }));
    expect(second.snapshot.widgetState).to.deep.equal({ tab: 2 });
    expect(localStorage.getItem(`skylit:widget-state:widget:${meta['skylit/viewId']}`)).to.equal('{"tab":2}');
  });

  it('keeps the widget state of two widgets apart, even for views of the same id', async () => {
    const viewId = `shared-${Date.now()}`;
    const board = track(createHost({ transport: 'standalone', standalone: { toolResponseMetadata: { 'skylit/viewId': viewId, 'skylit/widgetId': 'dev.skylit.chess-board' } } }));
    await board.setWidgetState({ flipped: true });
    const list = track(createHost({ transport: 'standalone', standalone: { toolResponseMetadata: { 'skylit/viewId': viewId, 'skylit/widgetId': 'dev.skylit.list-detail' } } }));
    expect(list.snapshot.widgetState, 'another widget on the same origin sees none of it').to.equal(null);
    await list.setWidgetState({ draft: { title: 'x' } });
    expect(localStorage.getItem(`skylit:widget-state:dev.skylit.chess-board:${viewId}`)).to.equal('{"flipped":true}');
    expect(localStorage.getItem(`skylit:widget-state:dev.skylit.list-detail:${viewId}`)).to.equal('{"draft":{"title":"x"}}');
  });
});

describe('detection', () => {
  async function detectInFrame(query: string): Promise<{ kind: string }> {
    const frame = document.createElement('iframe');
    frame.src = new URL(`../fixtures/detect-frame.html${query}`, import.meta.url).href;
    document.body.append(frame);
    try {
      await waitUntil(() => frame.contentDocument?.title === 'detected', 'detection did not finish', { timeout: 5000 });
      return (frame.contentWindow as unknown as { detected: { kind: string } }).detected;
    } finally {
      frame.remove();
    }
  }

  it('picks standalone at once on a top-level page with no host', async () => {
    const host = track(await detectHost());
    expect(host.kind).to.equal('standalone');
  });

  it('falls back to standalone when a frame parent does not answer the handshake in time', async () => {
    const detected = await detectInFrame('?timeout=300');
    expect(detected.kind).to.equal('standalone');
  });

  it('lets the page force a transport without waiting', async () => {
    // With a one-minute handshake timeout, only a forced transport finishes within waitUntil's 5 s.
    const detected = await detectInFrame('?timeout=60000&transport=standalone');
    expect(detected.kind).to.equal('standalone');
  });
});

describe('request ids', () => {
  const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('are fresh UUIDs, also on a page without crypto.randomUUID (plain http)', () => {
    const native = Object.getOwnPropertyDescriptor(Crypto.prototype, 'randomUUID')!;
    const ids = new Set<string>();
    try {
      // Outside a secure context the browser has no randomUUID; the bridge must still make ids.
      Object.defineProperty(Crypto.prototype, 'randomUUID', { configurable: true, value: undefined });
      for (let i = 0; i < 200; i++) ids.add(newRequestId());
    } finally {
      Object.defineProperty(Crypto.prototype, 'randomUUID', native);
    }
    expect(ids.size).to.equal(200);
    for (const id of ids) expect(id).to.match(UUID_V4);
    expect(newRequestId()).to.match(UUID_V4);
  });
});

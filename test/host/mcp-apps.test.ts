// The mcp-apps transport against the official host side (AppBridge from ext-apps), across a real
// iframe: the widget in the frame detects its host, exactly as it would inside Claude or VS Code.
import { expect, waitUntil } from '@open-wc/testing';
import { AppBridge, PostMessageTransport } from '@modelcontextprotocol/ext-apps/app-bridge';
import type { McpUiHostCapabilities, McpUiHostContext } from '@modelcontextprotocol/ext-apps/app-bridge';
import { McpAppsHost, type Host } from '../../components/host/index.ts';
import type { TestWidget } from '../fixtures/test-widget.ts';

const FRAME_URL = new URL('../fixtures/mcp-app-frame.html', import.meta.url).href;

interface Harness {
  bridge: AppBridge;
  frame: HTMLIFrameElement;
  /** The widget root inside the frame. */
  widget: HTMLElement & { host?: Host; shadowRoot: ShadowRoot };
  host: Host;
  calls: { name: string; args: unknown }[];
  sizes: number[];
  displayRequests: string[];
  modelContext: unknown[];
  messages: unknown[];
  links: string[];
}

const harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) {
    void h.bridge.close();
    h.frame.remove();
  }
});

async function openWidget(
  options: {
    query?: string;
    capabilities?: McpUiHostCapabilities;
    context?: McpUiHostContext;
    /** Sent the moment the app says it is initialized, before any component could subscribe. */
    early?: (bridge: AppBridge) => void;
    /** Another page for the frame (test/fixtures/…). */
    page?: string;
  } = {},
): Promise<Harness> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 400px; height: 150px; border: 0';
  document.body.append(frame);
  const capabilities = options.capabilities ?? {
    serverTools: {},
    serverResources: {},
    openLinks: {},
    message: { text: {} },
    updateModelContext: { text: {}, structuredContent: {} },
  };
  const context = options.context ?? { theme: 'light', displayMode: 'inline', availableDisplayModes: ['inline', 'fullscreen'], locale: 'de-DE' };
  const bridge = new AppBridge(null, { name: 'test-host', version: '1.0.0' }, capabilities, { hostContext: context });
  const h: Partial<Harness> = { bridge, frame, calls: [], sizes: [], displayRequests: [], modelContext: [], messages: [], links: [] };
  bridge.oncalltool = async (params) => {
    h.calls!.push({ name: params.name, args: params.arguments });
    if (params.name === 'demo_throw') throw new Error('the MCP server is unreachable');
    if (params.name === 'demo_fail') return { isError: true, content: [{ type: 'text', text: 'title: must not be empty' }] };
    return {
      content: [{ type: 'text', text: 'Saved.' }],
      structuredContent: { title: `Saved ${String(params.arguments?.title ?? '')}`, items: ['one'] },
    };
  };
  bridge.onsizechange = ({ height }) => {
    if (height !== undefined) {
      h.sizes!.push(height);
      frame.style.height = `${height}px`;
    }
  };
  bridge.onrequestdisplaymode = async ({ mode }) => {
    h.displayRequests!.push(mode);
    bridge.setHostContext({ ...context, displayMode: mode });
    return { mode };
  };
  bridge.onupdatemodelcontext = async (params) => {
    h.modelContext!.push(params);
    return {};
  };
  bridge.onmessage = async (params) => {
    h.messages!.push(params);
    return {};
  };
  bridge.onopenlink = async ({ url }) => {
    h.links!.push(url);
    return {};
  };
  const initialized = new Promise<void>(
    (resolve) =>
      (bridge.oninitialized = () => {
        options.early?.(bridge);
        resolve();
      }),
  );
  await bridge.connect(new PostMessageTransport(frame.contentWindow!, frame.contentWindow!));
  frame.src = (options.page ? new URL(`../fixtures/${options.page}`, import.meta.url).href : FRAME_URL) + (options.query ?? '');
  await initialized;
  const widget = frame.contentDocument!.querySelector('test-widget') as Harness['widget'];
  await waitUntil(() => widget.host, 'the widget never got its host');
  const harness = { ...h, widget, host: widget.host! } as Harness;
  harnesses.push(harness);
  return harness;
}

const text = (h: Harness) => h.widget.shadowRoot.textContent ?? '';

describe('mcp-apps transport (against AppBridge, in an iframe)', () => {
  it('completes the handshake and reports the app and the host', async () => {
    const h = await openWidget();
    expect(h.host.kind).to.equal('mcp-apps');
    expect(h.bridge.getAppVersion()?.name).to.be.a('string');
    expect(h.host.capabilities.callTool).to.equal(true);
    expect(h.host.capabilities.hostWidgetState).to.equal(false);
    expect(h.host.snapshot.locale).to.equal('de-DE');
    expect(h.host.snapshot.widgetSessionId, 'no toolInfo in the host context: none').to.equal(null);
  });

  it('names the widget instance by the id of the tool call that opened it (host context toolInfo.id)', async () => {
    const h = await openWidget({
      context: { theme: 'light', displayMode: 'inline', locale: 'en-US', toolInfo: { id: 42, tool: { name: 'demo_show', inputSchema: { type: 'object' } } } },
    });
    expect(h.host.snapshot.widgetSessionId).to.equal('42');
  });

  it('shows loading on tool input, then renders the tool result', async () => {
    const h = await openWidget();
    await h.bridge.sendToolInput({ arguments: { topic: 'fruit' } });
    await waitUntil(() => h.widget.shadowRoot.querySelector('[part="loading"]'), 'no loading view after tool input');
    expect(h.host.snapshot.toolInput).to.deep.equal({ topic: 'fruit' });
    await h.bridge.sendToolResult({
      content: [{ type: 'text', text: 'Two fruits.' }],
      structuredContent: { title: 'Fruit', items: ['apple', 'pear'] },
      _meta: { 'skylit/viewId': 'view-fruit' },
    });
    await waitUntil(() => text(h).includes('pear'), 'the tool result was not rendered');
    expect(text(h)).to.include('Fruit');
    expect(h.host.snapshot.toolResponseMetadata).to.deep.equal({ 'skylit/viewId': 'view-fruit' });
  });

  it('loses nothing the host sends before the widget subscribes', async () => {
    const h = await openWidget({
      early: (bridge) => {
        void bridge.sendToolInput({ arguments: { topic: 'early' } });
        void bridge.sendToolResult({ content: [], structuredContent: { title: 'Early bird', items: ['worm'] } });
      },
    });
    await waitUntil(() => text(h).includes('Early bird'), 'an early tool result was lost');
    expect(h.host.snapshot.toolInput).to.deep.equal({ topic: 'early' });
  });

  it('says so when the host cancels the tool call', async () => {
    const h = await openWidget();
    await h.bridge.sendToolInput({ arguments: { topic: 'slow' } });
    await waitUntil(() => h.widget.shadowRoot.querySelector('[part="loading"]'));
    await h.bridge.sendToolCancelled({ reason: 'user stopped it' });
    await waitUntil(() => text(h).includes('The request was cancelled (user stopped it)'), 'cancellation not shown');
    expect(h.widget.shadowRoot.querySelector('[part="loading"]')).to.equal(null);
  });

  it('parses structuredContent from JSON text when a host drops it', async () => {
    const h = await openWidget();
    await h.bridge.sendToolResult({ content: [{ type: 'text', text: '{"title":"From text","items":["x"]}' }] });
    await waitUntil(() => text(h).includes('From text'));
  });

  it('round-trips a tool call through the host and renders its result', async () => {
    const h = await openWidget();
    await h.bridge.sendToolResult({ content: [], structuredContent: { title: 'Draft', items: [] } });
    await waitUntil(() => text(h).includes('Draft'));
    h.widget.shadowRoot.querySelector('button')!.click();
    await waitUntil(() => text(h).includes('Saved Draft'), 'the call result was not rendered');
    expect(h.calls).to.deep.equal([{ name: 'demo_save', args: { title: 'Draft' } }]);
    const result = await h.host.callTool('demo_fail', {});
    expect(result.isError).to.equal(true);
    expect(result.content[0]!.text).to.equal('title: must not be empty');
    let error: Error | undefined;
    await h.host.callTool('demo_throw', {}).catch((e: Error) => (error = e));
    expect(error?.message).to.equal('The host refused tools/call: the MCP server is unreachable');
  });

  it('requests a display mode and follows the host context', async () => {
    const h = await openWidget();
    expect(await h.host.requestDisplayMode('fullscreen')).to.equal('fullscreen');
    expect(h.displayRequests).to.deep.equal(['fullscreen']);
    await waitUntil(() => h.host.snapshot.displayMode === 'fullscreen');
  });

  it('merges host-context changes and maps theme and style variables onto tokens', async () => {
    const h = await openWidget();
    h.bridge.setHostContext({
      theme: 'dark',
      displayMode: 'inline',
      availableDisplayModes: ['inline', 'fullscreen'],
      locale: 'de-DE',
      styles: { variables: { '--color-text-primary': 'rgb(1, 2, 3)' } as never },
    });
    await waitUntil(() => h.widget.getAttribute('theme') === 'dark', 'theme not applied');
    const color = getComputedStyle(h.widget.shadowRoot.querySelector('[part="empty"]')!).color;
    expect(color).to.equal('rgb(1, 2, 3)');
    expect(h.host.snapshot.locale, 'unchanged fields survive a partial update').to.equal('de-DE');
    h.bridge.sendHostContextChange({ containerDimensions: { maxHeight: 320 } } as never);
    await waitUntil(() => h.host.snapshot.maxHeight === 320);
    expect(h.host.snapshot.theme).to.equal('dark');
  });

  it('reports its content height with size-changed', async () => {
    const h = await openWidget();
    await waitUntil(() => h.sizes.length > 0, 'no size-changed');
    await h.bridge.sendToolResult({ content: [], structuredContent: { title: 'Tall', items: Array.from({ length: 12 }, (_, i) => `item ${i}`) } });
    await waitUntil(() => h.sizes.at(-1)! > 250, 'no size-changed after growing');
    expect(h.sizes.at(-1)).to.equal(Math.ceil(h.widget.getBoundingClientRect().height));
  });

  it('stops reporting when content grows with its container', async () => {
    const h = await openWidget({ query: '?fill' });
    await new Promise((resolve) => setTimeout(resolve, 800));
    const count = h.sizes.length;
    expect(count, `sizes: ${h.sizes.join(', ')}`).to.be.below(6);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.sizes.length, 'still reporting').to.equal(count);
  });

  it('keeps widget state by view id and mirrors it to the model', async () => {
    const h = await openWidget();
    await h.bridge.sendToolResult({ content: [], structuredContent: { title: 'Stateful' }, _meta: { 'skylit/viewId': 'view-state-1' } });
    await waitUntil(() => text(h).includes('Stateful'));
    await h.host.setWidgetState({ selected: 'b' });
    expect(h.modelContext).to.deep.equal([{ structuredContent: { widgetState: { selected: 'b' } } }]);
    expect(h.host.snapshot.widgetState).to.deep.equal({ selected: 'b' });
    // A new frame showing the same view gets the state back.
    const again = await openWidget();
    await again.bridge.sendToolResult({ content: [], structuredContent: { title: 'Stateful' }, _meta: { 'skylit/viewId': 'view-state-1' } });
    await waitUntil(() => again.host.snapshot.widgetState?.selected === 'b', 'state not restored');
    let refused: Error | undefined;
    await again.host.setWidgetState({ blob: 'x'.repeat(20_000) }).catch((e: Error) => (refused = e));
    expect(refused?.message).to.match(/limit is 16 KB/);
    expect(again.host.snapshot.widgetState, 'refused state is not applied').to.deep.equal({ selected: 'b' });
  });

  it('sends messages, opens links, updates model context', async () => {
    const h = await openWidget();
    await h.host.sendFollowUpMessage('Show me more');
    expect(h.messages).to.deep.equal([{ role: 'user', content: [{ type: 'text', text: 'Show me more' }] }]);
    await h.host.openExternal('https://example.com/docs');
    expect(h.links).to.deep.equal(['https://example.com/docs']);
    await h.host.updateModelContext({ text: 'User is looking at pears' });
    expect(h.modelContext).to.deep.equal([{ content: [{ type: 'text', text: 'User is looking at pears' }] }]);
  });

  it('answers teardown after running teardown handlers', async () => {
    const h = await openWidget();
    let saved = false;
    h.host.onTeardown(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      saved = true;
    });
    await h.bridge.teardownResource({});
    expect(saved).to.equal(true);
  });

  it('gives every widget root of a frame one host: one handshake, calls kept apart, released by the last root', async () => {
    const initializes: unknown[] = [];
    const count = (event: MessageEvent) => event.data?.method === 'ui/initialize' && initializes.push(event.data);
    addEventListener('message', count);
    try {
      const answers = new Map<string, () => void>();
      const h = await openWidget({ page: 'mcp-app-two-roots.html' });
      h.bridge.oncalltool = (params) =>
        new Promise((resolve) =>
          answers.set(String(params.arguments?.title), () =>
            resolve({ content: [], structuredContent: { title: `Saved ${String(params.arguments?.title)}`, items: [] } }),
          ),
        );
      const doc = h.frame.contentDocument!;
      const [one, two] = ['one', 'two'].map((id) => doc.getElementById(id) as unknown as TestWidget & { host: Host });
      await waitUntil(() => one!.host && two!.host, 'a root never got its host');
      expect(one!.host, 'the same host object').to.equal(two!.host);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(initializes, 'one ui/initialize for the frame').to.have.length(1);
      // Both roots call at once; the answers come back in the other order.
      await h.bridge.sendToolResult({ content: [], structuredContent: { title: 'A', items: [] } });
      await waitUntil(() => one!.shadowRoot!.textContent!.includes('A') && two!.shadowRoot!.textContent!.includes('A'));
      const saves = [one!.saving.run('demo_save', { title: 'first' }), two!.saving.run('demo_save', { title: 'second' })];
      await waitUntil(() => answers.size === 2, 'both calls did not reach the host');
      answers.get('second')!();
      answers.get('first')!();
      await Promise.all(saves);
      expect(one!.shadowRoot!.querySelector('h2')!.textContent).to.equal('Saved first');
      expect(two!.shadowRoot!.querySelector('h2')!.textContent).to.equal('Saved second');
      // The host goes when its last root goes.
      const host = one!.host as Host & { disposed: boolean };
      one!.remove();
      await new Promise((resolve) => setTimeout(resolve));
      expect(host.disposed, 'still used by the other root').to.equal(false);
      two!.remove();
      await new Promise((resolve) => setTimeout(resolve));
      expect(host.disposed, 'released by the last root').to.equal(true);
    } finally {
      removeEventListener('message', count);
    }
  });

  it('ignores messages from any window but its host', async () => {
    const h = await openWidget();
    await h.bridge.sendToolResult({ content: [], structuredContent: { title: 'Genuine' } });
    await waitUntil(() => text(h).includes('Genuine'));
    const forged = JSON.stringify({
      jsonrpc: '2.0',
      method: 'ui/notifications/tool-result',
      params: { content: [], structuredContent: { title: 'Forged' } },
    });
    // A sibling frame (another origin's content, say) posts a well-formed tool result.
    const sibling = document.createElement('iframe');
    sibling.srcdoc = `<script>parent.frames[${Array.from({ length: window.frames.length }, (_, i) => window.frames[i]).indexOf(h.frame.contentWindow!)}].postMessage(${forged}, '*'); document.title = 'sent';</script>`;
    document.body.append(sibling);
    await waitUntil(() => sibling.contentDocument?.title === 'sent');
    await new Promise((resolve) => setTimeout(resolve, 100));
    sibling.remove();
    expect(text(h)).to.include('Genuine');
    expect(text(h)).not.to.include('Forged');
  });

  it('maps a refused request to a clear error, and missing capabilities to HostCapabilityError', async () => {
    const h = await openWidget({ capabilities: {}, context: { theme: 'light', availableDisplayModes: ['inline'] } });
    expect(h.host.capabilities.callTool).to.equal(false);
    let error: Error | undefined;
    await h.host.callTool('demo_save', {}).catch((e: Error) => (error = e));
    expect(error?.name).to.equal('HostCapabilityError');
    expect(error?.message).to.equal('This host (mcp-apps) does not support callTool.');
    await h.host.requestDisplayMode('fullscreen').catch((e: Error) => (error = e));
    expect(error?.message).to.include('requestDisplayMode');
  });

  it('turns a host that never answers into a clear timeout error', async () => {
    const sent: unknown[] = [];
    const silent = { postMessage: (message: unknown) => sent.push(message) } as unknown as Window;
    const host = new McpAppsHost({ hostWindow: silent, handshakeTimeoutMs: 100 });
    const error = await host.ready.then(
      () => null,
      (e: Error) => e,
    );
    host.dispose();
    expect(error?.message).to.equal('The host did not answer ui/initialize within 100 ms.');
    expect(sent).to.have.length(1);
    expect(sent[0]).to.deep.include({ jsonrpc: '2.0', id: 1, method: 'ui/initialize' });
  });
});

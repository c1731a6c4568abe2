// The openai transport against an emulation of ChatGPT's window.openai.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { detectHost, OpenAiHost, type Host } from '../../components/host/index.ts';
import { installOpenAi, type EmulatedOpenAi } from '../fixtures/openai-emulator.ts';
import '../fixtures/test-widget.ts';
import type { TestWidget } from '../fixtures/test-widget.ts';

let openai: EmulatedOpenAi | undefined;
const hosts: Host[] = [];
afterEach(() => {
  openai?.remove();
  openai = undefined;
  hosts.splice(0).forEach((host) => host.dispose());
});

function connect(options?: Parameters<typeof installOpenAi>[0]): OpenAiHost {
  openai = installOpenAi(options);
  const host = new OpenAiHost();
  hosts.push(host);
  return host;
}

describe('openai transport (window.openai emulation)', () => {
  it('reads every global', () => {
    const { snapshot } = connect();
    expect(snapshot.toolInput).to.deep.equal({ topic: 'fruit' });
    expect(snapshot.toolOutput).to.deep.equal({ title: 'Fruit', items: ['apple', 'pear'] });
    expect(snapshot.toolResponseMetadata).to.deep.equal({ 'skylit/viewId': 'v1' });
    expect(snapshot.widgetState).to.deep.equal({ selected: 'pear' });
    expect(snapshot.theme).to.equal('dark');
    expect(snapshot.locale).to.equal('fr-FR');
    expect(snapshot.displayMode).to.equal('inline');
    expect(snapshot.maxHeight).to.equal(480);
    expect(snapshot.safeArea).to.deep.equal({ top: 0, right: 0, bottom: 24, left: 0 });
    expect(snapshot.userAgent).to.deep.equal({ device: 'mobile', hover: false, touch: true });
    expect(snapshot.widgetSessionId, 'no session id in _meta: none').to.equal(null);
  });

  it("names the widget instance from _meta['openai/widgetSessionId'], following new results", () => {
    const host = connect({ globals: { toolResponseMetadata: { 'skylit/viewId': 'v1', 'openai/widgetSessionId': 'ws_123' } } });
    expect(host.snapshot.widgetSessionId).to.equal('ws_123');
    openai!.setGlobals({ toolResponseMetadata: { 'openai/widgetSessionId': 'ws_456' } });
    expect(host.snapshot.widgetSessionId).to.equal('ws_456');
  });

  it('follows openai:set_globals and re-renders the widget', async () => {
    const host = connect();
    const el = await fixture<TestWidget>(html`<test-widget .host=${host}></test-widget>`);
    expect(el.shadowRoot!.textContent).to.include('pear');
    expect(el.getAttribute('theme')).to.equal('dark');
    openai!.setGlobals({ toolOutput: { title: 'Vegetables', items: ['leek'] }, theme: 'light' });
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.include('leek');
    expect(el.getAttribute('theme')).to.equal('light');
    expect(host.snapshot.locale, 'globals not sent are kept').to.equal('fr-FR');
  });

  it('carries out every action through window.openai', async () => {
    const host = connect();
    const result = await host.callTool('demo_save', { title: 'x' });
    expect(result).to.deep.equal({
      structuredContent: { title: 'Called demo_save', items: [] },
      content: [{ type: 'text', text: 'ok' }],
      _meta: { at: 1 },
      isError: false,
    });
    await host.setWidgetState({ selected: 'apple' });
    expect(host.snapshot.widgetState).to.deep.equal({ selected: 'apple' });
    expect(await host.requestDisplayMode('pip')).to.equal('fullscreen');
    expect(host.snapshot.displayMode).to.equal('fullscreen');
    await host.sendFollowUpMessage('More like this');
    await host.openExternal('https://example.com/');
    host.notifyIntrinsicHeight(321);
    await host.close();
    expect(openai!.calls).to.deep.equal([
      ['callTool', { name: 'demo_save', args: { title: 'x' } }],
      ['setWidgetState', { selected: 'apple' }],
      ['requestDisplayMode', { mode: 'pip' }],
      ['sendFollowUpMessage', { prompt: 'More like this' }],
      ['openExternal', { href: 'https://example.com/' }],
      ['notifyIntrinsicHeight', 321],
      ['requestClose', undefined],
    ]);
  });

  it('reports the widget height through notifyIntrinsicHeight', async () => {
    const host = connect();
    const el = await fixture<TestWidget>(html`<test-widget .host=${host}></test-widget>`);
    await waitUntil(() => openai!.calls.some(([method]) => method === 'notifyIntrinsicHeight'));
    const heights = openai!.calls.filter(([method]) => method === 'notifyIntrinsicHeight').map(([, h]) => h);
    expect(heights.at(-1)).to.equal(Math.ceil(el.getBoundingClientRect().height));
  });

  it('treats missing methods as unsupported capabilities, never a crash', async () => {
    const host = connect({ without: ['callTool', 'setWidgetState', 'requestDisplayMode', 'requestClose', 'notifyIntrinsicHeight'] });
    expect(host.capabilities).to.include({ callTool: false, hostWidgetState: false, requestDisplayMode: false, close: false });
    expect(host.capabilities).to.include({ sendFollowUpMessage: true, openExternal: true });
    for (const attempt of [() => host.callTool('x'), () => host.setWidgetState({}), () => host.requestDisplayMode('fullscreen'), () => host.close()]) {
      const error = await attempt().then(
        () => null,
        (e: Error) => e,
      );
      expect(error?.name).to.equal('HostCapabilityError');
      expect(error?.message).to.match(/^This host \(openai\) does not support \w+\.$/);
    }
    host.notifyIntrinsicHeight(100);
    const el = await fixture<TestWidget>(html`<test-widget .host=${host}></test-widget>`);
    expect(el.shadowRoot!.textContent).to.include('apple');
  });

  it('normalizes odd results: JSON text, legacy { result }, errors, garbage', async () => {
    const answers: unknown[] = [
      { content: [{ type: 'text', text: '{"title":"From text"}' }] },
      { result: '{"title":"Legacy"}' },
      { isError: true, content: [{ type: 'text', text: 'title: required' }] },
      'not an object',
    ];
    const host = connect({ toolResult: () => answers.shift() });
    expect((await host.callTool('a')).structuredContent).to.deep.equal({ title: 'From text' });
    expect((await host.callTool('b')).structuredContent).to.deep.equal({ title: 'Legacy' });
    const error = await host.callTool('c');
    expect([error.isError, error.content[0]!.text]).to.deep.equal([true, 'title: required']);
    expect(await host.callTool('d')).to.deep.equal({ structuredContent: null, content: [], _meta: null, isError: false });
  });

  it('refuses widget state over 16 KB with a clear message and keeps the old state', async () => {
    const host = connect();
    const error = await host.setWidgetState({ big: 'x'.repeat(17_000) }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).to.match(/^Widget state is 16\.\d KB of JSON; the limit is 16 KB\./);
    expect(openai!.calls).to.deep.equal([]);
    expect(host.snapshot.widgetState).to.deep.equal({ selected: 'pear' });
  });

  it('is what detection picks when window.openai exists', async () => {
    openai = installOpenAi();
    const host = await detectHost();
    hosts.push(host);
    expect(host.kind).to.equal('openai');
  });
});

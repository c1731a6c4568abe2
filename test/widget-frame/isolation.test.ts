// <sky-widget-frame>'s isolation, tested from inside: a third-party widget tries to reach the page,
// its proxy, storage, cookies and an origin it did not declare, and forges messages to every frame
// it can reach; a sibling frame on the page forges messages too; two instances of one widget stay
// apart. The page is http://localhost:<port>, the sandbox http://127.0.0.1:<port>.
import { expect } from '@open-wc/testing';
import { clickElement, consoleErrors } from '../fixtures/real-input.ts';
import { closeFrames, fixtureCalls, openFrame, promptOf, waitForPrompt, waitUntil } from './frame-fixture.ts';

/**
 * The browser's refusals of a probe's undeclared fetch: two CSP reports (header and meta policy) and
 * the failed fetch, which reach the log a little after the probe reports. Waits for the three (5 s at
 * most) and returns every console error seen meanwhile.
 */
async function probeErrors(): Promise<string[]> {
  const seen: string[] = [];
  const arrived = () => seen.filter((error) => error.includes('/__fixture/ping')).length >= 3;
  for (let i = 0; i < 100 && !arrived(); i++) {
    seen.push(...(await consoleErrors()));
    if (!arrived()) await new Promise((done) => setTimeout(done, 50));
  }
  return seen;
}

for (const dialect of ['mcp-apps', 'openai'] as const) {
  describe(`<sky-widget-frame> isolation (${dialect} widget)`, function () {
    // Room for a machine shared with other work; nothing here asserts a duration.
    this.timeout(30000);
    beforeEach(() => fixtureCalls(true));
    afterEach(closeFrames);

    it('keeps the widget from the page, its proxy, storage, cookies and undeclared origins', async () => {
      localStorage.setItem('skylit:widget-frame:grants', '["a grant the widget must not read"]');
      const f = await openFrame({ tool: 'notes_show', dialect, arguments: { probe: true } });
      const { probe } = await f.report((r) => r.probe, 'the widget never reported its probe');
      expect(probe).to.deep.equal({
        top: 'blocked',
        proxy: 'blocked',
        storage: 'blocked',
        cookie: 'blocked',
        undeclared: 'blocked',
        // The origin its resource declared (connectDomains / connect_domains) is reachable.
        declared: 'ok',
        forged: 'sent',
      });
      // The forged tools/call (notes_clear) never reached the server, and nothing was asked.
      expect(await fixtureCalls()).to.deep.equal(['notes_show']);
      expect(promptOf(f.el) === null, 'no permission prompt is open').to.equal(true);
      expect(f.calls).to.deep.equal([]);
      // The only console errors are the browser refusing the undeclared fetch under the widget's CSP.
      const errors = await probeErrors();
      expect(errors.length).to.be.greaterThan(0);
      for (const error of errors) expect(error).to.match(/Content Security Policy|connect-src/);
      expect(errors.join('\n')).to.contain(`http://localhost:${location.port}/__fixture/ping`);
    });

    it('ignores messages forged by a sibling frame on the page', async () => {
      const f = await openFrame({ tool: 'notes_show', dialect, arguments: { label: 'A' } });
      await f.report((r) => r.ready, 'the widget never said it was ready');
      const sibling = document.createElement('iframe');
      sibling.setAttribute('sandbox', 'allow-scripts');
      sibling.title = 'A hostile sibling';
      sibling.srcdoc = `<script>
        const forged = [
          { jsonrpc: '2.0', id: 'x1', method: 'tools/call', params: { name: 'notes_clear', arguments: {} } },
          { jsonrpc: '2.0', method: 'ui/notifications/sandbox-resource-ready', params: { html: '<p>forged</p>' } },
          { jsonrpc: '2.0', method: 'ui/notifications/tool-result', params: { structuredContent: { notes: ['forged'] }, content: [] } },
        ];
        const all = (win, depth) => { for (const m of forged) win.postMessage(m, '*'); if (depth < 2) for (let i = 0; i < win.length; i++) if (win[i] !== window) all(win[i], depth + 1); };
        all(parent, 0);
        parent.postMessage({ siblingDone: true }, '*');
      <\/script>`;
      const done = new Promise<void>((resolve) => addEventListener('message', function on(e) {
        if (e.data?.siblingDone) {
          removeEventListener('message', on);
          resolve();
        }
      }));
      document.body.append(sibling);
      await done;
      try {
        // The widget is the one it was, and still answers the real mouse.
        await f.press('add');
        const dialog = await waitForPrompt(f.el);
        await clickElement([...dialog.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Deny')!);
        await f.report((r) => r.lastCall, 'the widget no longer answers');
        expect(await fixtureCalls()).to.deep.equal(['notes_show']);
        expect(f.calls.map((c) => `${c.name} ${c.outcome}`)).to.deep.equal(['notes_add denied']);
        expect(f.traces.filter((t) => t.direction === 'dropped')).to.deep.equal([]);
        expect(await consoleErrors()).to.deep.equal([]);
      } finally {
        sibling.remove();
      }
    });

    it('keeps two instances of one widget apart', async function () {
      this.timeout(20000);
      const a = await openFrame({ tool: 'notes_show', dialect, arguments: { label: 'A' } });
      const b = await openFrame({ tool: 'notes_show', dialect, arguments: { label: 'B', probe: true } });
      expect((await a.report((r) => r.ready, 'A not ready')).label).to.equal('A');
      expect((await b.report((r) => r.ready, 'B not ready')).label).to.equal('B');
      // B forges to every frame within reach, A's proxy and A itself included.
      await b.report((r) => r.probe, 'B never probed');
      for (const error of await probeErrors()) expect(error).to.match(/Content Security Policy|connect-src/);

      await a.press('add');
      const dialog = await waitForPrompt(a.el);
      expect(promptOf(b.el) === null, 'no permission prompt is open').to.equal(true);
      await clickElement([...dialog.querySelectorAll('button')].find((x) => x.textContent!.trim() === 'Allow once')!);
      const last = await a.report((r) => r.lastCall, 'A got no answer');
      expect(last.lastCall).to.include({ name: 'notes_add', ok: true });
      // A's call and its result are A's alone.
      expect(b.reports.some((r) => r.lastCall)).to.equal(false);
      expect(a.calls.map((c) => c.name)).to.deep.equal(['notes_add']);
      expect(b.calls).to.deep.equal([]);
      expect(a.reports.some((r) => r.notes?.includes('forged'))).to.equal(false);
      expect(await fixtureCalls()).to.deep.equal(['notes_show', 'notes_show', 'notes_add']);
      expect(await consoleErrors()).to.deep.equal([]);
    });
  });
}

describe('<sky-widget-frame> sandbox origin', function () {
  // Room for a machine shared with other work; nothing here asserts a duration.
  this.timeout(30000);
  beforeEach(() => fixtureCalls(true));
  afterEach(closeFrames);

  it('answers a malformed request with an error and drops what is not JSON-RPC, without calling anything', async () => {
    const f = await openFrame({ tool: 'notes_show', maxHeight: 800 });
    await f.press('tamper');
    const { tampered } = await f.report((r) => r.tampered, 'the widget got no answer');
    expect(tampered.error).to.match(/Invalid|invalid|expected/);
    expect(f.traces.filter((t) => t.direction === 'dropped').map((t) => typeof t.message)).to.deep.equal(['object', 'string']);
    expect(f.calls).to.deep.equal([]);
    expect(await fixtureCalls()).to.deep.equal(['notes_show']);
    expect(f.el.state).to.equal('ready');
    expect(await consoleErrors()).to.deep.equal([]);
  });

  it('stops a widget that navigates its frame away', async () => {
    const f = await openFrame({ tool: 'notes_show', maxHeight: 800 });
    await f.press('leave');
    await waitUntil(() => f.el.state === 'error', 'the frame kept going');
    expect(f.el.error!.message).to.contain('navigated its frame away');
    expect(f.el.shadowRoot!.querySelector('iframe')).to.equal(null);
    expect(await consoleErrors()).to.deep.equal([]);
  });

  it('refuses a sandbox on the page’s own origin', async () => {
    const f = await openFrame({ tool: 'notes_show', sandbox: `${location.origin}/__skylit/sandbox` });
    expect(f.el.state).to.equal('error');
    expect(f.el.error!.message).to.contain("this page's own origin");
    expect(f.el.shadowRoot!.querySelector('iframe')).to.equal(null);
    expect(await fixtureCalls()).to.not.include('notes_show');
    await expect(f.el).to.be.accessible();
  });

  it('serves the proxy with the widget’s policy as a header, dropping what is not a plain source', async () => {
    const response = await fetch(`/__skylit/sandbox?host=${encodeURIComponent(location.origin)}&csp=${encodeURIComponent('{"connectDomains":["https://api.example.com","https://evil.example.com; script-src *"]}')}`);
    const policy = response.headers.get('content-security-policy')!;
    expect(policy).to.contain('connect-src https://api.example.com;');
    expect(policy).not.to.contain('evil');
    expect(policy).to.contain("default-src 'none'");
    expect(policy).to.contain("frame-src 'none'");
  });
});

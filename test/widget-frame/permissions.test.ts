// <sky-widget-frame>'s gate, with a third-party widget pressed by the real mouse and keyboard, on
// both dialects: writes ask (Allow once / Always for this widget / Deny), destructive writes ask
// every time, tools hidden from apps are refused without asking, links ask, and nothing the user
// denies reaches the server.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { clickElement, consoleErrors } from '../fixtures/real-input.ts';
import { closeFrames, deepActive, fixtureCalls, openFrame, promptOf, waitForPrompt } from './frame-fixture.ts';

const button = (dialog: HTMLDialogElement, text: string) => [...dialog.querySelectorAll('button')].find((b) => b.textContent!.trim() === text)!;

for (const dialect of ['mcp-apps', 'openai'] as const) {
  describe(`<sky-widget-frame> permissions (${dialect} widget)`, function () {
    // Room for a machine shared with other work; nothing here asserts a duration.
    this.timeout(30000);
    beforeEach(() => fixtureCalls(true));
    afterEach(closeFrames);

    it('asks before a write; Deny sends nothing, Allow once asks again, Always does not', async function () {
      this.timeout(30000);
      const f = await openFrame({ tool: 'notes_show', dialect, arguments: { label: 'A' } });
      expect(await fixtureCalls()).to.deep.equal(['notes_show']);

      await f.press('add');
      let dialog = await waitForPrompt(f.el, f.traces);
      expect(dialog.querySelector('h2')!.textContent).to.equal('Allow Show notes to Add a note?');
      expect(dialog.querySelector('pre')!.textContent).to.contain('"text": "from A"');
      // The least harmful answer has the focus; Enter gives it.
      expect(deepActive()?.textContent?.trim()).to.equal('Deny');
      await expect(f.el).to.be.accessible();
      await sendKeys({ press: 'Enter' });
      let last = await f.report((r) => r.lastCall, 'no answer after Deny');
      expect(last.lastCall).to.include({ name: 'notes_add', ok: false });
      expect(last.lastCall.text).to.contain('declined');
      expect(await fixtureCalls()).to.deep.equal([]);
      expect(f.calls.map((c) => c.outcome)).to.deep.equal(['denied']);

      f.reports.length = 0;
      await f.press('add');
      dialog = await waitForPrompt(f.el, f.traces);
      await clickElement(button(dialog, 'Allow once'));
      last = await f.report((r) => r.lastCall, 'no answer after Allow once');
      expect(last.lastCall).to.include({ name: 'notes_add', ok: true });
      expect(await fixtureCalls()).to.deep.equal(['notes_add']);

      f.reports.length = 0;
      await f.press('add');
      dialog = await waitForPrompt(f.el, f.traces);
      await clickElement(button(dialog, 'Always for this widget'));
      await f.report((r) => r.lastCall?.ok, 'no answer after Always');

      f.reports.length = 0;
      await f.press('add');
      await f.report((r) => r.lastCall?.ok, 'the remembered grant did not let the call through');
      expect(promptOf(f.el) === null, 'no permission prompt is open').to.equal(true);
      expect(await fixtureCalls()).to.deep.equal(['notes_add', 'notes_add']);
      expect(f.calls.map((c) => c.outcome)).to.deep.equal(['denied', 'ok', 'ok', 'ok']);
      expect(await consoleErrors()).to.deep.equal([]);
    });

    it('asks every time before a destructive write, with no "Always"; Escape denies', async () => {
      const f = await openFrame({ tool: 'notes_show', dialect });
      await fixtureCalls();
      await f.press('clear');
      let dialog = await waitForPrompt(f.el, f.traces);
      expect([...dialog.querySelectorAll('button')].map((b) => b.textContent!.trim())).to.deep.equal(['Allow once', 'Deny']);
      expect(dialog.textContent).to.contain('may delete or overwrite');
      await clickElement(button(dialog, 'Allow once'));
      await f.report((r) => r.lastCall?.ok, 'the allowed clear did not run');
      expect(await fixtureCalls()).to.deep.equal(['notes_clear']);

      f.reports.length = 0;
      await f.press('clear');
      dialog = await waitForPrompt(f.el, f.traces);
      await sendKeys({ press: 'Escape' });
      const last = await f.report((r) => r.lastCall, 'no answer after Escape');
      expect(last.lastCall.ok).to.equal(false);
      expect(dialog.open).to.equal(false);
      expect(await fixtureCalls()).to.deep.equal([]);
      expect(await consoleErrors()).to.deep.equal([]);
    });

    it('refuses a tool hidden from apps, without asking', async () => {
      const f = await openFrame({ tool: 'notes_show', dialect });
      await fixtureCalls();
      await f.press('secret');
      const last = await f.report((r) => r.lastCall, 'no answer to the hidden tool');
      expect(last.lastCall.ok).to.equal(false);
      expect(last.lastCall.error).to.contain('not available to widgets');
      expect(promptOf(f.el) === null, 'no permission prompt is open').to.equal(true);
      expect(f.calls).to.have.length(1);
      expect(f.calls[0]).to.include({ name: 'notes_secret', outcome: 'refused' });
      expect(await fixtureCalls()).to.deep.equal([]);
      expect(await consoleErrors()).to.deep.equal([]);
    });

    it('asks before opening a link', async () => {
      const f = await openFrame({ tool: 'notes_show', dialect });
      await f.press('link');
      const dialog = await waitForPrompt(f.el, f.traces);
      expect(dialog.querySelector('h2')!.textContent).to.equal('Open this link?');
      expect(dialog.querySelector('pre')!.textContent).to.equal('https://example.com/');
      await expect(f.el).to.be.accessible();
      await clickElement(button(dialog, 'Cancel'));
      expect(promptOf(f.el) === null, 'no permission prompt is open').to.equal(true);
      expect(await consoleErrors()).to.deep.equal([]);
    });
  });
}

// <sky-widget-frame> as a page uses it: Skylit's own widgets and a third-party one on both dialects,
// played with real keys; host context from the page; auto-height and its loop guard; full screen and
// back by keyboard; the page's events; loading, error and "no UI" states for bad input; teardown.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { SkyWidgetFrame } from '../../components/widget-frame/widget-frame.ts';
import { clickElement, colorsIn, consoleErrors } from '../fixtures/real-input.ts';
import { closeFrames, deepActive, fixtureCalls, focusArrives, openFrame, promptOf, SKYLIT, waitForPrompt, type OpenedFrame, waitUntil } from './frame-fixture.ts';

type Json = Record<string, any>;
const iframeOf = (el: SkyWidgetFrame) => el.shadowRoot!.querySelector('iframe');
const press = async (key: string, times = 1) => {
  for (let i = 0; i < times; i++) await sendKeys({ press: key });
};
const shiftTab = async (times = 1) => {
  await sendKeys({ down: 'Shift' });
  await press('Tab', times);
  await sendKeys({ up: 'Shift' });
};
const fromWidget = (f: OpenedFrame, method: string) => f.traces.filter((t) => t.direction === 'in' && (t.message as Json).method === method);
const toWidget = (f: OpenedFrame, method: string) => f.traces.filter((t) => t.direction === 'out' && (t.message as Json).method === method);
const statusText = (el: SkyWidgetFrame) => el.shadowRoot!.querySelector('[part="status"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('<sky-widget-frame> with Skylit widgets', function () {
  // Room for a machine shared with other work; nothing here asserts a duration.
  this.timeout(30000);
  afterEach(closeFrames);

  for (const dialect of ['mcp-apps', 'openai'] as const) {
    it(`shows the chess board (${dialect}) and plays a move from the keyboard through the permission prompt`, async function () {
      this.timeout(30000);
      const f = await openFrame({ server: SKYLIT, tool: 'chess_new_game', dialect, maxHeight: 720 });
      expect(f.el.state, f.el.error?.message).to.equal('ready');
      await waitUntil(() => iframeOf(f.el)!.getBoundingClientRect().height > 300, 'the frame never grew to the board', { timeout: 10000 });
      // What is drawn in the frame: the board's squares.
      const squares = async () => {
        const colors = await colorsIn(iframeOf(f.el)!);
        return (colors.get('#769656') ?? 0) + (colors.get('#eeeed2') ?? 0);
      };
      await waitUntil(async () => (await squares()) > 0.2, 'no board is drawn in the frame', { timeout: 10000, interval: 200 });
      expect(iframeOf(f.el)!.title).to.equal('New chess game');
      await expect(f.el).to.be.accessible();

      // The widget has its result (ChatGPT's widget had it from the start, as globals).
      await waitUntil(() => toWidget(f, 'ui/notifications/tool-result').length === 1, 'the result never went to the widget');
      // Tab into the widget (the board's e2), pick the pawn up, two squares up, drop it.
      // From the top of the page, as a keyboard user arriving: nothing focused yet.
      (document.activeElement as HTMLElement | null)?.blur();
      await press('Tab');
      await focusArrives(iframeOf(f.el), 'the widget');
      await press('Enter');
      await press('ArrowUp', 2);
      await press('Enter');
      const dialog = await waitForPrompt(f.el, f.traces);
      expect(dialog.querySelector('h2')!.textContent).to.equal('Allow New chess game to Make a chess move?');
      expect(dialog.querySelector('pre')!.textContent).to.contain('"move": "e2e4"');
      // From Deny, back one to "Always for this widget".
      await shiftTab();
      expect(deepActive()?.textContent?.trim()).to.equal('Always for this widget');
      await press('Enter');
      await waitUntil(() => f.calls.length === 1, 'the move never ran', { timeout: 10000 });
      expect(f.calls[0]).to.include({ name: 'chess_make_move', outcome: 'ok' });
      expect(f.calls[0]!.result!.isError).to.not.equal(true);
      expect(JSON.stringify(f.calls[0]!.result!.structuredContent)).to.contain('e4');
      expect(await consoleErrors()).to.deep.equal([]);
    });
  }
});

describe('<sky-widget-frame> with a third-party widget', function () {
  // Room for a machine shared with other work; nothing here asserts a duration.
  this.timeout(30000);
  beforeEach(() => fixtureCalls(true));
  afterEach(closeFrames);

  for (const dialect of ['mcp-apps', 'openai'] as const) {
    it(`gives the widget (${dialect}) the page's theme, locale and tokens, and follows changes`, async () => {
      const parent = document.createElement('div');
      parent.lang = 'fr-CA';
      document.body.append(parent);
      try {
        const f = await openFrame({ tool: 'notes_show', dialect, theme: 'dark' }, { parent });
        f.el.style.setProperty('--sky-color-text', 'rgb(1, 2, 3)');
        const ready = await f.report((r) => r.ready, 'the widget never said it was ready');
        expect(ready).to.include({ theme: 'dark', locale: 'fr-CA', dialect });
        f.el.theme = 'light';
        await waitUntil(() => toWidget(f, 'ui/notifications/host-context-changed').some((t) => (t.message as Json).params.theme === 'light'), 'the new theme never reached the widget');
        const answer = f.traces.find((t) => t.direction === 'out' && (t.message as Json).result?.hostContext);
        expect((answer!.message as Json).result.hostContext).to.include({ displayMode: 'inline', platform: 'web' });
        expect(await consoleErrors()).to.deep.equal([]);
      } finally {
        parent.remove();
      }
    });

    it(`grows with the widget (${dialect}), and stops following a widget that grows with its frame`, async () => {
      const f = await openFrame({ tool: 'notes_show', dialect, maxHeight: 5000 });
      await f.report((r) => r.ready, 'the widget never said it was ready');
      const reported = (fromWidget(f, 'ui/notifications/size-changed')[0]!.message as Json).params.height;
      await waitUntil(() => Math.round(iframeOf(f.el)!.getBoundingClientRect().height) === Math.ceil(reported), `the frame is not the widget's height (${reported}px)`);
      await f.press('grow');
      await waitUntil(() => fromWidget(f, 'ui/notifications/size-changed').length === 31, 'the widget did not send its 30 reports');
      const last = (fromWidget(f, 'ui/notifications/size-changed').at(-1)!.message as Json).params.height;
      const height = iframeOf(f.el)!.getBoundingClientRect().height;
      expect(height).to.be.greaterThan(reported);
      expect(height).to.be.lessThan(last);
      expect(await consoleErrors()).to.deep.equal([]);
    });

    it(`goes full screen (${dialect}) as an in-page dialog and back, by keyboard`, async function () {
      this.timeout(20000);
      const f = await openFrame({ tool: 'notes_show', dialect, maxHeight: 800 });
      const buttons = Object.keys((await f.report((r) => r.ready, 'the widget never said it was ready')).layout);
      const box = f.el.shadowRoot!.querySelector<HTMLElement>('[part="frame"]')!;
      // Into the widget, to its "Full screen" button.
      await press('Tab', buttons.indexOf('full') + 1);
      await press('Enter');
      await waitUntil(() => box.matches(':popover-open'), 'the frame never went full screen');
      expect(box.getAttribute('role')).to.equal('dialog');
      expect(box.getAttribute('aria-modal')).to.equal('true');
      expect(f.el.displayMode).to.equal('fullscreen');
      await waitUntil(() => toWidget(f, 'ui/notifications/host-context-changed').some((t) => (t.message as Json).params.displayMode === 'fullscreen'), 'the widget was not told');
      expect(iframeOf(f.el)!.getBoundingClientRect().height).to.be.greaterThan(innerHeight - 100);
      await expect(f.el).to.be.accessible();
      // Past the widget's last button the focus wraps to the dialog's own "Exit full screen".
      await press('Tab', buttons.length - buttons.indexOf('full'));
      expect(deepActive()?.textContent?.trim()).to.equal('Exit full screen');
      await press('Enter');
      await waitUntil(() => !box.matches(':popover-open'), 'Exit did not leave full screen');
      expect(f.el.displayMode).to.equal('inline');
      await focusArrives(iframeOf(f.el), 'the widget');

      // Again; this time back out with Escape, reached backwards from the widget's first button.
      await press('Tab', buttons.indexOf('full') + 1);
      await press('Enter');
      await waitUntil(() => box.matches(':popover-open'), 'the frame never went full screen again');
      await shiftTab(buttons.indexOf('full') + 1);
      expect(deepActive()?.textContent?.trim()).to.equal('Exit full screen');
      await press('Escape');
      await waitUntil(() => !box.matches(':popover-open'), 'Escape did not leave full screen');
      expect(await consoleErrors()).to.deep.equal([]);
    });

    it(`tells the page what the widget (${dialect}) says for the chat and keeps its state`, async () => {
      const f = await openFrame({ tool: 'notes_show', dialect });
      const ready = await f.report((r) => r.ready, 'the widget never said it was ready');
      await f.press('say');
      await waitUntil(() => f.messages.length === 1, 'no sky-message event');
      expect(f.messages[0]!.text).to.equal('hello from the widget');
      if (dialect === 'openai') expect(f.el.widgetState).to.deep.equal(ready);
      else expect(f.el.widgetState).to.equal(null);
      expect(await consoleErrors()).to.deep.equal([]);
    });
  }

  it('never grows past max-height', async () => {
    const f = await openFrame({ tool: 'notes_show', maxHeight: 120 });
    await f.report((r) => r.ready, 'the widget never said it was ready');
    await waitUntil(() => fromWidget(f, 'ui/notifications/size-changed').length > 0, 'no size report');
    expect((fromWidget(f, 'ui/notifications/size-changed')[0]!.message as Json).params.height).to.be.greaterThan(120);
    await waitUntil(() => iframeOf(f.el)!.getBoundingClientRect().height === 120, 'the frame is not 120px high');
  });

  it('shows a Retry when the server cannot be reached, and tries again', async () => {
    const f = await openFrame({ tool: 'notes_show', server: '/__nowhere/mcp' });
    expect(f.el.state).to.equal('error');
    expect(statusText(f.el)).to.contain('Could not connect to');
    const states: string[] = [];
    f.el.addEventListener('sky-state', (e) => states.push((e as CustomEvent).detail.state));
    const retry = f.el.shadowRoot!.querySelector<HTMLButtonElement>('[part="status"] button')!;
    expect(retry.textContent).to.equal('Retry');
    await expect(f.el).to.be.accessible();
    await clickElement(retry);
    await waitUntil(() => states.join() === 'loading,error', `retry went ${states.join()}`);
    // The browser logs each refused request; nothing else.
    for (const error of await consoleErrors()) expect(error).to.match(/404/);
  });

  const bad: [string, Json, RegExp, boolean][] = [
    ['malformed arguments', { arguments: '{"label": ' }, /The arguments are not valid JSON \(.+\)\. Write them as a JSON object/, false],
    ['arguments that are not an object', { arguments: '[1, 2]' }, /must be a JSON object \(\{…\}\), not an array/, false],
    ['an unknown tool', { tool: 'notes_nope' }, /has no tool named "notes_nope"\. Its tools: notes_show, notes_add/, false],
    ['a UI resource that is not HTML', { tool: 'notes_raw' }, /is text\/plain, not HTML/, false],
    ['a UI resource over the size limit', { tool: 'notes_huge' }, /over the 2 MB this frame accepts/, false],
    ['no sandbox', { sandbox: '' }, /No sandbox: set the sandbox attribute/, false],
  ];
  for (const [what, attrs, message, retry] of bad) {
    it(`says what to do about ${what}`, async () => {
      const f = await openFrame({ tool: 'notes_show', ...attrs });
      expect(f.el.state).to.equal('error');
      expect(statusText(f.el)).to.match(message);
      expect(f.el.shadowRoot!.querySelector('[part="status"]')!.getAttribute('role')).to.equal('alert');
      expect(Boolean(f.el.shadowRoot!.querySelector('[part="status"] button'))).to.equal(retry);
      expect(iframeOf(f.el) === null, 'no widget frame is shown').to.equal(true);
      await expect(f.el).to.be.accessible();
      expect(await consoleErrors()).to.deep.equal([]);
    });
  }

  it('says when the tool has no UI, without calling it', async () => {
    const f = await openFrame({ tool: 'notes_count' });
    expect(f.el.state).to.equal('no-ui');
    expect(statusText(f.el)).to.contain('This server has no UI for Count notes.');
    expect(await fixtureCalls()).to.deep.equal([]);
    await expect(f.el).to.be.accessible();
  });

  it('shows a loading state with the tool’s name until the widget is there', async () => {
    const states: string[] = [];
    let shown = '';
    const f = await openFrame({ tool: 'notes_show' }, { wait: 'none' });
    f.el.addEventListener('sky-state', (e) => {
      states.push((e as CustomEvent).detail.state);
      if (states.at(-1) === 'loading') void f.el.updateComplete.then(() => (shown = statusText(f.el)));
    });
    await waitUntil(() => f.el.state === 'ready', 'never ready');
    expect(states).to.deep.equal(['loading', 'ready']);
    expect(shown).to.equal('Loading notes_show…');
    expect(statusText(f.el)).to.equal('');
  });

  it('lets go of everything when removed: an open prompt is denied and nothing reaches the server', async () => {
    const f = await openFrame({ tool: 'notes_show' });
    await f.press('add');
    await waitForPrompt(f.el);
    f.el.remove();
    await waitUntil(() => f.calls.length === 1, 'the prompt was not settled');
    expect(f.calls[0]!.outcome).to.equal('denied');
    expect(promptOf(f.el) === null, 'no permission prompt is open').to.equal(true);
    expect(await fixtureCalls()).to.deep.equal(['notes_show']);
    expect(await consoleErrors()).to.deep.equal([]);
  });

  it('tears the widget down on request (ui/resource-teardown) before removing it', async () => {
    const f = await openFrame({ tool: 'notes_show' });
    await f.report((r) => r.ready, 'the widget never said it was ready');
    await f.el.teardown();
    expect(toWidget(f, 'ui/resource-teardown')).to.have.length(1);
    expect(f.traces.at(-1)!.direction).to.equal('in');
    expect(f.el.state).to.equal('idle');
    expect(iframeOf(f.el) === null, 'no widget frame is shown').to.equal(true);
    expect(await consoleErrors()).to.deep.equal([]);
  });
});

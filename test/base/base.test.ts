// Shared behaviour of every widget root: announcer, state views, theme and motion tokens,
// and host access through @lit/context for elements inside a widget.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { LitElement } from 'lit';
import { HostController, ToolCall } from '../../components/base/index.ts';
import { createHost, type Host, type StandaloneHost } from '../../components/host/index.ts';
import { clickElement } from '../fixtures/real-input.ts';
import '../fixtures/test-widget.ts';
import type { TestWidget } from '../fixtures/test-widget.ts';

/** An element inside a widget that reads the host through context. */
class LocaleBadge extends LitElement {
  private bridge = new HostController(this);
  override render() {
    return html`<span>${this.bridge.snapshot?.locale ?? 'no host'}</span>`;
  }
}
customElements.define('locale-badge', LocaleBadge);

const hosts: Host[] = [];
afterEach(async () => {
  hosts.splice(0).forEach((host) => host.dispose());
  await emulateMedia({ reducedMotion: 'no-preference', colorScheme: 'light' });
});

function standalone(data: Parameters<typeof createHost>[0]['standalone'] = {}): StandaloneHost {
  const host = createHost({ transport: 'standalone', standalone: data });
  hosts.push(host);
  return host;
}

const token = (el: Element, name: string) => getComputedStyle(el).getPropertyValue(name).trim();
const announced = (el: TestWidget) => el.shadowRoot!.querySelector('[part="announcer"]')!.textContent!.trim();

describe('widget root (base)', () => {
  it('announces politely, and repeats a repeated message', async () => {
    const el = await fixture<TestWidget>(html`<test-widget .host=${standalone({ toolOutput: { title: 'T' } })}></test-widget>`);
    const region = el.shadowRoot!.querySelector('[part="announcer"]')!;
    expect(region.getAttribute('aria-live')).to.equal('polite');
    expect(region.getAttribute('aria-atomic')).to.equal('true');
    expect(el.shadowRoot!.querySelectorAll('[aria-live]').length, 'one live region per widget').to.equal(1);
    el.announce('Saved');
    await waitUntil(() => announced(el) === 'Saved');
    const seen: string[] = [];
    new MutationObserver(() => seen.push(region.textContent!)).observe(region, { childList: true, characterData: true, subtree: true });
    el.announce('Saved');
    await waitUntil(() => seen.length >= 2, 'a repeated message changed nothing');
    expect(announced(el)).to.equal('Saved');
  });

  it('shows a stable loading skeleton while a tool runs, and it passes axe', async () => {
    const el = await fixture<TestWidget>(html`<test-widget .host=${standalone({ toolInput: { q: 'x' } })}></test-widget>`);
    const loading = el.shadowRoot!.querySelector('[part="loading"]')!;
    expect(loading.getAttribute('role')).to.equal('progressbar');
    expect(loading.getBoundingClientRect().height).to.be.above(40);
    await expect(el).to.be.accessible();
  });

  it('explains an empty view with one action, and it passes axe', async () => {
    const el = await fixture<TestWidget>(html`<test-widget .host=${standalone()}></test-widget>`);
    const empty = el.shadowRoot!.querySelector('[part="empty"]')!;
    expect(empty.textContent).to.include('Nothing to show yet');
    expect(empty.querySelectorAll('button').length).to.be.at.most(1);
    await expect(el).to.be.accessible();
  });

  it('keeps the view when a call fails, and shows the failure next to its action with a retry', async () => {
    let fail = true;
    const host = standalone({
      toolOutput: { title: 'T', items: ['kept'] },
      callTool: () => {
        if (fail) throw new Error('The server is busy. Try again in a minute.');
        return { structuredContent: { title: 'Saved T', items: [] }, content: [] };
      },
    });
    const el = await fixture<TestWidget>(html`<test-widget .host=${host}></test-widget>`);
    await clickElement(el.shadowRoot!.querySelector('button')!);
    await waitUntil(() => el.shadowRoot!.querySelector('[part="notice"]'), 'no notice next to the action');
    expect(el.shadowRoot!.querySelector('[part="error"]'), 'the whole widget is not replaced').to.equal(null);
    expect(el.shadowRoot!.textContent).to.include('kept');
    expect(el.shadowRoot!.querySelector('[part="notice"]')!.textContent).to.include('The server is busy. Try again in a minute.');
    await waitUntil(() => announced(el).startsWith('Error: The server is busy'));
    await expect(el).to.be.accessible();
    fail = false;
    await clickElement([...el.shadowRoot!.querySelectorAll('[part="notice"] button')].find((b) => b.textContent === 'Try again')!);
    await waitUntil(() => el.shadowRoot!.textContent!.includes('Saved T'), 'the retry did not go through');
    expect(el.shadowRoot!.querySelector('[part="notice"]')).to.equal(null);
  });

  it('shows the error view with a retry when a call fails and there is nothing to show, and it passes axe', async () => {
    const host = standalone({
      callTool: () => {
        throw new Error('The server is busy. Try again in a minute.');
      },
    });
    const el = await fixture<TestWidget>(html`<test-widget .host=${host}></test-widget>`);
    await el.save();
    await el.updateComplete;
    const error = el.shadowRoot!.querySelector('[part="error"]')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.include('The server is busy. Try again in a minute.');
    expect(error.querySelector('button')!.textContent).to.equal('Try again');
    await expect(el).to.be.accessible();
  });

  it('never renders a view that breaks its contract, and says what was wrong', async () => {
    const host = standalone({ toolOutput: { title: 'T', items: 'not a list' } });
    const el = await fixture<TestWidget>(html`<test-widget .host=${host}></test-widget>`);
    const error = el.shadowRoot!.querySelector('[part="error"]')!;
    expect(error.textContent).to.include('This test-widget received data it cannot show: items must be an array (got a string).');
    await expect(el).to.be.accessible();
    host.set({ toolOutput: { title: 'Fixed', items: [] } });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
    expect(el.shadowRoot!.textContent).to.include('Fixed');
  });

  it('keeps several calls apart: busy until the last one ends, each with its own result', async () => {
    const answers: ((value: unknown) => void)[] = [];
    const host = standalone({ toolOutput: { title: 'T' }, callTool: () => new Promise((resolve) => answers.push(resolve)) });
    const el = await fixture<TestWidget>(html`<test-widget .host=${host}></test-widget>`);
    const other = new ToolCall(el, { view: false });
    const first = el.save();
    const second = other.run('demo_read', {});
    await el.updateComplete;
    expect(el.saving.running && other.running).to.equal(true);
    answers[1]!({ structuredContent: { title: 'read' }, content: [] });
    await second;
    expect(other.result!.structuredContent).to.deep.equal({ title: 'read' });
    expect((el as unknown as { busy: boolean }).busy, 'still busy: the save is under way').to.equal(true);
    expect(el.shadowRoot!.textContent, 'a call with view: false leaves the view alone').to.include('T');
    answers[0]!({ structuredContent: { title: 'saved' }, content: [] });
    await first;
    expect((el as unknown as { busy: boolean }).busy).to.equal(false);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('saved');
  });

  it('renders its data in the first update on a plain page, with no loading flash', async () => {
    const el = document.createElement('test-widget') as TestWidget;
    el.setAttribute('transport', 'standalone');
    document.body.append(el);
    try {
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="loading"]'), 'a skeleton before the data').to.equal(null);
      expect(el.shadowRoot!.querySelector('[part="empty"]')).to.not.equal(null);
    } finally {
      el.host?.dispose();
      el.remove();
    }
  });

  it('says so, with a retry, when it cannot connect to the host it was told to use', async () => {
    const el = await fixture<TestWidget>(html`<test-widget transport="telepathy"></test-widget>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[part="error"]'), 'no error view');
    const error = el.shadowRoot!.querySelector('[part="error"]')!;
    expect(error.textContent).to.include('Could not connect to the host');
    expect(error.textContent).to.include('Unknown transport "telepathy"');
    await expect(el).to.be.accessible();
    // Fixing the attribute and retrying connects (the plain-page host shows the empty view).
    el.setAttribute('transport', 'standalone');
    await clickElement(error.querySelector('button')!);
    await waitUntil(() => el.shadowRoot!.querySelector('[part="empty"]'), 'did not connect on retry');
    el.host?.dispose();
  });

  it('sets motion tokens to 0s under reduced motion, and only then', async () => {
    await emulateMedia({ reducedMotion: 'no-preference' });
    const el = await fixture<TestWidget>(html`<test-widget .host=${standalone({ toolOutput: { title: 'T' } })}></test-widget>`);
    expect(token(el, '--sky-duration')).not.to.equal('0s');
    await emulateMedia({ reducedMotion: 'reduce' });
    await waitUntil(() => el.host!.snapshot.reducedMotion);
    expect(token(el, '--sky-duration')).to.equal('0s');
    expect(token(el, '--sky-duration-fast')).to.equal('0s');
  });

  it('turns motion off when the host asks, even if the OS allows it', async () => {
    await emulateMedia({ reducedMotion: 'no-preference' });
    const host = standalone({ toolOutput: { title: 'T' } });
    const el = await fixture<TestWidget>(html`<test-widget .host=${host}></test-widget>`);
    host.set({ reducedMotion: true });
    await el.updateComplete;
    expect(el.hasAttribute('reduced-motion')).to.equal(true);
    expect(token(el, '--sky-duration')).to.equal('0s');
  });

  it('uses dark token values under a dark color scheme, and the host theme over the OS', async () => {
    const host = standalone({ toolOutput: { title: 'T' } });
    const el = await fixture<TestWidget>(html`<test-widget .host=${host}></test-widget>`);
    const lightSurface = getComputedStyle(el).backgroundColor;
    await emulateMedia({ colorScheme: 'dark' });
    await waitUntil(() => el.getAttribute('theme') === 'dark', 'OS dark scheme not followed');
    const darkSurface = getComputedStyle(el).backgroundColor;
    expect(darkSurface).not.to.equal(lightSurface);
    expect(darkSurface).to.equal('rgb(31, 31, 31)');
    host.set({ theme: 'light' });
    await el.updateComplete;
    expect(getComputedStyle(el).backgroundColor, 'host theme wins').to.equal(lightSurface);
    await expect(el).to.be.accessible();
  });

  it('provides the host to elements inside it through context', async () => {
    const host = standalone({ toolOutput: { title: 'T' }, locale: 'pt-BR' });
    const el = await fixture<TestWidget>(html`<test-widget .host=${host}><locale-badge></locale-badge></test-widget>`);
    const badge = el.querySelector('locale-badge') as LocaleBadge;
    await badge.updateComplete;
    expect(badge.shadowRoot!.textContent).to.equal('pt-BR');
    host.set({ locale: 'ja-JP' });
    await badge.updateComplete;
    expect(badge.shadowRoot!.textContent).to.equal('ja-JP');
  });
});

// Shared behaviour of every widget root: announcer, state views, theme and motion tokens,
// and host access through @lit/context for elements inside a widget.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { LitElement } from 'lit';
import { HostController } from '../../components/base/index.ts';
import { createHost, type Host, type StandaloneHost } from '../../components/host/index.ts';
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

  it('shows an error view with a retry when the tool call fails, and it passes axe', async () => {
    const host = standalone({
      toolOutput: { title: 'T' },
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
    await waitUntil(() => announced(el).startsWith('Error: The server is busy'));
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
    error.querySelector('button')!.click();
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

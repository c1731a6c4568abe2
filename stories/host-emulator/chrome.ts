/**
 * <host-emulator>: what surrounds a widget in the emulated host. A heading naming the story and
 * the host, a line with the host's settings and whether a tool call is under way, the widget's
 * frame (sized by display mode, max height and the story's width) and the host log.
 *
 * Its `data-host-state` attribute is `busy` while a tool call is under way and `idle` otherwise:
 * the story checks (test/stories) wait for `idle` before they look.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { DisplayMode } from '../../components/host/index.ts';
import type { HostEmulator } from './emulator.ts';
import type { LogEntry } from './log.ts';

const HOST_NAMES = { standalone: 'a standalone page', openai: 'emulated ChatGPT (window.openai)', 'mcp-apps': 'an emulated MCP Apps host' };
const SHOWN_ENTRIES = 40;

export class HostEmulatorElement extends LitElement {
  static override properties = {
    emulator: { attribute: false },
    displayMode: { state: true },
    revision: { state: true },
  };

  static override styles = css`
    :host {
      --chrome-bg: #f4f4f5;
      --chrome-text: #18181b;
      --chrome-muted: #52525b;
      --chrome-border: #d4d4d8;
      --chrome-ok: #067647;
      --chrome-error: #b42318;
      display: block;
      box-sizing: border-box;
      min-height: 100vh;
      padding: 12px 16px 24px;
      background: var(--chrome-bg);
      color: var(--chrome-text);
      font: 14px / 1.4 system-ui, sans-serif;
    }
    :host([theme='dark']) {
      --chrome-bg: #131316;
      --chrome-text: #f4f4f5;
      --chrome-muted: #a1a1aa;
      --chrome-border: #3f3f46;
      --chrome-ok: #75e0a7;
      --chrome-error: #ff9b8f;
      color-scheme: dark;
    }
    h1 {
      margin: 0;
      font-size: 15px;
    }
    h2 {
      margin: 0 0 6px;
      font-size: 14px;
    }
    .settings {
      margin: 2px 0 12px;
      color: var(--chrome-muted);
    }
    .frame {
      box-sizing: border-box;
      width: min(100%, var(--frame-width, 680px));
      overflow: auto;
      border: 1px solid var(--chrome-border);
      border-radius: 12px;
    }
    .frame.fullscreen {
      width: 100%;
      min-height: 70vh;
      border-radius: 0;
    }
    .frame.pip {
      width: min(100%, var(--frame-width, 380px));
      box-shadow: 0 8px 24px rgb(0 0 0 / 0.25);
    }
    aside {
      margin-top: 16px;
      max-width: 960px;
    }
    ol {
      margin: 0;
      padding: 0;
      list-style: none;
      font: 12px / 1.45 ui-monospace, Menlo, Consolas, monospace;
    }
    li {
      padding: 4px 0;
      border-top: 1px solid var(--chrome-border);
      overflow-wrap: anywhere;
    }
    .meta {
      color: var(--chrome-muted);
    }
    .ok {
      color: var(--chrome-ok);
    }
    .error,
    .failed {
      color: var(--chrome-error);
    }
  `;

  declare emulator: HostEmulator | undefined;
  protected declare displayMode: DisplayMode;
  protected declare revision: number;
  #unsubscribe: (() => void)[] = [];

  constructor() {
    super();
    this.displayMode = 'inline';
    this.revision = 0;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.emulator && !this.#unsubscribe.length) this.#follow(this.emulator);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('emulator') && this.emulator) {
      this.#stop();
      this.#follow(this.emulator);
    }
    const emulator = this.emulator;
    this.setAttribute('theme', emulator?.env.theme ?? 'light');
    this.dataset.hostState = emulator?.busy ? 'busy' : 'idle';
  }

  protected override render() {
    const emulator = this.emulator;
    if (!emulator) return html`<slot></slot>`;
    const { env } = emulator;
    const settings = [
      `${env.theme} theme`,
      `${this.displayMode}`,
      env.maxHeight ? `max height ${env.maxHeight} px` : 'no max height',
      env.locale,
      env.host === 'openai' ? 'motion follows the OS' : env.reducedMotion ? 'reduced motion' : 'motion as the OS allows',
      `latency ${env.latencyMs} ms`,
      env.failure === 'none' ? 'calls succeed' : env.failure === 'next' ? 'next call fails' : 'all calls fail',
      emulator.reportedHeight ? `reported height ${Math.round(emulator.reportedHeight)} px` : '',
      emulator.busy ? 'tool call under way…' : '',
    ].filter(Boolean);
    const entries = emulator.log.entries.slice(-SHOWN_ENTRIES).reverse();
    const frameStyle = [
      emulator.width ? `--frame-width: ${emulator.width}px` : '',
      env.maxHeight && this.displayMode !== 'fullscreen' ? `max-height: ${env.maxHeight}px` : '',
    ].join(';');
    return html`<header>
        <h1>${emulator.label}, in ${HOST_NAMES[env.host]}</h1>
        <p class="settings">${settings.join(' · ')}</p>
      </header>
      <main>
        <div class="frame ${this.displayMode}" style=${frameStyle}><slot></slot></div>
      </main>
      <aside aria-labelledby="log-title">
        <h2 id="log-title">Host log (newest first)</h2>
        ${entries.length ? html`<ol>${entries.map((entry) => this.#renderEntry(entry))}</ol>` : html`<p class="meta">No tool calls yet.</p>`}
      </aside>`;
  }

  #renderEntry(entry: LogEntry) {
    return html`<li>
      <span class="meta">+${Math.round(entry.at)} ms · ${entry.via}</span>
      <strong>${entry.title}</strong>
      ${entry.kind === 'tool' ? html`<span class=${entry.outcome}>${entry.outcome}</span>` : nothing}
      ${entry.durationMs !== undefined ? html`<span class="meta">${Math.round(entry.durationMs)} ms</span>` : nothing}
      <div>${entry.detail}</div>
    </li>`;
  }

  #follow(emulator: HostEmulator): void {
    const host = emulator.host;
    this.displayMode = host.snapshot.displayMode;
    this.#unsubscribe = [
      emulator.subscribe(() => this.revision++),
      host.subscribe((now) => (this.displayMode = now.displayMode)),
    ];
  }

  #stop(): void {
    this.#unsubscribe.splice(0).forEach((stop) => stop());
  }
}

/** Registers <host-emulator> (called by the decorator: the package marks plain imports side-effect free). */
export function defineHostEmulatorElement(): void {
  if (!customElements.get('host-emulator')) customElements.define('host-emulator', HostEmulatorElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'host-emulator': HostEmulatorElement;
  }
}

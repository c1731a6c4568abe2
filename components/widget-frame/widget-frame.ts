import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { AppBridge } from '@modelcontextprotocol/ext-apps/app-bridge';
import type { CallToolResult, ContentBlock } from '@modelcontextprotocol/sdk/types.js';
import { Announcer } from '../base/announcer.ts';
import { tokens } from '../base/tokens.ts';
import { encodeCsp } from './csp.ts';
import { FrameTransport, type TraceEntry } from './frame-transport.ts';
import { hostContext, openaiGlobals, readPageContext } from './host-context.ts';
import { FrameError, loadWidget, messageOf, NoUiError, parseArguments, toolTitle, type Dialect, type LoadedWidget } from './load.ts';
import { grantKey, refusal, storedGrants, toolKind, type Decision, type GrantStore } from './permissions.ts';
import { clientFor, toolsOf, type FrameClient } from './server-client.ts';
import { frameStyles } from './widget-frame.styles.ts';

export type FrameState = 'idle' | 'loading' | 'ready' | 'no-ui' | 'error';
export type DisplayMode = 'inline' | 'fullscreen';

/** `detail` of `sky-tool-call`: every call the widget made, and what became of it. */
export interface ToolCallDetail {
  name: string;
  arguments: Record<string, unknown>;
  /** `ok` (ran; the result may still be isError), `refused` (hidden from apps or unknown), `denied` (the user said no), `failed` (transport). */
  outcome: 'ok' | 'refused' | 'denied' | 'failed';
  result?: CallToolResult;
  reason?: string;
}

/** `detail` of `sky-message`: what the widget asked to say in the chat. */
export interface SkyMessageDetail {
  /** The text parts joined. */
  text: string;
  content: unknown;
}

/** `detail` of `sky-model-context`: what the widget wants the model to know. */
export interface SkyModelContextDetail {
  content: unknown[];
  structuredContent: unknown;
}

/** `detail` of `sky-display-mode`. */
export interface SkyDisplayModeDetail {
  mode: DisplayMode;
}

/** `detail` of `sky-state`. */
export interface SkyStateDetail {
  state: FrameState;
  error?: string;
}

/** An event for the page (its types are declared in define.ts and listed with `@fires` below). */
const pageEvent = (type: string, detail: unknown) => new CustomEvent(type, { detail, bubbles: true, composed: true });

/** A question for the user, one at a time. */
type Question =
  | { kind: 'tool'; title: string; name: string; args: Record<string, unknown>; destructive: boolean }
  | { kind: 'link'; url: string };
type Prompt = Question & { resolve: (d: Decision) => void };

const DEFAULT_MAX_HEIGHT = 640;
/** Growth reports within one second after which auto-height stops following (content that grows with its frame). */
const HEIGHT_LOOP_LIMIT = 12;

/**
 * Shows an MCP Apps or ChatGPT widget — any MCP server's — safely in any page.
 *
 * @summary Calls a tool, reads its UI resource and runs it in a sandbox on its own origin, answering
 * its `ui/*` requests through the official AppBridge and asking the user before it writes.
 *
 * @fires sky-tool-call - Every tool call from the widget: `{ name, arguments, outcome, result?, reason? }`.
 * @fires sky-message - The widget sent a message for the chat (`ui/message`, `sendFollowUpMessage`): `{ text, content }`.
 * @fires sky-model-context - The widget updated what the model should know: `{ content, structuredContent }`.
 * @fires sky-display-mode - The frame went full screen or back: `{ mode }`.
 * @fires sky-close-request - The widget asked to be closed: the page decides.
 * @fires sky-state - The frame's state changed: `{ state, error? }`.
 * @fires sky-trace - Every JSON-RPC message between page and widget: `{ direction: 'in' | 'out' | 'dropped', message }`.
 *
 * @csspart frame - The box around the widget (the dialog in full screen).
 * @csspart iframe - The sandbox frame.
 * @csspart status - Loading, error and "no UI" states.
 * @csspart prompt - The permission dialog.
 * @csspart announcer - The live region.
 *
 * @cssprop --sky-color-border - Border of the box. Every `--sky-*` token set on the element also
 * reaches the widget as an MCP Apps style variable.
 */
export class SkyWidgetFrame extends LitElement {
  static override styles = [tokens, frameStyles];

  static override properties = {
    server: { type: String },
    tool: { type: String },
    argumentsText: { type: String, attribute: 'arguments' },
    dialect: { type: String },
    sandbox: { type: String },
    theme: { type: String, reflect: true },
    maxHeight: { type: Number, attribute: 'max-height' },
    serverId: { type: String, attribute: 'server-id' },
    client: { attribute: false },
    result: { attribute: false },
    toolArguments: { attribute: false },
    state: { state: true },
    error: { state: true },
    displayMode: { state: true },
    prompt: { state: true },
    loaded: { state: true },
    height: { state: true },
  };

  /** Sandbox URL used when an element has no `sandbox` attribute (e.g. set once by the page). */
  static defaultSandbox: string | null = null;
  /** The grants every frame of the page shares ("Always for this widget"); replace to keep them elsewhere. */
  static grants: GrantStore = storedGrants();

  /** URL of the MCP server (Streamable HTTP). Ignored when `client` is set. */
  declare server: string | undefined;
  /** The tool to call. */
  declare tool: string | undefined;
  /** Its arguments as JSON text (attribute `arguments`). */
  declare argumentsText: string | undefined;
  /** Its arguments as an object; wins over `arguments`. */
  declare toolArguments: Record<string, unknown> | undefined;
  /** Which UI to show when a tool has both: `auto` (MCP Apps first), `mcp-apps` or `openai`. */
  declare dialect: Dialect | 'auto';
  /** URL of the sandbox proxy page, on an origin other than this page's (e.g. `http://127.0.0.1:8788/sandbox`). */
  declare sandbox: string | undefined;
  /** `light` or `dark`; absent: the page's colour scheme. */
  declare theme: string | undefined;
  /** Tallest the frame grows inline (px). */
  declare maxHeight: number;
  /** Names the server for remembered grants when `client` is given (default: the server URL). */
  declare serverId: string | undefined;
  /** An MCP client (`listTools`, `callTool`, `readResource`) to use instead of `server`. */
  declare client: FrameClient | undefined;
  /** The tool's result when the page already has it: shown as is, the tool is not called again. */
  declare result: CallToolResult | undefined;

  declare state: FrameState;
  declare error: FrameError | null;
  declare displayMode: DisplayMode;
  declare protected prompt: Prompt | null;
  declare protected loaded: LoadedWidget | null;
  declare protected height: number;

  /** Widget state the host keeps for a ChatGPT-dialect widget (`setWidgetState`), per instance. */
  widgetState: unknown = null;

  readonly #announcer = new Announcer();
  #loadId = 0;
  #bridge: AppBridge | null = null;
  #transport: FrameTransport | null = null;
  #prompts: Promise<unknown> = Promise.resolve();
  #resize: ResizeObserver | null = null;
  #media: MediaQueryList[] = [];
  #growths: number[] = [];
  #heightFrozen = false;
  /** The tool call that opened the widget (host context `toolInfo`), kept across context updates. */
  #toolInfo: { id: string; tool: Record<string, unknown> } | null = null;

  constructor() {
    super();
    this.dialect = 'auto';
    this.maxHeight = DEFAULT_MAX_HEIGHT;
    this.state = 'idle';
    this.error = null;
    this.displayMode = 'inline';
    this.prompt = null;
    this.loaded = null;
    this.height = 0;
  }

  /** Loads the widget again from the start (the error state's Retry). */
  reload(): void {
    void this.#load();
  }

  /** Asks the widget to tear down (`ui/resource-teardown`, up to 3 s), then removes it. */
  async teardown(): Promise<void> {
    const bridge = this.#bridge;
    if (bridge) {
      await Promise.race([bridge.teardownResource({}).catch(() => undefined), new Promise((r) => setTimeout(r, 3000))]);
    }
    this.#stop();
    this.loaded = null;
    this.#setState('idle');
  }

  /** Shows the widget full screen (an in-page dialog) or inline. */
  async setDisplayMode(mode: DisplayMode): Promise<DisplayMode> {
    if (mode === this.displayMode) return mode;
    const box = this.renderRoot.querySelector<HTMLElement>('.box');
    this.displayMode = mode;
    if (mode === 'fullscreen') box?.showPopover();
    else if (box?.matches(':popover-open')) box.hidePopover();
    await this.updateComplete;
    this.#announcer.announce(mode === 'fullscreen' ? `${this.loaded?.title ?? 'Widget'}, full screen. Escape or Exit full screen returns.` : 'Back inline.');
    this.#sendContext();
    this.#emit('sky-display-mode', { mode } satisfies SkyDisplayModeDetail);
    return mode;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resize = new ResizeObserver(() => this.#sendContext());
    this.#resize.observe(this);
    this.#media = ['(prefers-color-scheme: dark)', '(prefers-reduced-motion: reduce)'].map((q) => matchMedia(q));
    for (const m of this.#media) m.addEventListener('change', this.#onMedia);
    if (this.hasUpdated && this.tool) void this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize?.disconnect();
    for (const m of this.#media) m.removeEventListener('change', this.#onMedia);
    this.#stop();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const inputs = ['server', 'tool', 'argumentsText', 'toolArguments', 'dialect', 'sandbox', 'client', 'result'] as const;
    if (inputs.some((key) => changed.has(key))) void this.updateComplete.then(() => this.#load());
    if (changed.has('theme')) this.#sendContext();
  }

  protected override firstUpdated(): void {
    this.#announcer.attach(this.renderRoot.querySelector('[part="announcer"]'));
  }

  protected override render(): TemplateResult {
    const fullscreen = this.displayMode === 'fullscreen';
    const loaded = this.loaded;
    return html`<div
        class="box ${loaded && !loaded.prefersBorder ? 'borderless' : ''}"
        part="frame"
        popover="manual"
        role=${fullscreen ? 'dialog' : nothing}
        aria-modal=${fullscreen ? 'true' : nothing}
        aria-labelledby=${fullscreen ? 'title' : nothing}
        @keydown=${this.#onKeydown}
      >
        ${fullscreen ? html`<span class="sentinel" tabindex="0" @focus=${this.#wrapToWidget}></span>` : nothing}
        <div class="bar" ?hidden=${!fullscreen}>
          <h2 id="title">${loaded?.title ?? 'Widget'}</h2>
          <button part="exit" @click=${this.#exitFullscreen}>Exit full screen</button>
        </div>
        ${this.#renderStatus()}
        ${loaded
          ? keyed(
              this.#loadId,
              html`<iframe
                part="iframe"
                title=${loaded.title}
                src=${this.#sandboxUrl(loaded)}
                sandbox="allow-scripts allow-same-origin"
                allow=""
                referrerpolicy="no-referrer"
                style="height: ${this.height}px"
              ></iframe>`,
            )
          : nothing}
        ${fullscreen ? html`<span class="sentinel" tabindex="0" @focus=${this.#wrapToBar}></span>` : nothing}
      </div>
      ${this.#announcer.region()} ${this.#renderPrompt()}`;
  }

  #renderStatus(): TemplateResult | typeof nothing {
    if (this.state === 'loading') {
      return html`<div class="status" part="status" role="status"><p>Loading ${this.tool ?? 'the widget'}…</p></div>`;
    }
    if (this.state === 'no-ui') {
      return html`<div class="status" part="status"><p>${this.error?.message}</p><p>The tool still works from the chat; it just has no widget to show.</p></div>`;
    }
    if (this.state === 'error' && this.error) {
      return html`<div class="status error" part="status" role="alert">
        <p>${this.error.message}</p>
        ${this.error.retry ? html`<button @click=${() => this.reload()}>Retry</button>` : nothing}
      </div>`;
    }
    return nothing;
  }

  #renderPrompt(): TemplateResult {
    const p = this.prompt;
    let body: TemplateResult | typeof nothing = nothing;
    if (p?.kind === 'tool') {
      const widget = this.loaded?.title ?? 'This widget';
      body = html`<h2 id="prompt-title">Allow ${widget} to ${p.title}?</h2>
        <p id="prompt-text">It asks to run <code>${p.name}</code> on ${this.#serverLabel()}, which changes data${p.destructive ? ' and may delete or overwrite it' : ''}. Arguments:</p>
        <pre>${clip(JSON.stringify(p.args, null, 2), 800)}</pre>
        ${p.destructive ? html`<p class="warning">You will be asked every time for this tool.</p>` : nothing}
        <div class="actions">
          <button class="primary" @click=${() => this.#answer('once')}>Allow once</button>
          ${p.destructive ? nothing : html`<button @click=${() => this.#answer('always')}>Always for this widget</button>`}
          <button data-deny @click=${() => this.#answer('deny')}>Deny</button>
        </div>`;
    } else if (p?.kind === 'link') {
      body = html`<h2 id="prompt-title">Open this link?</h2>
        <p id="prompt-text">${this.loaded?.title ?? 'The widget'} wants to open a page in a new tab:</p>
        <pre>${clip(p.url, 800)}</pre>
        <div class="actions">
          <button class="primary" @click=${() => this.#answer('once')}>Open link</button>
          <button data-deny @click=${() => this.#answer('deny')}>Cancel</button>
        </div>`;
    }
    return html`<dialog part="prompt" aria-labelledby="prompt-title" aria-describedby="prompt-text" @cancel=${this.#onPromptCancel}>${body}</dialog>`;
  }

  async #load(): Promise<void> {
    const id = ++this.#loadId;
    this.#stop();
    this.loaded = null;
    this.height = 0;
    this.#heightFrozen = false;
    this.widgetState = null;
    if (!this.isConnected || !this.tool) {
      this.#setState('idle');
      return;
    }
    this.#setState('loading');
    try {
      const input = this.toolArguments ?? parseArguments(this.argumentsText);
      this.#checkSandbox();
      if (!this.client && !this.server) throw new FrameError('No server: set the server attribute to an MCP endpoint (…/mcp) or give the element a client.', false);
      let client: FrameClient;
      try {
        client = this.client ?? (await clientFor(this.server!));
      } catch (error) {
        throw new FrameError(`Could not connect to ${this.#serverLabel()}: ${messageOf(error)}. Check the URL, and that the server allows this page's origin (CORS).`);
      }
      const loaded = await loadWidget(client, { tool: this.tool, input, dialect: this.dialect, result: this.result ?? null, serverLabel: this.#serverLabel() });
      if (id !== this.#loadId) return;
      this.loaded = loaded;
      await this.updateComplete;
      const frame = this.renderRoot.querySelector('iframe');
      if (!frame?.contentWindow) throw new FrameError('The sandbox frame did not open.');
      await this.#connect(client, loaded, frame.contentWindow, id);
    } catch (error) {
      if (id !== this.#loadId) return;
      this.loaded = null;
      this.error = error instanceof FrameError ? error : new FrameError(messageOf(error));
      this.#setState(error instanceof NoUiError ? 'no-ui' : 'error');
      this.#announcer.announce(this.error.message);
    }
  }

  /** Wires AppBridge to the sandbox frame: the host side of `ui/*`, with the gates. */
  async #connect(client: FrameClient, loaded: LoadedWidget, target: Window, id: number): Promise<void> {
    const origin = new URL(this.#sandbox()!, location.href).origin;
    const transport = new FrameTransport(target, origin, (entry: TraceEntry) => this.#emit('sky-trace', entry));
    const page = this.#page();
    this.#toolInfo = { id: `call-${id}-${Math.random().toString(36).slice(2, 10)}`, tool: loaded.tool as unknown as Record<string, unknown> };
    const bridge = new AppBridge(
      null,
      { name: 'skylit-widget-frame', version: '0.1.0' },
      {
        serverTools: {},
        serverResources: {},
        openLinks: {},
        message: { text: {} },
        updateModelContext: { text: {}, structuredContent: {} },
        logging: {},
        sandbox: { csp: loaded.csp.csp },
      },
      { hostContext: hostContext(page, this.#toolInfo) as never },
    );
    let resourceSent = false;
    bridge.onsandboxready = () => {
      if (resourceSent) return;
      resourceSent = true;
      const params: Record<string, unknown> = { html: loaded.html, csp: loaded.csp.csp, title: loaded.title };
      if (loaded.dialect === 'openai') params.openai = openaiGlobals(page, { input: loaded.input, result: loaded.result, widgetState: this.widgetState });
      void bridge.sendSandboxResourceReady(params as never);
    };
    bridge.oninitialized = () => {
      void bridge.sendToolInput({ arguments: loaded.input });
      void bridge.sendToolResult(loaded.result as never);
    };
    bridge.oncalltool = (params) => this.#gateToolCall(client, loaded, params.name, (params.arguments ?? {}) as Record<string, unknown>);
    bridge.onreadresource = async (params) => client.readResource({ uri: params.uri });
    bridge.onopenlink = async ({ url }) => this.#openLink(url);
    bridge.onmessage = async (params) => {
      this.#emit('sky-message', { text: textOf(params.content), content: params.content } satisfies SkyMessageDetail);
      return {};
    };
    bridge.onupdatemodelcontext = async (params) => {
      const state = (params.structuredContent as Record<string, unknown> | undefined)?.widgetState;
      if (state !== undefined && loaded.dialect === 'openai') this.widgetState = state;
      this.#emit('sky-model-context', { content: params.content ?? [], structuredContent: params.structuredContent ?? null } satisfies SkyModelContextDetail);
      return {};
    };
    bridge.onrequestdisplaymode = async ({ mode }) => ({ mode: await this.setDisplayMode(mode === 'fullscreen' ? 'fullscreen' : 'inline') });
    bridge.onsizechange = ({ height }) => {
      if (height !== undefined) this.#onHeight(height);
    };
    bridge.onrequestteardown = () => this.#emit('sky-close-request', {});
    bridge.onloggingmessage = () => undefined;
    transport.onproxy = (method) => {
      if (method === 'skylit/sandbox-navigated') this.#fail(new FrameError('The widget left its page (it navigated its frame away), so it was stopped.'));
    };
    this.#bridge = bridge;
    this.#transport = transport;
    await bridge.connect(transport);
    if (id !== this.#loadId) return;
    this.height = Math.min(this.maxHeight, 160);
    this.#setState('ready');
    this.#announcer.announce(`${loaded.title} loaded.`);
  }

  /** Every tool call from the widget passes here: visibility, then the user's permission for writes. */
  async #gateToolCall(client: FrameClient, loaded: LoadedWidget, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
    const detail = (outcome: ToolCallDetail['outcome'], extra: Partial<ToolCallDetail> = {}) =>
      this.#emit('sky-tool-call', { name, arguments: args, outcome, ...extra } satisfies ToolCallDetail);
    const tool = (await toolsOf(client)).find((t) => t.name === name);
    const refused = refusal(tool, name, loaded.dialect);
    if (refused || !tool) {
      detail('refused', { reason: refused ?? undefined });
      this.#announcer.announce(`Blocked: ${refused}`);
      throw new Error(refused ?? 'Refused.');
    }
    const kind = toolKind(tool);
    if (kind !== 'read') {
      const key = grantKey(this.#serverKey(), loaded.resourceUri, name);
      if (kind === 'destructive' || !SkyWidgetFrame.grants.has(key)) {
        const decision = await this.#ask({ kind: 'tool', title: toolTitle(tool), name, args, destructive: kind === 'destructive' });
        if (decision === 'deny') {
          detail('denied');
          this.#announcer.announce(`${toolTitle(tool)} denied.`);
          return { isError: true, content: [{ type: 'text', text: `The user declined: ${toolTitle(tool)} was not run.` }] };
        }
        if (decision === 'always' && kind === 'write') SkyWidgetFrame.grants.add(key);
      }
    }
    try {
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      detail('ok', { result });
      return result;
    } catch (error) {
      detail('failed', { reason: messageOf(error) });
      throw error;
    }
  }

  async #openLink(url: string): Promise<{ isError?: boolean }> {
    let href: URL;
    try {
      href = new URL(url);
    } catch {
      return { isError: true };
    }
    if (href.protocol !== 'https:' && href.protocol !== 'http:') return { isError: true };
    if ((await this.#ask({ kind: 'link', url: href.href })) === 'deny') return { isError: true };
    window.open(href.href, '_blank', 'noopener,noreferrer');
    return {};
  }

  /** Shows one prompt at a time as a modal dialog; resolves with the answer (Escape = deny). */
  #ask(prompt: Question): Promise<Decision> {
    const turn = this.#prompts.then(
      () =>
        new Promise<Decision>((resolve) => {
          if (!this.isConnected || !this.#bridge) return resolve('deny');
          this.prompt = { ...prompt, resolve } as Prompt;
          void this.updateComplete.then(() => {
            const dialog = this.renderRoot.querySelector('dialog')!;
            if (!dialog.open) dialog.showModal();
            dialog.querySelector<HTMLElement>('[data-deny]')?.focus();
          });
        }),
    );
    this.#prompts = turn;
    return turn;
  }

  #answer(decision: Decision): void {
    const prompt = this.prompt;
    if (!prompt) return;
    this.prompt = null;
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog?.open) dialog.close();
    prompt.resolve(decision);
  }

  #onPromptCancel = (event: Event) => {
    event.preventDefault();
    this.#answer('deny');
  };

  #onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && this.displayMode === 'fullscreen' && !this.prompt) {
      event.preventDefault();
      this.#exitFullscreen();
    }
  };

  /** Back inline from the bar: the focus goes back into the widget (the bar is gone). */
  #exitFullscreen = () => {
    void this.setDisplayMode('inline').then(() => this.renderRoot.querySelector('iframe')?.focus());
  };

  /** Focus trap in full screen: past the widget's last stop back to the bar, before the bar into the widget. */
  #wrapToBar = () => this.renderRoot.querySelector<HTMLElement>('[part="exit"]')?.focus();
  #wrapToWidget = () => this.renderRoot.querySelector('iframe')?.focus();

  /** Auto-height: follows the widget's size reports up to max-height; stops following a loop. */
  #onHeight(reported: number): void {
    if (!Number.isFinite(reported) || reported < 0) return;
    const next = Math.min(Math.ceil(reported), this.maxHeight);
    // Content that shrinks changed on its own: follow it again.
    if (next < this.height) {
      this.#heightFrozen = false;
      this.#growths = [];
    }
    if (this.#heightFrozen) return;
    const now = performance.now();
    if (next > this.height) {
      this.#growths = this.#growths.filter((t) => now - t < 1000);
      this.#growths.push(now);
      if (this.#growths.length > HEIGHT_LOOP_LIMIT) {
        this.#heightFrozen = true;
        console.warn(`[sky-widget-frame] ${this.loaded?.title ?? 'The widget'} keeps growing with its frame; its height stays at ${this.height}px.`);
        return;
      }
    }
    this.height = next;
  }

  #sendContext(): void {
    if (!this.#bridge || !this.loaded) return;
    this.#bridge.setHostContext(hostContext(this.#page(), this.#toolInfo) as never);
  }

  #onMedia = () => this.#sendContext();

  #page() {
    const fullscreen = this.displayMode === 'fullscreen';
    return readPageContext(this, {
      theme: this.theme,
      displayMode: this.displayMode,
      width: this.getBoundingClientRect().width || 480,
      maxHeight: fullscreen ? innerHeight : this.maxHeight,
    });
  }

  #sandbox(): string | null {
    return this.sandbox || SkyWidgetFrame.defaultSandbox;
  }

  #checkSandbox(): void {
    const sandbox = this.#sandbox();
    if (!sandbox) throw new FrameError('No sandbox: set the sandbox attribute to the sandbox page of a Skylit server (e.g. http://127.0.0.1:8788/sandbox), on an origin other than this page.', false);
    let url: URL;
    try {
      url = new URL(sandbox, location.href);
    } catch {
      throw new FrameError(`The sandbox "${clip(sandbox, 100)}" is not a URL.`, false);
    }
    if (url.origin === location.origin) {
      throw new FrameError(`The sandbox ${url.origin} is this page's own origin: a widget there could reach this page. Serve the sandbox from another origin.`, false);
    }
  }

  #sandboxUrl(loaded: LoadedWidget): string {
    const url = new URL(this.#sandbox()!, location.href);
    url.searchParams.set('host', location.origin);
    url.searchParams.set('csp', encodeCsp(loaded.csp.csp));
    return url.href;
  }

  #serverKey(): string {
    return this.serverId || (this.server ? new URL(this.server, location.href).href : 'page');
  }

  #serverLabel(): string {
    if (this.serverId) return this.serverId;
    if (!this.server) return 'the page’s client';
    try {
      return new URL(this.server, location.href).host;
    } catch {
      return clip(this.server, 80);
    }
  }

  #fail(error: FrameError): void {
    this.#stop();
    this.loaded = null;
    this.error = error;
    this.#setState('error');
    this.#announcer.announce(error.message);
  }

  /** Lets go of the widget: bridge, channel, open prompts, full screen. */
  #stop(): void {
    const bridge = this.#bridge;
    this.#bridge = null;
    this.#transport = null;
    if (bridge) void bridge.close().catch(() => undefined);
    if (this.prompt) this.#answer('deny');
    if (this.displayMode === 'fullscreen') {
      this.displayMode = 'inline';
      const box = this.renderRoot?.querySelector<HTMLElement>('.box');
      if (box?.matches(':popover-open')) box.hidePopover();
    }
  }

  #setState(state: FrameState): void {
    if (state !== 'error' && state !== 'no-ui') this.error = null;
    if (this.state === state) return;
    this.state = state;
    this.#emit('sky-state', { state, ...(this.error ? { error: this.error.message } : {}) } satisfies SkyStateDetail);
  }

  #emit(type: `sky-${string}`, detail: unknown): void {
    this.dispatchEvent(pageEvent(type, detail));
  }
}

function textOf(content: ContentBlock[] | undefined): string {
  return (content ?? []).map((block) => (block.type === 'text' ? block.text : '')).join('\n').trim();
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

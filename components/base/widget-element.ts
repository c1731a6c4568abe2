import type { ContextCallback, ContextEvent } from '@lit/context';
import { html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { observeHeight } from '../host/auto-height.ts';
import { detectHost, knownHost } from '../host/index.ts';
import { applyHostTheme } from '../host/theme.ts';
import type { Host, HostSnapshot, JsonObject, ToolResult, TransportKind } from '../host/types.ts';
import { Announcer, ANNOUNCE_EVENT } from './announcer.ts';
import { hostContext } from './host-context.ts';
import { emptyView, errorView, loadingView, stateViewStyles } from './state-views.ts';
import { tokens } from './tokens.ts';

/**
 * The base of every Skylit widget root (`<sky-chess-board>`, …). It finds the host (or takes the
 * one a page gives), provides it to the elements inside, applies the host's theme and motion
 * preference, reports its height, owns the widget's live region, and chooses between the
 * loading, empty, error and data views. A widget implements `renderView()` (and may override
 * `renderEmpty()`); it calls tools through `callTool()` and speaks through `announce()`.
 *
 * @attr transport - Force a transport: `openai`, `mcp-apps` or `standalone` (default: detect).
 * @attr server-url - Standalone only: the MCP endpoint tool calls go to.
 * @csspart announcer - The visually hidden live region.
 * @csspart loading - The loading skeleton.
 * @csspart empty - The empty view.
 * @csspart error - The error view.
 * @csspart action - The action button of the empty and error views.
 */
export abstract class SkyWidgetElement extends LitElement {
  static override properties = {
    host: { attribute: false },
    transport: {},
    serverUrl: { attribute: 'server-url' },
    view: { state: true },
    viewMeta: { state: true },
    failure: { state: true },
    busy: { state: true },
  };
  static override styles = [tokens, stateViewStyles];

  /** The host bridge. Set it to force one; otherwise the widget detects its host when connected. */
  declare host: Host | undefined;
  declare transport: TransportKind | undefined;
  declare serverUrl: string | undefined;
  /** The view: the latest `structuredContent`, from the host or from this widget's own tool calls. */
  protected declare view: JsonObject | null;
  /** `_meta` that came with {@link view}. */
  protected declare viewMeta: JsonObject | null;
  /** A failed tool call (the host or network failed, not a tool's domain error), with its retry. */
  protected declare failure: { message: string; retry: () => void } | null;
  /** True while a tool call of this widget is under way. */
  protected declare busy: boolean;

  protected readonly announcer = new Announcer();
  #hostOutput: JsonObject | null = null;
  /** Elements inside that asked for the host and want to hear when it changes. */
  readonly #consumers = new Set<ContextCallback<Host | undefined>>();
  #unsubscribe: (() => void) | undefined;
  #themedSnapshot: HostSnapshot | undefined;
  #stopHeight: (() => void) | undefined;

  constructor() {
    super();
    this.view = null;
    this.viewMeta = null;
    this.failure = null;
    this.busy = false;
    this.addEventListener(ANNOUNCE_EVENT, (event) => this.announce(String((event as CustomEvent).detail)));
    this.addEventListener('context-request', this.#provideHost);
  }

  /** The host's current data and environment (undefined until the host is known). */
  get snapshot(): HostSnapshot | undefined {
    return this.host?.snapshot;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.host) void this.#connectHost();
    else {
      this.#listen();
      this.#startHeight();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#stopHeight?.();
    this.#stopHeight = undefined;
  }

  /** Speaks `message` politely through the widget's live region. */
  announce(message: string): void {
    this.announcer.announce(message);
  }

  /**
   * Calls a tool through the host. A result with `structuredContent` becomes the view; a domain
   * error (`isError`) is returned for the widget to show; a failed call (host or network) shows
   * the error view with a retry and resolves with null. Widget state (drafts) is never touched.
   */
  protected async callTool(name: string, args: JsonObject = {}): Promise<ToolResult | null> {
    if (!this.host) return null;
    this.busy = true;
    this.failure = null;
    try {
      const result = await this.host.callTool(name, args);
      if (!result.isError && result.structuredContent) {
        this.view = result.structuredContent;
        this.viewMeta = result._meta;
      }
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.failure = { message, retry: () => void this.callTool(name, args) };
      this.announce(`Error: ${message}`);
      return null;
    } finally {
      this.busy = false;
    }
  }

  /** Renders the data view. */
  protected abstract renderView(view: JsonObject): TemplateResult;

  /** Renders the view shown when there is no data and no tool is running. */
  protected renderEmpty(): TemplateResult {
    return emptyView('Nothing to show yet', 'Ask the assistant to start, and the result will appear here.');
  }

  /** Renders the loading skeleton (override for a widget-shaped one). */
  protected renderLoading(): TemplateResult {
    return loadingView();
  }

  protected override render(): TemplateResult {
    return html`${this.announcer.region()}${this.#renderBody()}`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('host')) {
      this.#listen();
      for (const consumer of this.#consumers) consumer(this.host, () => this.#consumers.delete(consumer));
      this.#startHeight();
    }
    const snapshot = this.snapshot;
    if (snapshot && snapshot.toolOutput !== this.#hostOutput) {
      // The host sent a new tool result: it is the view now.
      this.#hostOutput = snapshot.toolOutput;
      this.view = snapshot.toolOutput;
      this.viewMeta = snapshot.toolResponseMetadata;
    }
  }

  protected override updated(_changed: PropertyValues<this>): void {
    const snapshot = this.snapshot;
    if (snapshot && snapshot !== this.#themedSnapshot) {
      this.#themedSnapshot = snapshot;
      applyHostTheme(this, snapshot);
    }
  }

  protected override firstUpdated(): void {
    this.announcer.attach(this.renderRoot.querySelector<HTMLElement>('[part="announcer"]'));
  }

  #renderBody(): TemplateResult {
    const snapshot = this.snapshot;
    if (this.failure) return errorView(this.failure.message, { label: 'Try again', onClick: this.failure.retry });
    if (!snapshot) return this.renderLoading();
    if (this.view) return this.renderView(this.view);
    if (snapshot.toolCancelled) {
      return emptyView('Cancelled', `The request was cancelled (${snapshot.toolCancelled.reason}). Ask again to see a result.`);
    }
    if (snapshot.toolInput) return this.renderLoading();
    return this.renderEmpty();
  }

  async #connectHost(): Promise<void> {
    const options = { transport: this.transport, standalone: this.serverUrl ? { serverUrl: this.serverUrl } : {} };
    let host: Host;
    try {
      // Known at once on a plain page or in ChatGPT: the first render shows the data, not a skeleton.
      const now = knownHost(options);
      if (now) {
        this.host = now;
        return;
      }
      host = await detectHost(options);
    } catch (error) {
      // No host this bundle can speak to (or the handshake failed): say so, offer a retry.
      if (this.isConnected && !this.host) {
        const message = error instanceof Error ? error.message : String(error);
        this.failure = { message: `Could not connect to the host. ${message}`, retry: () => this.#retryConnect() };
      }
      return;
    }
    if (this.host || !this.isConnected) {
      if (this.host !== host) host.dispose();
      return;
    }
    this.host = host;
  }

  /** Re-renders on every change of the host's snapshot. */
  #listen(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = this.isConnected ? this.host?.subscribe(() => this.requestUpdate()) : undefined;
  }

  /**
   * Answers elements inside that ask for the host ({@link hostContext}, the Context Community
   * Protocol that @lit/context's consumers speak), now and, if they subscribe, on every change.
   * Written out rather than a ContextProvider so a widget with no inner elements ships no context code.
   */
  #provideHost = (event: Event) => {
    const request = event as ContextEvent<typeof hostContext>;
    if (request.context !== hostContext) return;
    event.stopPropagation();
    const callback = request.callback;
    const unsubscribe = () => this.#consumers.delete(callback);
    if (request.subscribe) this.#consumers.add(callback);
    callback(this.host, unsubscribe);
  };

  #retryConnect(): void {
    this.failure = null;
    void this.#connectHost();
  }

  #startHeight(): void {
    this.#stopHeight?.();
    this.#stopHeight = undefined;
    if (this.isConnected && this.host?.capabilities.notifyIntrinsicHeight) {
      this.#stopHeight = observeHeight(this, this.host);
    }
  }
}

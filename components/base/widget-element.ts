import { html, LitElement, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { observeHeight } from '../host/auto-height.ts';
import { errorMessage } from '../host/base-host.ts';
import { WITH_STANDALONE } from '../host/built-in.ts';
import { detectHost, knownHost, releaseHost, type HostOptions } from '../host/index.ts';
import { applyHostTheme } from '../host/theme.ts';
import type { Host, HostSnapshot, JsonObject, ToolResult, TransportKind } from '../host/types.ts';
import { Announcer, ANNOUNCE_EVENT } from './announcer.ts';
import { emptyView, errorView, loadingView, stateViewStyles } from './state-views.ts';
import { tokens } from './tokens.ts';

/** Options of {@link SkyWidgetElement.callTool}. */
export interface CallOptions {
  /** Whether a successful result's view becomes the widget's main view (default true). */
  view?: boolean;
}

/**
 * Answers the elements inside a widget root that ask for its host (host-context.ts installs it on
 * {@link SkyWidgetElement.hostProvider}).
 */
export interface HostProvider {
  /** A `context-request` event reached the root. */
  request(root: SkyWidgetElement, event: Event): void;
  /** The root's host changed. */
  changed(root: SkyWidgetElement): void;
}

/**
 * The base of every Skylit widget root (`<sky-chess-board>`, `<sky-list-detail>`, …). It gets the
 * frame's host (or takes the one a page gives), provides it to the elements inside, applies the
 * host's theme and motion preference, reports its height, owns the widget's live region, checks every
 * view against the widget's contract, and chooses between the loading, empty, error and data views.
 *
 * A widget implements `renderView()` (and may override `renderEmpty()`, `renderLoading()` and the
 * static `checkView()`); it calls tools through controllers such as `ToolCall` and
 * `OptimisticWrite` (each with its own result, in-flight flag and error, shown next to its action),
 * and speaks through `announce()`. The full error view appears only when there is nothing else to show.
 *
 * @attr transport - Force a transport: `openai`, `mcp-apps` or `standalone` (default: detect).
 * @attr server-url - Standalone only: the MCP endpoint tool calls go to.
 * @csspart announcer - The visually hidden live region.
 * @csspart loading - The loading skeleton.
 * @csspart empty - The empty view.
 * @csspart error - The error view.
 * @csspart notice - A failure shown next to the action that failed.
 * @csspart action - The action button of the empty and error views.
 */
export abstract class SkyWidgetElement extends LitElement {
  static override properties: PropertyDeclarations = {
    host: { attribute: false },
    transport: {},
    serverUrl: { attribute: 'server-url' },
    view: { state: true },
    viewMeta: { state: true },
    failure: { state: true },
    busy: { state: true },
  };
  static override styles = [tokens, stateViewStyles];

  /**
   * @internal Set by host-context.ts, which every element that asks for the host imports: a bundle
   * whose widgets have no such element inside ships no provider.
   */
  static hostProvider: HostProvider | undefined;

  /**
   * Checks a view (a tool's `structuredContent`) against this widget's contract. Returns what is
   * wrong with it, in words, or null when the widget can show it. A host or another server can send
   * anything; a view that fails is never rendered (the widget says what was wrong instead).
   */
  static checkView(_view: JsonObject): string | null {
    return null;
  }

  /** The host bridge. Set it to give one; otherwise the widget uses its frame's host. */
  declare host: Host | undefined;
  declare transport: TransportKind | undefined;
  declare serverUrl: string | undefined;
  /** The main view: the latest `structuredContent`, from the host or from this widget's own calls. */
  protected declare view: JsonObject | null;
  /** `_meta` that came with {@link view}. */
  protected declare viewMeta: JsonObject | null;
  /** Why there is nothing to show (a failed connection, a failed call, a view the widget cannot show), with a retry. */
  protected declare failure: { message: string; retry?: () => void } | null;
  /** True while at least one tool call of this widget is under way. */
  protected declare busy: boolean;

  protected readonly announcer = new Announcer();
  #hostOutput: JsonObject | null = null;
  #inFlight = 0;
  /** True when the host came from `knownHost`/`detectHost` (and goes back with `releaseHost`). */
  #sharedHost = false;
  /** Stops following the host (see `#follow`). */
  #unfollow: (() => void) | undefined;

  constructor() {
    super();
    this.view = null;
    this.viewMeta = null;
    this.failure = null;
    this.busy = false;
    this.addEventListener(ANNOUNCE_EVENT, (event) => this.announce(String((event as CustomEvent).detail)));
    this.addEventListener('context-request', (event) => SkyWidgetElement.hostProvider?.request(this, event));
  }

  /** The host's current data and environment (undefined until the host is known). */
  get snapshot(): HostSnapshot | undefined {
    return this.host?.snapshot;
  }

  /** True when the widget has a view to show (so a failure is shown next to its action). */
  get hasView(): boolean {
    return this.view !== null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.host) this.#follow();
    else void this.#connectHost();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#follow(); // not connected now: only stops following
    // Give the frame's host back, unless this was a move (disconnected and connected again at once).
    queueMicrotask(() => {
      if (this.isConnected || !this.#sharedHost || !this.host) return;
      releaseHost(this.host);
      this.#sharedHost = false;
      this.host = undefined;
    });
  }

  /** Speaks `message` politely through the widget's live region. */
  announce(message: string): void {
    this.announcer.announce(message);
  }

  /**
   * Calls a tool through the host. Resolves with the tool's result (a tool's own error is a result
   * with `isError`); rejects when the host or the network fails. A successful result whose view this
   * widget can show becomes the main view (unless `view: false`); one it cannot show rejects with
   * what was wrong. Widget state (drafts) is never touched.
   */
  async callTool(name: string, args: JsonObject = {}, options: CallOptions = {}): Promise<ToolResult> {
    if (!this.host) throw new Error('The widget is not connected to a host yet.');
    this.#inFlight++;
    this.busy = true;
    try {
      const result = await this.host.callTool(name, args);
      const view = result.structuredContent;
      if (view && !result.isError && (options.view ?? true) && !this.adoptView(view, result._meta)) throw new Error(this.#check(view)!);
      return result;
    } finally {
      this.busy = --this.#inFlight > 0;
    }
  }

  /**
   * Makes a view the main view, with its `_meta`, if this widget can show it (for controllers: a
   * conflict's current record). Returns false, and changes nothing, when it cannot.
   */
  adoptView(view: JsonObject, meta: JsonObject | null): boolean {
    if (this.#check(view)) return false;
    this.view = view;
    this.viewMeta = meta;
    this.failure = null;
    return true;
  }

  /**
   * Shows a failure. With a view on screen it is only spoken (the caller shows it next to its
   * action); with nothing to show it becomes the error view, with the retry.
   */
  reportFailure(message: string, retry?: () => void): void {
    this.announce(`Error: ${message}`);
    if (!this.hasView) this.failure = { message, retry };
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
      this.#follow();
      SkyWidgetElement.hostProvider?.changed(this);
    }
    const snapshot = this.snapshot;
    if (snapshot && snapshot.toolOutput !== this.#hostOutput) {
      // The host sent a new tool result: it is the view now, if the widget can show it.
      this.#hostOutput = snapshot.toolOutput;
      const problem = snapshot.toolOutput && this.#check(snapshot.toolOutput);
      if (problem) {
        this.view = null;
        this.failure = { message: problem };
      } else {
        this.view = snapshot.toolOutput;
        this.viewMeta = snapshot.toolResponseMetadata;
        if (this.view) this.failure = null;
      }
    }
  }

  protected override firstUpdated(): void {
    this.announcer.attach(this.renderRoot.querySelector<HTMLElement>('[part="announcer"]'));
  }

  #renderBody(): TemplateResult {
    const snapshot = this.snapshot;
    if (this.failure && !this.view) {
      const { message, retry } = this.failure;
      return errorView(message, retry ? { label: 'Try again', onClick: retry } : undefined);
    }
    if (!snapshot) return this.renderLoading();
    if (this.view) return this.renderView(this.view);
    if (snapshot.toolCancelled) {
      return emptyView('Cancelled', `The request was cancelled (${snapshot.toolCancelled.reason}). Ask again to see a result.`);
    }
    if (snapshot.toolInput && !snapshot.toolOutput) return this.renderLoading();
    return this.renderEmpty();
  }

  /** What is wrong with a view for this widget, as a sentence a person can act on, or null. */
  #check(view: JsonObject): string | null {
    let problem: string | null;
    try {
      problem = (this.constructor as typeof SkyWidgetElement).checkView(view);
    } catch (error) {
      problem = errorMessage(error);
    }
    return problem && `This ${this.localName} received data it cannot show: ${problem}.`;
  }

  async #connectHost(): Promise<void> {
    const options: HostOptions = { transport: this.transport };
    if (WITH_STANDALONE) {
      // On a plain page each root has its own host; its saved state is scoped by the root's id or place.
      const stateScope = this.id || String([...document.querySelectorAll(this.localName)].indexOf(this));
      options.standalone = { stateScope, serverUrl: this.serverUrl };
    }
    let host: Host;
    try {
      // Known at once on a plain page or in ChatGPT (no await: the first render shows the data, not a skeleton).
      host = knownHost(options) ?? (await detectHost(options));
    } catch (error) {
      // No host this bundle can speak to (or the handshake failed): say so, offer a retry.
      if (this.isConnected && !this.host) {
        this.failure = {
          message: `Could not connect to the host. ${errorMessage(error)}`,
          retry: () => {
            this.failure = null;
            void this.#connectHost();
          },
        };
      }
      return;
    }
    // Connected meanwhile to another host, or gone: give it back.
    if (this.host || !this.isConnected) return releaseHost(host);
    this.#sharedHost = true;
    this.host = host;
  }

  /**
   * While connected to a host: carries its theme, motion preference and style variables (the tokens
   * key off them), re-renders on every change of its snapshot, and reports the height. Stops what an
   * earlier call started.
   */
  #follow(): void {
    this.#unfollow?.();
    this.#unfollow = undefined;
    const host = this.host;
    if (!host || !this.isConnected) return;
    applyHostTheme(this, host.snapshot);
    const unsubscribe = host.subscribe((snapshot) => {
      applyHostTheme(this, snapshot);
      this.requestUpdate();
    });
    const stopHeight = host.capabilities.notifyIntrinsicHeight ? observeHeight(this, host) : undefined;
    this.#unfollow = () => {
      unsubscribe();
      stopHeight?.();
    };
  }
}

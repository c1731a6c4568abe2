import { asObject, BaseHost, checkWidgetStateSize, isObject } from './base-host.ts';
import { normalizeToolResult, VIEW_ID_META_KEY, widgetIdOf } from './results.ts';
import { CARRIES_FOLLOW_UP, CARRIES_OPEN_EXTERNAL, CARRIES_MODEL_CONTEXT, CARRIES_READ_RESOURCE } from './built-in.ts';
import { StoredWidgetState } from './stored-state.ts';
import { HostRequestError, type DisplayMode, type HostCapabilities, type HostSnapshot, type JsonObject, type ToolResult } from './types.ts';

/** The MCP Apps protocol version this bridge speaks (SEP-1865). */
export const MCP_APPS_PROTOCOL_VERSION = '2026-01-26';

export interface McpAppsOptions {
  /** Name and version the widget reports in `ui/initialize`. */
  appInfo?: { name: string; version: string };
  /** How long a request may wait for the host's answer (ms). `tools/call` gets 4× this. Default 15000. */
  requestTimeoutMs?: number;
  /** How long `ui/initialize` may wait (ms). Default: `requestTimeoutMs`. */
  handshakeTimeoutMs?: number;
  /** The window the host speaks from. Default `window.parent`; only its messages are accepted. */
  hostWindow?: Window;
}

/** Settles a request under way: with the host's answer, or with why there is none (a timeout, a disposed bridge). */
type Settle = (answer: JsonObject | string) => void;

type HostContext = JsonObject & {
  theme?: string;
  displayMode?: string;
  availableDisplayModes?: string[];
  locale?: string;
  platform?: string;
  containerDimensions?: { height?: number; maxHeight?: number };
  deviceCapabilities?: { hover?: boolean; touch?: boolean };
  safeAreaInsets?: HostSnapshot['safeArea'];
  styles?: { variables?: Record<string, string | undefined> };
  reducedMotion?: boolean;
  toolInfo?: { id?: string | number };
};

/**
 * The MCP Apps transport (the widget side of `ui/*` JSON-RPC over postMessage), written by hand so
 * the bundle stays small. Starts listening at construction, so nothing the host sends before a
 * component subscribes is lost: it is all in the snapshot. `ready` settles after the handshake.
 */
export class McpAppsHost extends BaseHost {
  readonly kind = 'mcp-apps';
  /** What the host answered to `ui/initialize` (hostInfo, hostCapabilities, …). */
  hostInfo: JsonObject | null = null;

  readonly #hostWindow: Window;
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, Settle>();
  #nextId = 1;
  #context: HostContext = {};
  readonly #stored = new StoredWidgetState();

  constructor(options: McpAppsOptions = {}) {
    super();
    this.#hostWindow = options.hostWindow ?? window.parent;
    this.#timeoutMs = options.requestTimeoutMs ?? 15000;
    window.addEventListener('message', this.#onMessage);
    this.ready = this.#initialize(
      options.appInfo ?? { name: 'skylit-widget', version: '0.1.0' },
      options.handshakeTimeoutMs ?? this.#timeoutMs,
    );
  }

  override async callTool(name: string, args: JsonObject = {}): Promise<ToolResult> {
    return normalizeToolResult(await this.#ask('callTool', 'tools/call', { name, arguments: args }, this.#timeoutMs * 4));
  }

  /** Kept by the bridge (MCP Apps has no widget state) and mirrored to the model. */
  override async setWidgetState(state: JsonObject): Promise<void> {
    checkWidgetStateSize(state);
    this.#stored.save(state);
    this.patch({ widgetState: state });
    if (this.capabilities.updateModelContext) {
      await this.#request('ui/update-model-context', { structuredContent: { widgetState: state } });
    }
  }

  override async requestDisplayMode(mode: DisplayMode): Promise<DisplayMode> {
    const result = await this.#ask('requestDisplayMode', 'ui/request-display-mode', { mode });
    const granted = (typeof result.mode === 'string' ? result.mode : this.snapshot.displayMode) as DisplayMode;
    this.patch({ displayMode: granted });
    return granted;
  }

  override async sendFollowUpMessage(prompt: string): Promise<void> {
    if (!CARRIES_FOLLOW_UP) return this.unsupported('sendFollowUpMessage');
    failIfError('ui/message', await this.#ask('sendFollowUpMessage', 'ui/message', { role: 'user', content: [{ type: 'text', text: prompt }] }));
  }

  override async openExternal(href: string): Promise<void> {
    if (!CARRIES_OPEN_EXTERNAL) return this.unsupported('openExternal');
    failIfError('ui/open-link', await this.#ask('openExternal', 'ui/open-link', { url: href }));
  }

  override notifyIntrinsicHeight(height: number): void {
    this.#notify('ui/notifications/size-changed', { height: Math.ceil(height) });
  }

  override async updateModelContext(context: { text?: string; structuredContent?: JsonObject }): Promise<void> {
    if (!CARRIES_MODEL_CONTEXT) return this.unsupported('updateModelContext');
    const params: JsonObject = {};
    if (context.text !== undefined) params.content = [{ type: 'text', text: context.text }];
    if (context.structuredContent) params.structuredContent = context.structuredContent;
    await this.#ask('updateModelContext', 'ui/update-model-context', params);
  }

  override async readResource(uri: string): Promise<{ contents: JsonObject[] }> {
    if (!CARRIES_READ_RESOURCE) return this.unsupported('readResource');
    const result = await this.#ask('readResource', 'resources/read', { uri });
    return { contents: Array.isArray(result.contents) ? result.contents.filter(isObject) : [] };
  }

  override async close(): Promise<void> {
    this.#notify('ui/notifications/request-teardown');
  }

  override dispose(): void {
    window.removeEventListener('message', this.#onMessage);
    for (const settle of this.#pending.values()) settle('The request was abandoned: the widget was disposed.');
    super.dispose();
  }

  /** A request for an action of the host: rejected as unsupported when the host lacks `capability`. */
  #ask(capability: keyof HostCapabilities, method: string, params: JsonObject, timeoutMs?: number): Promise<JsonObject> {
    return this.capabilities[capability] ? this.#request(method, params, timeoutMs) : this.unsupported(capability);
  }

  /** Sends a JSON-RPC request to the host; resolves with its result, rejects with a clear Error. */
  #request(method: string, params: JsonObject, timeoutMs = this.#timeoutMs): Promise<JsonObject> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => settle(`The host did not answer ${method} within ${timeoutMs} ms.`), timeoutMs);
      const settle: Settle = (answer) => {
        clearTimeout(timer);
        this.#pending.delete(id);
        if (typeof answer === 'string') return reject(new HostRequestError(answer, method));
        const { error } = answer;
        if (!isObject(error)) return resolve(asObject(answer.result) ?? {});
        const text = typeof error.message === 'string' ? error.message : 'unknown error';
        reject(new HostRequestError(`The host refused ${method}: ${text}`, method, typeof error.code === 'number' ? error.code : undefined, error.data));
      };
      this.#pending.set(id, settle);
      this.#post({ id, method, params });
    });
  }

  /** Sends a JSON-RPC notification to the host. */
  #notify(method: string, params: JsonObject = {}): void {
    this.#post({ method, params });
  }

  async #initialize(appInfo: { name: string; version: string }, timeoutMs: number): Promise<void> {
    const params = {
      appInfo,
      appCapabilities: { availableDisplayModes: ['inline', 'fullscreen'] },
      protocolVersion: MCP_APPS_PROTOCOL_VERSION,
    };
    const result = await this.#request('ui/initialize', params, timeoutMs);
    this.hostInfo = result;
    const caps = asObject(result.hostCapabilities) ?? {};
    this.capabilities = {
      callTool: 'serverTools' in caps,
      hostWidgetState: false,
      requestDisplayMode: true,
      sendFollowUpMessage: 'message' in caps,
      openExternal: 'openLinks' in caps,
      notifyIntrinsicHeight: true,
      updateModelContext: 'updateModelContext' in caps,
      close: true,
      readResource: 'serverResources' in caps,
    };
    this.#mergeContext(asObject(result.hostContext) ?? {});
    this.#notify('ui/notifications/initialized');
  }

  #onMessage = (event: MessageEvent) => {
    // Only the host window may speak to us; everything else (other frames, extensions) is ignored.
    if (event.source !== this.#hostWindow) return;
    const message: unknown = event.data;
    if (!isObject(message) || message.jsonrpc !== '2.0') return;
    const { id, method } = message;
    if (typeof method === 'string') {
      const params = asObject(message.params) ?? {};
      if (id === undefined) this.#onNotification(method, params);
      else void this.#onRequest(id, method);
    } else if (typeof id === 'number') {
      this.#pending.get(id)?.(message);
    }
  };

  /** Answers the host's requests: teardown (after the teardown handlers ran) and ping. */
  async #onRequest(id: unknown, method: string): Promise<void> {
    const teardown = method === 'ui/resource-teardown';
    if (teardown) await this.runTeardown();
    this.#post(teardown || method === 'ping' ? { id, result: {} } : { id, error: { code: -32601, message: `Method not found: ${method}` } });
  }

  #onNotification(method: string, params: JsonObject): void {
    switch (method) {
      case 'ui/notifications/tool-input':
        this.patch({ toolInput: asObject(params.arguments), toolInputPartial: false, toolCancelled: null });
        break;
      case 'ui/notifications/tool-input-partial':
        this.patch({ toolInput: asObject(params.arguments), toolInputPartial: true });
        break;
      case 'ui/notifications/tool-result': {
        const result = normalizeToolResult(params);
        const viewId = result._meta?.[VIEW_ID_META_KEY];
        const changes: Partial<HostSnapshot> = {
          toolOutput: result.structuredContent,
          toolResponseMetadata: result._meta,
          toolInputPartial: false,
          toolCancelled: null,
        };
        if (typeof viewId === 'string' && viewId) {
          // Scoped by the tool call that opened this frame: two frames of one view keep their own drafts.
          changes.widgetState = this.#stored.load(viewId, widgetIdOf(result._meta), this.snapshot.widgetSessionId) ?? this.snapshot.widgetState;
        }
        this.patch(changes);
        break;
      }
      case 'ui/notifications/tool-cancelled':
        this.patch({ toolCancelled: { reason: typeof params.reason === 'string' ? params.reason : 'cancelled' } });
        break;
      case 'ui/notifications/host-context-changed':
        this.#mergeContext(params);
        break;
    }
  }

  /** Host context arrives whole at initialize, then as partial updates: merge, then map. */
  #mergeContext(update: JsonObject): void {
    const context: HostContext = { ...this.#context, ...update };
    this.#context = context;
    const changes: Partial<HostSnapshot> = {};
    if (context.theme === 'light' || context.theme === 'dark') changes.theme = context.theme;
    if (context.displayMode === 'inline' || context.displayMode === 'fullscreen' || context.displayMode === 'pip') {
      changes.displayMode = context.displayMode;
    }
    if (typeof context.locale === 'string' && context.locale) changes.locale = context.locale;
    const box = context.containerDimensions;
    if (isObject(box)) changes.maxHeight = box.maxHeight ?? box.height;
    if (isObject(context.safeAreaInsets)) changes.safeArea = context.safeAreaInsets;
    changes.userAgent = {
      device: context.platform ?? this.snapshot.userAgent.device,
      hover: context.deviceCapabilities?.hover ?? this.snapshot.userAgent.hover,
      touch: context.deviceCapabilities?.touch ?? this.snapshot.userAgent.touch,
    };
    const variables = context.styles?.variables;
    if (isObject(variables)) {
      changes.styleVariables = Object.fromEntries(
        Object.entries(variables).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
    }
    if (Array.isArray(context.availableDisplayModes)) {
      this.capabilities = { ...this.capabilities, requestDisplayMode: context.availableDisplayModes.length > 1 };
    }
    const callId = context.toolInfo?.id;
    changes.widgetSessionId = typeof callId === 'string' || typeof callId === 'number' ? String(callId) : null;
    this.hostReducedMotion = context.reducedMotion === true;
    this.patch(changes);
  }

  /** Posts a JSON-RPC 2.0 message to the host. */
  #post(message: JsonObject): void {
    // The host frame's origin is opaque to a sandboxed widget, so '*' is the only target that works;
    // replies go to that one window only, and nothing secret is ever sent.
    this.#hostWindow.postMessage({ jsonrpc: '2.0', ...message }, '*');
  }
}

function failIfError(method: string, result: JsonObject): void {
  if (result.isError === true) throw new HostRequestError(`The host could not complete ${method}.`, method);
}

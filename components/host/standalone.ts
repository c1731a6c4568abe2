import { BaseHost, checkWidgetStateSize, isObject } from './base-host.ts';
import { normalizeToolResult, VIEW_ID_META_KEY, widgetIdOf } from './results.ts';
import { StoredWidgetState } from './stored-state.ts';
import { HostRequestError, type DisplayMode, type HostSnapshot, type JsonObject, type ToolResult } from './types.ts';

/** Answers a tool call on the page itself (tests, Storybook, a demo): any result-like value. */
export type ToolHandler = (name: string, args: JsonObject) => unknown;

export interface StandaloneOptions extends Partial<Omit<HostSnapshot, 'reducedMotion'>> {
  /** Answers tool calls on the page. Takes precedence over `serverUrl`. */
  callTool?: ToolHandler;
  /** Or: an MCP server endpoint (Streamable HTTP, stateless, JSON responses), called with plain fetch. */
  serverUrl?: string;
  /** Extra request headers for `serverUrl` (e.g. an API key of the page's own). */
  headers?: Record<string, string>;
  /** Reduced motion asked by the page, on top of the OS preference. */
  reducedMotion?: boolean;
  /** Tells this widget's saved state apart from another instance of the same view on the page (its id, or its place). */
  stateScope?: string;
}

/**
 * The transport for an ordinary page, Storybook and tests: the page sets data like properties
 * (`set()`), and tool calls go to a function the page gives or to an MCP server URL.
 * Widget state is kept in storage by view id, like MCP Apps.
 */
export class StandaloneHost extends BaseHost {
  readonly kind = 'standalone';
  readonly #stored = new StoredWidgetState();
  #nextId = 1;

  readonly #options: StandaloneOptions;

  constructor(options: StandaloneOptions = {}) {
    super();
    this.#options = options;
    const canCall = Boolean(options.callTool || options.serverUrl);
    this.capabilities = {
      callTool: canCall,
      hostWidgetState: false,
      requestDisplayMode: true,
      sendFollowUpMessage: false,
      openExternal: true,
      notifyIntrinsicHeight: false,
      updateModelContext: false,
      close: false,
      readResource: Boolean(options.serverUrl),
    };
    const { callTool: _c, serverUrl: _s, headers: _h, stateScope: _k, ...data } = options;
    this.set(data);
  }

  /** Sets host data as a page would set properties; listeners are told. */
  set(data: Partial<Omit<HostSnapshot, 'reducedMotion'>> & { reducedMotion?: boolean }): void {
    const { reducedMotion, ...changes } = data;
    if (reducedMotion !== undefined) this.hostReducedMotion = reducedMotion;
    const viewId = changes.toolResponseMetadata?.[VIEW_ID_META_KEY];
    if (typeof viewId === 'string' && viewId && !('widgetState' in changes)) {
      changes.widgetState = this.#stored.load(viewId, widgetIdOf(changes.toolResponseMetadata), this.#options.stateScope) ?? this.snapshot.widgetState;
    }
    this.patch(changes);
  }

  /** Shows a tool result as the view, as a chat host does after a tool call. */
  showResult(result: ToolResult): void {
    this.set({ toolOutput: result.structuredContent, toolResponseMetadata: result._meta, toolCancelled: null });
  }

  override async callTool(name: string, args: JsonObject = {}): Promise<ToolResult> {
    if (this.#options.callTool) return normalizeToolResult(await this.#options.callTool(name, args));
    if (this.#options.serverUrl) return normalizeToolResult(await this.#rpc('tools/call', { name, arguments: args }));
    return this.unsupported('callTool');
  }

  override async setWidgetState(state: JsonObject): Promise<void> {
    checkWidgetStateSize(state);
    this.#stored.save(state);
    this.patch({ widgetState: state });
  }

  override async requestDisplayMode(mode: DisplayMode): Promise<DisplayMode> {
    this.patch({ displayMode: mode });
    return mode;
  }

  override async openExternal(href: string): Promise<void> {
    window.open(href, '_blank', 'noopener,noreferrer');
  }

  override async readResource(uri: string): Promise<{ contents: JsonObject[] }> {
    if (!this.#options.serverUrl) return this.unsupported('readResource');
    const result = await this.#rpc('resources/read', { uri });
    return { contents: Array.isArray(result.contents) ? result.contents.filter(isObject) : [] };
  }

  override sendFollowUpMessage(): Promise<void> {
    return this.unsupported('sendFollowUpMessage');
  }

  /** Nothing to size on a plain page. */
  override notifyIntrinsicHeight(): void {}

  override updateModelContext(): Promise<void> {
    return this.unsupported('updateModelContext');
  }

  override close(): Promise<void> {
    return this.unsupported('close');
  }

  /** One JSON-RPC request to a stateless Streamable HTTP MCP endpoint. */
  async #rpc(method: string, params: JsonObject): Promise<JsonObject> {
    const url = this.#options.serverUrl!;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': '2025-06-18',
          ...this.#options.headers,
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: this.#nextId++, method, params }),
      });
    } catch (error) {
      throw new HostRequestError(`Could not reach the MCP server at ${url}: ${(error as Error).message}`, method);
    }
    const body = await readRpcBody(response);
    if (!response.ok && !body) {
      throw new HostRequestError(`The MCP server at ${url} answered ${method} with HTTP ${response.status}.`, method);
    }
    if (isObject(body?.error)) {
      const message = typeof body.error.message === 'string' ? body.error.message : 'unknown error';
      const code = typeof body.error.code === 'number' ? body.error.code : undefined;
      throw new HostRequestError(`The MCP server refused ${method}: ${message}`, method, code, body.error.data);
    }
    if (!body || !isObject(body.result)) {
      throw new HostRequestError(`The MCP server sent no JSON-RPC result for ${method}.`, method);
    }
    return body.result;
  }
}

/** Reads a JSON-RPC response sent as JSON or as a single server-sent event. */
async function readRpcBody(response: Response): Promise<JsonObject | null> {
  const text = await response.text().catch(() => '');
  const type = response.headers.get('content-type') ?? '';
  const json = type.includes('text/event-stream')
    ? text
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
        .pop()
    : text;
  try {
    const value: unknown = json ? JSON.parse(json) : null;
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

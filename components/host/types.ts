/**
 * The host bridge contract: what a Skylit component may know about the chat host it runs in.
 * One `Host` interface; three transports implement it (openai, mcp-apps, standalone).
 * Components read `host.snapshot`, subscribe to changes, and call the actions; nothing else in
 * Skylit touches `window.openai` or `postMessage`.
 */

export type Theme = 'light' | 'dark';
export type DisplayMode = 'inline' | 'fullscreen' | 'pip';
export type TransportKind = 'openai' | 'mcp-apps' | 'standalone';

export interface SafeArea {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface UserAgentInfo {
  /** e.g. "mobile" | "tablet" | "desktop" | "unknown" (openai), "web" | "desktop" | "mobile" (MCP Apps). */
  device: string;
  hover: boolean;
  touch: boolean;
}

/** A JSON object. Tool input, tool output and widget state are always plain JSON objects. */
export type JsonObject = Record<string, unknown>;

/** The host's data and environment at one moment. Replaced (never mutated) on every change. */
export interface HostSnapshot {
  /** Arguments of the tool call that produced this view (may arrive before the result). */
  toolInput: JsonObject | null;
  /** True while the host streams partial tool input (MCP Apps `tool-input-partial`). */
  toolInputPartial: boolean;
  /** The view: `structuredContent` of the latest tool result. */
  toolOutput: JsonObject | null;
  /** Widget-only detail: `_meta` of the latest tool result. */
  toolResponseMetadata: JsonObject | null;
  /** Tier-1 UI state (selection, drafts, …). Never secrets. */
  widgetState: JsonObject | null;
  /** Set when the host cancelled the tool call that feeds this view. */
  toolCancelled: { reason: string } | null;
  theme: Theme;
  displayMode: DisplayMode;
  /** Largest height the host gives the widget, in CSS px (undefined: no limit known). */
  maxHeight: number | undefined;
  safeArea: SafeArea;
  locale: string;
  userAgent: UserAgentInfo;
  /** True when the OS asks for reduced motion or the host does. */
  reducedMotion: boolean;
  /** Host style variables (MCP Apps `styles.variables`), already mapped onto `--sky-*` by theme.ts. */
  styleVariables: Record<string, string>;
  /**
   * Names this instance of the widget in the conversation, stable across its re-renders: ChatGPT's
   * `_meta["openai/widgetSessionId"]`, MCP Apps' id of the tool call that opened it (host context
   * `toolInfo.id`); null on a plain page. Not a secret and not a user id.
   */
  widgetSessionId: string | null;
}

/** What a host can do. An action whose flag is false resolves or rejects with a clear message, never crashes. */
export interface HostCapabilities {
  callTool: boolean;
  /** True when widget state persists in the host itself (openai); false when Skylit keeps it in storage. */
  hostWidgetState: boolean;
  requestDisplayMode: boolean;
  sendFollowUpMessage: boolean;
  openExternal: boolean;
  notifyIntrinsicHeight: boolean;
  updateModelContext: boolean;
  close: boolean;
  readResource: boolean;
  /** True when the host takes files for tools itself (ChatGPT's `uploadFile`); elsewhere a widget sends a file's bytes. */
  uploadFile?: boolean;
}

/** A file the host took (`Host.uploadFile`): its id and, when the host gives one, where the server fetches it. */
export interface HostFile {
  fileId: string;
  downloadUrl?: string;
}

/** A tool result as every host returns it after normalization. */
export interface ToolResult {
  structuredContent: JsonObject | null;
  content: ContentBlock[];
  _meta: JsonObject | null;
  isError: boolean;
}

export interface ContentBlock {
  type: string;
  text?: string;
  [key: string]: unknown;
}

export type HostListener = (snapshot: HostSnapshot, previous: HostSnapshot) => void;

/** The one seam between Skylit components and the world. */
export interface Host {
  /** Which transport this is. */
  readonly kind: TransportKind;
  readonly capabilities: Readonly<HostCapabilities>;
  /** Current data and environment. */
  readonly snapshot: HostSnapshot;
  /** Resolves once the transport is connected (MCP Apps: after `ui/initialize`). */
  readonly ready: Promise<void>;
  /**
   * Calls `listener` on every change. The returned function unsubscribes.
   * A listener added late still sees everything: the snapshot holds all the host sent before.
   */
  subscribe(listener: HostListener): () => void;

  /** Calls a tool on the widget's MCP server through the host. Rejects on transport failure; a tool error resolves with `isError: true`. */
  callTool(name: string, args?: JsonObject): Promise<ToolResult>;
  /** Persists tier-1 UI state. Rejects if the JSON is over the size guard (~16 KB). */
  setWidgetState(state: JsonObject): Promise<void>;
  /** Asks for a display mode; resolves with the mode the host granted. */
  requestDisplayMode(mode: DisplayMode): Promise<DisplayMode>;
  /** Posts a message into the conversation as the user. */
  sendFollowUpMessage(prompt: string): Promise<void>;
  /** Opens a link outside the widget. */
  openExternal(href: string): Promise<void>;
  /** Hands a file to the host for a tool to read (only where `capabilities.uploadFile`). */
  uploadFile?(file: File): Promise<HostFile>;
  /** Reports the content height so the host can size the frame. */
  notifyIntrinsicHeight(height: number): void;
  /** Tells the model what the user sees or did, without starting a turn. */
  updateModelContext(context: { text?: string; structuredContent?: JsonObject }): Promise<void>;
  /** Reads a resource from the widget's MCP server (MCP Apps, standalone with a server URL). */
  readResource(uri: string): Promise<{ contents: JsonObject[] }>;
  /** Asks the host to close the widget. */
  close(): Promise<void>;
  /** Runs `handler` when the host is about to remove the widget; the returned function unregisters it. */
  onTeardown(handler: () => void | Promise<void>): () => void;
  /** Stops listening to the host and releases observers. */
  dispose(): void;
}

/** Thrown (as a rejection) when a host lacks a capability. */
export class HostCapabilityError extends Error {
  constructor(
    readonly capability: keyof HostCapabilities,
    readonly transport: TransportKind,
  ) {
    super(`This host (${transport}) does not support ${capability}.`);
    this.name = 'HostCapabilityError';
  }
}

/** A JSON-RPC error from the host, or a transport timeout, as a clear Error. */
export class HostRequestError extends Error {
  constructor(
    message: string,
    readonly method: string,
    readonly code?: number,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'HostRequestError';
  }
}

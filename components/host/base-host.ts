import {
  HostCapabilityError,
  type DisplayMode,
  type Host,
  type HostCapabilities,
  type HostListener,
  type HostSnapshot,
  type JsonObject,
  type Theme,
  type ToolResult,
  type TransportKind,
} from './types.ts';

/** The widget-state size guard: larger state is refused with a clear message. */
export const MAX_WIDGET_STATE_BYTES = 16 * 1024;

const REDUCED_MOTION_QUERY = '(prefers-reduced-motion: reduce)';
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** A snapshot with nothing from a host yet: light theme, inline, the browser's locale. */
export function emptySnapshot(): HostSnapshot {
  return {
    toolInput: null,
    toolInputPartial: false,
    toolOutput: null,
    toolResponseMetadata: null,
    widgetState: null,
    toolCancelled: null,
    theme: matchMedia(DARK_QUERY).matches ? 'dark' : 'light',
    displayMode: 'inline',
    maxHeight: undefined,
    safeArea: { top: 0, right: 0, bottom: 0, left: 0 },
    locale: navigator.language || 'en',
    userAgent: { device: 'unknown', hover: matchMedia('(hover: hover)').matches, touch: navigator.maxTouchPoints > 0 },
    reducedMotion: matchMedia(REDUCED_MOTION_QUERY).matches,
    styleVariables: {},
    widgetSessionId: null,
  };
}

/**
 * What every transport shares: the snapshot and its listeners, the OS reduced-motion preference,
 * teardown handlers, and `unsupported()` (a {@link HostCapabilityError}) for the actions a transport
 * lacks. A transport sets `capabilities` and calls `patch()` as the host speaks.
 */
export abstract class BaseHost implements Host {
  // The actions: each transport implements the ones it has and answers the others with `unsupported()`.
  abstract callTool(name: string, args?: JsonObject): Promise<ToolResult>;
  abstract setWidgetState(state: JsonObject): Promise<void>;
  abstract requestDisplayMode(mode: DisplayMode): Promise<DisplayMode>;
  abstract sendFollowUpMessage(prompt: string): Promise<void>;
  abstract openExternal(href: string): Promise<void>;
  abstract notifyIntrinsicHeight(height: number): void;
  abstract updateModelContext(context: { text?: string; structuredContent?: JsonObject }): Promise<void>;
  abstract readResource(uri: string): Promise<{ contents: JsonObject[] }>;
  abstract close(): Promise<void>;

  abstract readonly kind: TransportKind;
  /** What this host can do: each transport sets every flag (none is set, so all read false, before it does). */
  capabilities = {} as HostCapabilities;
  snapshot = emptySnapshot();
  ready: Promise<void> = Promise.resolve();
  /** True once `dispose()` ran: the host hears nothing any more. */
  disposed = false;

  #listeners = new Set<HostListener>();
  #teardownHandlers = new Set<() => void | Promise<void>>();
  /** Reduced motion asked by the host itself (the OS preference is tracked separately). */
  protected hostReducedMotion = false;
  /** The theme the host gave; until it gives one, the OS color scheme decides, live. */
  #hostTheme: Theme | undefined;
  #queries = [matchMedia(REDUCED_MOTION_QUERY), matchMedia(DARK_QUERY)];
  #onMediaChange = () => this.patch({});

  constructor() {
    for (const query of this.#queries) query.addEventListener('change', this.#onMediaChange);
  }

  subscribe(listener: HostListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Runs `handler` when the host is about to remove the widget (save what must be saved). */
  onTeardown(handler: () => void | Promise<void>): () => void {
    this.#teardownHandlers.add(handler);
    return () => this.#teardownHandlers.delete(handler);
  }

  dispose(): void {
    this.disposed = true;
    for (const query of this.#queries) query.removeEventListener('change', this.#onMediaChange);
    this.#listeners.clear();
    this.#teardownHandlers.clear();
  }

  /** Merges `changes` into a new snapshot and tells every listener. */
  protected patch(changes: Partial<HostSnapshot>): void {
    const previous = this.snapshot;
    if (changes.theme) this.#hostTheme = changes.theme;
    const next = { ...previous, ...changes };
    next.theme = this.#hostTheme ?? (this.#queries[1]!.matches ? 'dark' : 'light');
    next.reducedMotion = this.hostReducedMotion || this.#queries[0]!.matches;
    this.snapshot = next;
    for (const listener of [...this.#listeners]) {
      try {
        listener(next, previous);
      } catch (error) {
        // One broken listener must not starve the others or break the transport.
        console.error('[skylit] host listener failed', error);
      }
    }
  }

  /** Runs the teardown handlers, each at most once, and waits for them. */
  protected async runTeardown(): Promise<void> {
    await Promise.allSettled([...this.#teardownHandlers].map(async (handler) => handler()));
  }

  protected unsupported<T>(capability: keyof HostCapabilities): Promise<T> {
    return Promise.reject(new HostCapabilityError(capability, this.kind));
  }
}

/** Refuses widget state over {@link MAX_WIDGET_STATE_BYTES} of JSON, with a message that says what to do. */
export function checkWidgetStateSize(state: JsonObject): void {
  const bytes = new TextEncoder().encode(JSON.stringify(state)).length;
  if (bytes > MAX_WIDGET_STATE_BYTES) {
    throw new RangeError(
      `Widget state is ${(bytes / 1024).toFixed(1)} KB of JSON; the limit is ${MAX_WIDGET_STATE_BYTES / 1024} KB. ` +
        'Keep only UI state there (selection, drafts), not data.',
    );
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` when it is a JSON object, else null (`asObject(x) ?? {}` for an empty one). */
export function asObject(value: unknown): JsonObject | null {
  return isObject(value) ? value : null;
}

/** What went wrong, in words, from anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

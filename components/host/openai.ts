import { asObject, BaseHost, checkWidgetStateSize, isObject } from './base-host.ts';
import { CARRIES_FOLLOW_UP, CARRIES_OPEN_EXTERNAL, CARRIES_UPLOAD_FILE } from './built-in.ts';
import { normalizeToolResult } from './results.ts';
import type { DisplayMode, HostFile, HostSnapshot, JsonObject, SafeArea, ToolResult } from './types.ts';

/** The globals ChatGPT sets on `window.openai` (OpenAI Apps SDK), as far as Skylit reads them. */
export interface OpenAiGlobals {
  toolInput?: unknown;
  toolOutput?: unknown;
  toolResponseMetadata?: unknown;
  widgetState?: unknown;
  theme?: string;
  locale?: string;
  displayMode?: string;
  maxHeight?: number;
  safeArea?: { insets?: Partial<SafeArea> };
  userAgent?: { device?: { type?: string }; capabilities?: { hover?: boolean; touch?: boolean } };
}

/** `window.openai`: the globals and the methods. Any method may be missing on a given host. */
export interface OpenAiApi extends OpenAiGlobals {
  callTool?: (name: string, args: JsonObject) => Promise<unknown>;
  setWidgetState?: (state: JsonObject) => Promise<void> | void;
  requestDisplayMode?: (args: { mode: DisplayMode }) => Promise<{ mode?: DisplayMode } | void>;
  sendFollowUpMessage?: (args: { prompt: string }) => Promise<void> | void;
  openExternal?: (args: { href: string }) => void;
  notifyIntrinsicHeight?: (height: number) => void;
  requestClose?: () => void;
  uploadFile?: (file: File) => Promise<{ fileId: string }>;
  getFileDownloadUrl?: (args: { fileId: string }) => Promise<{ downloadUrl: string }>;
}

/** `_meta` key under which ChatGPT names the widget instance (seed 001's runtime list). */
export const WIDGET_SESSION_META_KEY = 'openai/widgetSessionId';

/** The event ChatGPT dispatches on `window` when globals change. */
export const SET_GLOBALS_EVENT = 'openai:set_globals';

declare global {
  interface Window {
    openai?: OpenAiApi;
  }
}

/**
 * The ChatGPT transport: reads `window.openai`, follows `openai:set_globals`, calls its methods.
 * A method the host lacks is an unsupported capability (a clear rejection), never a crash.
 */
export class OpenAiHost extends BaseHost {
  readonly kind = 'openai';

  readonly #openai: OpenAiApi;

  constructor(openai: OpenAiApi = window.openai ?? {}) {
    super();
    this.#openai = openai;
    const has = (name: keyof OpenAiApi) => typeof openai[name] === 'function';
    this.capabilities = {
      callTool: has('callTool'),
      hostWidgetState: has('setWidgetState'),
      requestDisplayMode: has('requestDisplayMode'),
      sendFollowUpMessage: has('sendFollowUpMessage'),
      openExternal: has('openExternal'),
      notifyIntrinsicHeight: has('notifyIntrinsicHeight'),
      updateModelContext: false,
      close: has('requestClose'),
      readResource: false,
      uploadFile: has('uploadFile'),
    };
    this.#applyGlobals(openai);
    window.addEventListener(SET_GLOBALS_EVENT, this.#onSetGlobals);
  }

  override async callTool(name: string, args: JsonObject = {}): Promise<ToolResult> {
    if (!this.#openai.callTool) return this.unsupported('callTool');
    return normalizeToolResult(await this.#openai.callTool(name, args));
  }

  override async setWidgetState(state: JsonObject): Promise<void> {
    checkWidgetStateSize(state);
    if (!this.#openai.setWidgetState) return this.unsupported('hostWidgetState');
    this.patch({ widgetState: state });
    await this.#openai.setWidgetState(state);
  }

  override async requestDisplayMode(mode: DisplayMode): Promise<DisplayMode> {
    if (!this.#openai.requestDisplayMode) return this.unsupported('requestDisplayMode');
    const granted = (await this.#openai.requestDisplayMode({ mode }))?.mode ?? mode;
    this.patch({ displayMode: granted });
    return granted;
  }

  override async sendFollowUpMessage(prompt: string): Promise<void> {
    if (!CARRIES_FOLLOW_UP || !this.#openai.sendFollowUpMessage) return this.unsupported('sendFollowUpMessage');
    await this.#openai.sendFollowUpMessage({ prompt });
  }

  override async openExternal(href: string): Promise<void> {
    if (!CARRIES_OPEN_EXTERNAL || !this.#openai.openExternal) return this.unsupported('openExternal');
    this.#openai.openExternal({ href });
  }

  override notifyIntrinsicHeight(height: number): void {
    this.#openai.notifyIntrinsicHeight?.(height);
  }

  /** ChatGPT keeps the file; a tool naming it in `openai/fileParams` gets `{ file_id, download_url }`. */
  async uploadFile(file: File): Promise<HostFile> {
    if (!CARRIES_UPLOAD_FILE || !this.#openai.uploadFile) return this.unsupported('uploadFile');
    const { fileId } = await this.#openai.uploadFile(file);
    const url = await this.#openai.getFileDownloadUrl?.({ fileId });
    return url?.downloadUrl ? { fileId, downloadUrl: url.downloadUrl } : { fileId };
  }

  override async close(): Promise<void> {
    if (!this.#openai.requestClose) return this.unsupported('close');
    this.#openai.requestClose();
  }

  /** ChatGPT shows widget state to the model instead. */
  override updateModelContext(): Promise<void> {
    return this.unsupported('updateModelContext');
  }

  override readResource(): Promise<{ contents: JsonObject[] }> {
    return this.unsupported('readResource');
  }

  override dispose(): void {
    window.removeEventListener(SET_GLOBALS_EVENT, this.#onSetGlobals);
    super.dispose();
  }

  #onSetGlobals = (event: Event) => {
    const globals = (event as CustomEvent<{ globals?: OpenAiGlobals }>).detail?.globals;
    // Some hosts send only the changed globals, some mutate window.openai first: read both.
    const sent = asObject(globals) ?? undefined;
    this.#applyGlobals({ ...this.#openai, ...sent }, sent);
  };

  /** Maps the globals present in `source` onto the snapshot (`only` limits it to the keys sent). */
  #applyGlobals(source: OpenAiGlobals, only?: OpenAiGlobals): void {
    const keys = new Set(Object.keys(only ?? source));
    const changes: Partial<HostSnapshot> = {};
    if (keys.has('toolInput')) changes.toolInput = asObject(source.toolInput);
    if (keys.has('toolOutput')) changes.toolOutput = asObject(source.toolOutput);
    if (keys.has('toolResponseMetadata')) {
      changes.toolResponseMetadata = asObject(source.toolResponseMetadata);
      const session = changes.toolResponseMetadata?.[WIDGET_SESSION_META_KEY];
      changes.widgetSessionId = typeof session === 'string' && session ? session : null;
    }
    if (keys.has('widgetState')) changes.widgetState = asObject(source.widgetState);
    if (source.theme === 'dark' || source.theme === 'light') changes.theme = source.theme;
    if (typeof source.locale === 'string' && source.locale) changes.locale = source.locale;
    if (source.displayMode === 'inline' || source.displayMode === 'fullscreen' || source.displayMode === 'pip') {
      changes.displayMode = source.displayMode;
    }
    if (keys.has('maxHeight')) changes.maxHeight = typeof source.maxHeight === 'number' ? source.maxHeight : undefined;
    const insets = source.safeArea?.insets;
    if (isObject(insets)) changes.safeArea = { ...this.snapshot.safeArea, ...insets };
    const agent = source.userAgent;
    if (isObject(agent)) {
      changes.userAgent = {
        device: agent.device?.type ?? this.snapshot.userAgent.device,
        hover: agent.capabilities?.hover ?? this.snapshot.userAgent.hover,
        touch: agent.capabilities?.touch ?? this.snapshot.userAgent.touch,
      };
    }
    this.patch(changes);
  }
}

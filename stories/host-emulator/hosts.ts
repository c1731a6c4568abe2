/**
 * The three hosts a widget can find itself in, each emulated the way the widget meets it:
 * - standalone: `createHost({ transport: 'standalone', standalone: { callTool } })`, as a plain page gives;
 * - openai: an emulated `window.openai` (globals, methods, `openai:set_globals`), read by OpenAiHost;
 * - mcp-apps: `ui/*` JSON-RPC from a hidden host frame (mcp-apps.ts), spoken to by McpAppsHost.
 * Every tool call goes to the emulated server; every setWidgetState is logged where the host sees it.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createHost, normalizeToolResult, SET_GLOBALS_EVENT, type Host, type JsonObject, type OpenAiApi, type OpenAiGlobals } from '../../components/host/index.ts';
import type { HostEnvironment, HostKind } from './globals.ts';
import type { HostLog } from './log.ts';
import { connectMcpAppsHost } from './mcp-apps.ts';
import type { EmulatedServer } from './server.ts';

/** A connected emulated host, and how the emulator shows the widget the tool call that opened it. */
export interface HostAdapter {
  host: Host;
  /** The host has the call's arguments (the tool is running): the widget shows its loading view. */
  showInput(args: JsonObject): void;
  /** The tool returned: its result becomes the widget's view. */
  showResult(result: CallToolResult): void;
  dispose(): void;
}

export interface HostContextOptions {
  env: HostEnvironment;
  server: EmulatedServer;
  log: HostLog;
  /** The widget reported its height (openai, mcp-apps). */
  onHeight(height: number): void;
}

export function connectHost(kind: HostKind, options: HostContextOptions): Promise<HostAdapter> {
  if (kind === 'openai') return Promise.resolve(installOpenAi(options));
  if (kind === 'mcp-apps') return connectMcpAppsHost(options);
  return Promise.resolve(standaloneHost(options));
}

function standaloneHost({ env, server, log }: HostContextOptions): HostAdapter {
  const host = createHost({
    transport: 'standalone',
    standalone: {
      callTool: (name, args) => server.call(name, args, 'standalone'),
      theme: env.theme,
      displayMode: env.displayMode,
      maxHeight: env.maxHeight,
      locale: env.locale,
      reducedMotion: env.reducedMotion,
    },
  });
  // The page is the host here: it sees widget state and display mode requests as method calls.
  const setWidgetState = host.setWidgetState.bind(host);
  host.setWidgetState = (state) => {
    log.widgetState('standalone', state);
    return setWidgetState(state);
  };
  const requestDisplayMode = host.requestDisplayMode.bind(host);
  host.requestDisplayMode = (mode) => {
    log.host('standalone', 'requestDisplayMode', mode);
    return requestDisplayMode(mode);
  };
  return {
    host,
    showInput: (args) => host.set({ toolInput: args, toolCancelled: null }),
    showResult: (result) => host.showResult(normalizeToolResult(result)),
    dispose: () => host.dispose(),
  };
}

/** ChatGPT's `window.openai`, as OpenAI's Apps SDK documents it. */
function installOpenAi({ env, server, log, onHeight }: HostContextOptions): HostAdapter {
  const setGlobals = (globals: Partial<OpenAiGlobals>) => {
    Object.assign(api, globals);
    window.dispatchEvent(new CustomEvent(SET_GLOBALS_EVENT, { detail: { globals } }));
  };
  const api: OpenAiApi = {
    toolInput: null,
    toolOutput: null,
    toolResponseMetadata: null,
    widgetState: null,
    theme: env.theme,
    locale: env.locale,
    displayMode: env.displayMode,
    maxHeight: env.maxHeight,
    safeArea: { insets: { top: 0, right: 0, bottom: 0, left: 0 } },
    userAgent: { device: { type: 'desktop' }, capabilities: { hover: true, touch: false } },
    callTool: (name, args) => server.call(name, args, 'openai'),
    async setWidgetState(state) {
      log.widgetState('openai', state);
      api.widgetState = state;
    },
    async requestDisplayMode({ mode }) {
      log.host('openai', 'requestDisplayMode', mode);
      setGlobals({ displayMode: mode });
      return { mode };
    },
    async sendFollowUpMessage(args) {
      log.host('openai', 'sendFollowUpMessage', args);
    },
    openExternal(args) {
      log.host('openai', 'openExternal', args);
    },
    notifyIntrinsicHeight: onHeight,
    requestClose() {
      log.host('openai', 'requestClose');
    },
  };
  window.openai = api;
  const host = createHost({ transport: 'openai' });
  return {
    host,
    showInput: (args) => setGlobals({ toolInput: args }),
    showResult: (result) => setGlobals({ toolOutput: result.structuredContent ?? null, toolResponseMetadata: result._meta ?? null }),
    dispose() {
      host.dispose();
      if (window.openai === api) delete window.openai;
    },
  };
}

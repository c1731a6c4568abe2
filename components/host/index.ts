/**
 * The Skylit host bridge. `detectHost()` finds the host a widget runs in; `createHost()` makes a
 * given one. See types.ts for the `Host` contract.
 */
import { McpAppsHost, type McpAppsOptions } from './mcp-apps.ts';
import { OpenAiHost } from './openai.ts';
import { StandaloneHost, type StandaloneOptions } from './standalone.ts';
import type { Host, TransportKind } from './types.ts';

export * from './types.ts';
export { applyHostTheme, HOST_STYLE_TOKENS } from './theme.ts';
export { observeHeight } from './auto-height.ts';
export { normalizeToolResult, resultText, VIEW_ID_META_KEY } from './results.ts';
export { MAX_WIDGET_STATE_BYTES } from './base-host.ts';
export { OpenAiHost, SET_GLOBALS_EVENT, type OpenAiApi, type OpenAiGlobals } from './openai.ts';
export { McpAppsHost, MCP_APPS_PROTOCOL_VERSION, type McpAppsOptions } from './mcp-apps.ts';
export { StandaloneHost, type StandaloneOptions, type ToolHandler } from './standalone.ts';

export interface HostOptions {
  /** Force a transport instead of detecting one. */
  transport?: TransportKind;
  /** Options of the standalone transport (used when it is chosen or detection falls back to it). */
  standalone?: StandaloneOptions;
  /** Options of the MCP Apps transport. */
  mcpApps?: McpAppsOptions;
  /** How long detection waits for an MCP Apps host to answer `ui/initialize` (ms). Default 1500. */
  handshakeTimeoutMs?: number;
}

/** Makes the host of the given transport, without detection. */
export function createHost(options: HostOptions & { transport: 'standalone' }): StandaloneHost;
export function createHost(options: HostOptions & { transport: TransportKind }): Host;
export function createHost(options: HostOptions & { transport: TransportKind }): Host {
  switch (options.transport) {
    case 'openai':
      return new OpenAiHost();
    case 'mcp-apps':
      return new McpAppsHost(options.mcpApps);
    default:
      return new StandaloneHost(options.standalone);
  }
}

/**
 * Finds the host this page runs in and resolves once it is connected:
 * `window.openai` → ChatGPT; else, in a frame, an MCP Apps host if it answers the handshake in
 * time; else (or when the page forces it) standalone.
 */
export async function detectHost(options: HostOptions = {}): Promise<Host> {
  if (options.transport) {
    const host = createHost({ ...options, transport: options.transport });
    await host.ready;
    return host;
  }
  if (window.openai) return new OpenAiHost();
  if (window.parent !== window) {
    const host = new McpAppsHost({ handshakeTimeoutMs: options.handshakeTimeoutMs ?? 1500, ...options.mcpApps });
    try {
      await host.ready;
      return host;
    } catch {
      host.dispose();
    }
  }
  return new StandaloneHost(options.standalone);
}

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
export { newRequestId, normalizeToolResult, resultText, VIEW_ID_META_KEY } from './results.ts';
export { MAX_WIDGET_STATE_BYTES } from './base-host.ts';
export { OpenAiHost, SET_GLOBALS_EVENT, WIDGET_SESSION_META_KEY, type OpenAiApi, type OpenAiGlobals } from './openai.ts';
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

/**
 * The one transport a dialect bundle carries, set by the build (server/build.ts `define`); absent
 * in source, in tests and in the plain-page bundle, which carry all three. A ChatGPT-only or MCP
 * Apps-only bundle then leaves the other transports out (tree-shaken as dead code).
 */
declare const SKYLIT_TRANSPORT: TransportKind | undefined;
// Written out (not a helper function) so the minifier folds each to a constant and drops dead branches.
const WITH_OPENAI = typeof SKYLIT_TRANSPORT === 'undefined' || SKYLIT_TRANSPORT === 'openai';
const WITH_MCP_APPS = typeof SKYLIT_TRANSPORT === 'undefined' || SKYLIT_TRANSPORT === 'mcp-apps';
const WITH_STANDALONE = typeof SKYLIT_TRANSPORT === 'undefined' || SKYLIT_TRANSPORT === 'standalone';

/** Raised when a page asks for a transport its bundle was built without (or one that does not exist). */
export class TransportUnavailableError extends Error {
  constructor(wanted: string) {
    const only = typeof SKYLIT_TRANSPORT === 'undefined' ? undefined : SKYLIT_TRANSPORT;
    super(
      !only
        ? `Unknown transport "${wanted}": use openai, mcp-apps or standalone.`
        : wanted === 'any'
          ? `This widget bundle is built for ${only === 'openai' ? 'ChatGPT' : `an ${only} host`} and found none: open it from that host.`
          : `This widget bundle carries only the ${only} transport, not "${wanted}".`,
    );
    this.name = 'TransportUnavailableError';
  }
}

/** Makes the host of the given transport, without detection. */
export function createHost(options: HostOptions & { transport: 'standalone' }): StandaloneHost;
export function createHost(options: HostOptions & { transport: TransportKind }): Host;
export function createHost(options: HostOptions & { transport: TransportKind }): Host {
  const { transport } = options;
  if (WITH_OPENAI && transport === 'openai') return new OpenAiHost();
  if (WITH_MCP_APPS && transport === 'mcp-apps') return new McpAppsHost(options.mcpApps);
  if (WITH_STANDALONE && transport === 'standalone') return new StandaloneHost(options.standalone);
  throw new TransportUnavailableError(transport);
}

/**
 * The host, when it can be known without waiting: `window.openai`, a forced transport other than
 * MCP Apps, or a top-level page (standalone). Null when an MCP Apps handshake has to be tried first
 * (in a frame without `window.openai`): then use `detectHost`. Lets a widget render its data in its
 * first update instead of a loading view.
 */
export function knownHost(options: HostOptions = {}): Host | null {
  if (options.transport) return options.transport === 'mcp-apps' ? null : createHost({ ...options, transport: options.transport });
  if (WITH_OPENAI && window.openai) return new OpenAiHost();
  if (WITH_MCP_APPS && window.parent !== window) return null;
  return WITH_STANDALONE ? new StandaloneHost(options.standalone) : null;
}

/**
 * Finds the host this page runs in and resolves once it is connected:
 * `window.openai` → ChatGPT; else, in a frame, an MCP Apps host if it answers the handshake in
 * time; else (or when the page forces it) standalone.
 */
export async function detectHost(options: HostOptions = {}): Promise<Host> {
  // Known at once, or forced to MCP Apps (the one forced transport knownHost leaves to us).
  const host = knownHost(options) ?? (options.transport ? createHost({ ...options, transport: options.transport }) : null);
  if (host) {
    await host.ready;
    return host;
  }
  if (WITH_MCP_APPS && window.parent !== window) {
    // Alone in its bundle, MCP Apps is the only host to wait for: give it the full request timeout.
    const alone = !WITH_OPENAI && !WITH_STANDALONE;
    const host = new McpAppsHost({ handshakeTimeoutMs: alone ? undefined : (options.handshakeTimeoutMs ?? 1500), ...options.mcpApps });
    try {
      await host.ready;
      return host;
    } catch (error) {
      host.dispose();
      if (alone) throw error;
    }
  }
  if (WITH_STANDALONE) return new StandaloneHost(options.standalone);
  throw new TransportUnavailableError('any');
}

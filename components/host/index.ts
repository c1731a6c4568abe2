/**
 * The Skylit host bridge. `detectHost()` finds the host a widget runs in; `createHost()` makes a
 * given one. See types.ts for the `Host` contract.
 */
import { McpAppsHost, type McpAppsOptions } from './mcp-apps.ts';
import { OpenAiHost } from './openai.ts';
import { StandaloneHost, type StandaloneOptions } from './standalone.ts';
import { WITH_MCP_APPS, WITH_OPENAI, WITH_STANDALONE } from './built-in.ts';
import type { Host, TransportKind } from './types.ts';

export * from './types.ts';
export { applyHostTheme, HOST_STYLE_TOKENS } from './theme.ts';
export { observeHeight } from './auto-height.ts';
export { CONFLICT_META_KEY, newRequestId, normalizeToolResult, resultText, VIEW_ID_META_KEY, WIDGET_ID_META_KEY } from './results.ts';
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

/** The transport of a dialect bundle (see built-in.ts), for the message below. */
declare const SKYLIT_TRANSPORT: TransportKind | undefined;

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
 * The hosts a frame shares. `window.openai` and the MCP Apps channel to `window.parent` belong to
 * the whole frame, so every widget root in it uses one host of each (one listener, one handshake,
 * one numbering of requests). Each root that gets one from `knownHost` or `detectHost` gives it back
 * with `releaseHost`; the last one disposes it. Hosts made with `createHost` are the caller's own.
 */
const frame: { openai?: OpenAiHost; mcpApps?: McpAppsHost } = {};
const users = new Map<Host, number>();

function use<T extends Host>(host: T): T {
  users.set(host, (users.get(host) ?? 0) + 1);
  return host;
}

/** Gives back a host from `knownHost` or `detectHost`; the frame's last user disposes it. */
export function releaseHost(host: Host): void {
  const left = (users.get(host) ?? 1) - 1;
  if (left > 0) {
    users.set(host, left);
    return;
  }
  users.delete(host);
  if (WITH_OPENAI && frame.openai === host) frame.openai = undefined;
  if (WITH_MCP_APPS && frame.mcpApps === host) frame.mcpApps = undefined;
  host.dispose();
}

/** The frame's `window.openai` host (one per frame). */
function openAiHost(): OpenAiHost {
  if (!frame.openai || frame.openai.disposed) frame.openai = new OpenAiHost();
  return use(frame.openai);
}

/** The frame's MCP Apps host once its handshake succeeded (one per frame); rejects, and is forgotten, if it fails. */
async function mcpAppsHost(options: McpAppsOptions): Promise<McpAppsHost> {
  // Roots that come during the handshake wait for the same one.
  if (!frame.mcpApps || frame.mcpApps.disposed) frame.mcpApps = new McpAppsHost(options);
  const host = frame.mcpApps;
  try {
    await host.ready;
  } catch (error) {
    host.dispose();
    if (frame.mcpApps === host) frame.mcpApps = undefined;
    throw error;
  }
  return use(host);
}

/**
 * The host, when it can be known without waiting: `window.openai`, a forced transport other than
 * MCP Apps, or a top-level page (standalone). Null when an MCP Apps handshake has to be tried first
 * (in a frame without `window.openai`): then use `detectHost`. Lets a widget render its data in its
 * first update instead of a loading view. Give the host back with `releaseHost` when done.
 */
export function knownHost(options: HostOptions = {}): Host | null {
  const { transport } = options;
  if (transport === 'mcp-apps') return null;
  if (WITH_OPENAI && (transport === 'openai' || (!transport && window.openai))) return openAiHost();
  if (transport && transport !== 'standalone') return createHost({ ...options, transport }); // not built in: throws
  if (!transport && WITH_MCP_APPS && window.parent !== window) return null;
  if (WITH_STANDALONE) return use(new StandaloneHost(options.standalone));
  if (transport) throw new TransportUnavailableError(transport);
  return null;
}

/**
 * Finds the host this page runs in and resolves once it is connected:
 * `window.openai` → ChatGPT; else, in a frame, an MCP Apps host if it answers the handshake in
 * time; else (or when the page forces it) standalone. Every widget root of a frame gets the same
 * `window.openai` or MCP Apps host; give it back with `releaseHost` when done.
 */
export async function detectHost(options: HostOptions = {}): Promise<Host> {
  const known = knownHost(options);
  if (known) {
    await known.ready;
    return known;
  }
  if (WITH_MCP_APPS && (options.transport === 'mcp-apps' || window.parent !== window)) {
    // Alone in its bundle (or forced), MCP Apps is the only host to wait for: the full request timeout.
    const only = options.transport === 'mcp-apps' || (!WITH_OPENAI && !WITH_STANDALONE);
    const handshakeTimeoutMs = only ? undefined : (options.handshakeTimeoutMs ?? 1500);
    try {
      return await mcpAppsHost({ handshakeTimeoutMs, ...options.mcpApps });
    } catch (error) {
      if (only) throw error;
    }
  }
  if (WITH_STANDALONE) return use(new StandaloneHost(options.standalone));
  throw new TransportUnavailableError('any');
}

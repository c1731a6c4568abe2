/**
 * An MCP Apps host (SEP-1865) for stories: a hidden same-origin frame plays the host window. The
 * widget's McpAppsHost is given that frame as `hostWindow`, so it talks `ui/*` JSON-RPC over
 * postMessage exactly as inside Claude or VS Code, and accepts only what the frame posts.
 *
 * postMessage's `event.source` is the window whose code calls postMessage, so a small relay runs in
 * the frame's own realm: it hands each message from the widget to the responder below (in the
 * story's realm, next to the in-memory server) and posts the reply, and every notification, from
 * the frame.
 */
import { createHost, MCP_APPS_PROTOCOL_VERSION, type Host, type JsonObject } from '../../components/host/index.ts';
import type { HostAdapter, HostContextOptions } from './hosts.ts';

/** Runs inside the frame. Plain ES2020, not compiled: it is the frame's only script. */
const RELAY = `
  window.addEventListener('message', async (event) => {
    if (event.source !== window.parent || !window.skylitResponder) return;
    const reply = await window.skylitResponder(event.data);
    if (reply) window.parent.postMessage(reply, '*');
  });
  window.skylitNotify = (message) => window.parent.postMessage(message, '*');
`;

type FrameWindow = Window & {
  skylitResponder?: (message: unknown) => Promise<JsonObject | null>;
  skylitNotify?: (message: JsonObject) => void;
};

class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Host style variables (MCP Apps `styles.variables`), so the widget wears the host's look. */
const STYLE_VARIABLES = {
  light: {
    '--color-background-primary': '#fcfbf8',
    '--color-background-secondary': '#f1efe8',
    '--color-text-primary': '#1f1e1c',
    '--color-text-secondary': '#57554f',
    '--color-border-primary': '#d6d3c8',
    '--font-sans': "ui-sans-serif, system-ui, 'Segoe UI', sans-serif",
    '--border-radius-md': '12px',
    '--border-radius-sm': '8px',
  },
  dark: {
    '--color-background-primary': '#262624',
    '--color-background-secondary': '#30302d',
    '--color-text-primary': '#f5f4ef',
    '--color-text-secondary': '#bdbab1',
    '--color-border-primary': '#4a4843',
    '--font-sans': "ui-sans-serif, system-ui, 'Segoe UI', sans-serif",
    '--border-radius-md': '12px',
    '--border-radius-sm': '8px',
  },
};

export async function connectMcpAppsHost(options: HostContextOptions): Promise<HostAdapter> {
  const { env, server, log } = options;
  const frame = document.createElement('iframe');
  frame.title = 'Emulated MCP Apps host';
  frame.hidden = true;
  frame.srcdoc = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Emulated MCP Apps host</title></head><body><script>${RELAY}</script></body></html>`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  const hostWindow = frame.contentWindow as FrameWindow;

  const context: JsonObject = {
    theme: env.theme,
    displayMode: env.displayMode,
    availableDisplayModes: ['inline', 'fullscreen', 'pip'],
    locale: env.locale,
    timeZone: 'UTC',
    platform: 'web',
    deviceCapabilities: { hover: true, touch: false },
    containerDimensions: env.maxHeight ? { maxHeight: env.maxHeight } : {},
    safeAreaInsets: { top: 0, right: 0, bottom: 0, left: 0 },
    styles: { variables: STYLE_VARIABLES[env.theme] },
    reducedMotion: env.reducedMotion,
  };
  let initialized: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (initialized = resolve));
  const notify = (method: string, params: JsonObject) => hostWindow.skylitNotify?.({ jsonrpc: '2.0', method, params });

  async function request(method: string, params: JsonObject): Promise<JsonObject> {
    switch (method) {
      case 'ui/initialize': {
        const app = params.appInfo as { name?: string; version?: string } | undefined;
        log.host('mcp-apps', 'ui/initialize', `${app?.name ?? 'app'} ${app?.version ?? ''}, protocol ${String(params.protocolVersion)}`);
        return {
          protocolVersion: MCP_APPS_PROTOCOL_VERSION,
          hostInfo: { name: 'skylit-storybook-host', version: '1.0.0' },
          hostCapabilities: {
            serverTools: {},
            openLinks: {},
            message: { text: {} },
            updateModelContext: { text: {}, structuredContent: {} },
            logging: {},
          },
          hostContext: context,
        };
      }
      case 'tools/call':
        try {
          return (await server.call(String(params.name), (params.arguments as JsonObject | undefined) ?? {}, 'mcp-apps')) as JsonObject;
        } catch (error) {
          throw new RpcError(-32603, (error as Error).message);
        }
      case 'ui/request-display-mode': {
        const mode = String(params.mode);
        const granted = (context.availableDisplayModes as string[]).includes(mode) ? mode : String(context.displayMode);
        log.host('mcp-apps', 'ui/request-display-mode', `${mode} → ${granted}`);
        context.displayMode = granted;
        notify('ui/notifications/host-context-changed', { displayMode: granted });
        return { mode: granted };
      }
      case 'ui/update-model-context': {
        const state = (params.structuredContent as JsonObject | undefined)?.widgetState;
        if (state !== undefined) log.widgetState('mcp-apps (ui/update-model-context)', state);
        else log.host('mcp-apps', 'ui/update-model-context', params);
        return {};
      }
      case 'ui/message':
      case 'ui/open-link':
        log.host('mcp-apps', method, params);
        return {};
      case 'ping':
        return {};
      default:
        throw new RpcError(-32601, `Method not found: ${method}`);
    }
  }

  function notification(method: string, params: JsonObject): void {
    if (method === 'ui/notifications/initialized') initialized();
    else if (method === 'ui/notifications/size-changed') options.onHeight(Number(params.height));
    else if (method === 'ui/notifications/request-teardown') log.host('mcp-apps', method);
  }

  hostWindow.skylitResponder = async (message) => {
    const { jsonrpc, id, method, params } = (message ?? {}) as JsonObject;
    if (jsonrpc !== '2.0' || typeof method !== 'string') return null;
    const args = (params && typeof params === 'object' ? params : {}) as JsonObject;
    if (id === undefined) {
      notification(method, args);
      return null;
    }
    try {
      return { jsonrpc: '2.0', id, result: await request(method, args) };
    } catch (error) {
      const code = error instanceof RpcError ? error.code : -32603;
      return { jsonrpc: '2.0', id, error: { code, message: (error as Error).message } };
    }
  };

  const host: Host = createHost({ transport: 'mcp-apps', mcpApps: { hostWindow, handshakeTimeoutMs: 5000 } });
  await host.ready;
  await ready;
  return {
    host,
    showInput: (args) => notify('ui/notifications/tool-input', { arguments: args }),
    showResult: (result) => notify('ui/notifications/tool-result', result as JsonObject),
    dispose() {
      host.dispose();
      frame.remove();
    },
  };
}

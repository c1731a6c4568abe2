/**
 * `window.openai` for a ChatGPT-dialect widget (`text/html+skybridge`) in <sky-widget-frame>.
 * The sandbox proxy puts this function, stringified, as the first script of the widget's page,
 * with the globals the host knows (tool input and output, widget state, theme, …), so the widget's
 * own scripts find `window.openai` already there, as in ChatGPT.
 *
 * It speaks MCP Apps underneath: every method becomes the `ui/*` request a widget of the other
 * dialect would send (`tools/call`, `ui/message`, `ui/open-link`, `ui/request-display-mode`,
 * `ui/update-model-context` for widget state, `ui/notifications/size-changed`), so one host side,
 * with one permission gate, answers both dialects; host context and results come back as globals
 * and `openai:set_globals` events.
 *
 * Runs inside the widget's frame: self-contained, no imports, no references outside its body.
 */
export function openaiShim(globals: Record<string, unknown>): void {
  type Json = Record<string, any>;
  const win = window as unknown as Json;
  if (win.openai) return;
  const waiting = new Map<string, { resolve: (value: any) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const post = (message: Json) => parent.postMessage({ jsonrpc: '2.0', ...message }, '*');
  const request = (method: string, params: Json): Promise<any> =>
    new Promise((resolve, reject) => {
      const id = `openai-${nextId++}`;
      waiting.set(id, { resolve, reject });
      post({ id, method, params });
    });
  const openai: Json = { ...globals };
  const setGlobals = (changes: Json) => {
    Object.assign(openai, changes);
    dispatchEvent(new CustomEvent('openai:set_globals', { detail: { globals: changes } }));
  };
  const fromContext = (context: Json): Json => {
    const out: Json = {};
    if (context.theme) out.theme = context.theme;
    if (context.locale) out.locale = context.locale;
    if (context.displayMode) out.displayMode = context.displayMode;
    const box = context.containerDimensions;
    if (box && typeof box === 'object') out.maxHeight = box.maxHeight ?? box.height;
    if (context.safeAreaInsets) out.safeArea = { insets: context.safeAreaInsets };
    if (context.platform || context.deviceCapabilities) {
      out.userAgent = { device: { type: context.platform ?? 'desktop' }, capabilities: context.deviceCapabilities ?? {} };
    }
    return out;
  };
  const ready = request('ui/initialize', {
    appInfo: { name: 'openai-compat', version: '1.0.0' },
    appCapabilities: { availableDisplayModes: ['inline', 'fullscreen'] },
    protocolVersion: '2026-01-26',
  }).then((result: Json) => {
    setGlobals(fromContext(result?.hostContext ?? {}));
    post({ method: 'ui/notifications/initialized', params: {} });
  });
  const ask = async (method: string, params: Json) => {
    await ready;
    return request(method, params);
  };
  Object.assign(openai, {
    callTool: (name: string, args?: Json) => ask('tools/call', { name, arguments: args ?? {} }),
    setWidgetState: async (state: Json) => {
      openai.widgetState = state;
      await ask('ui/update-model-context', { structuredContent: { widgetState: state } });
    },
    requestDisplayMode: ({ mode }: { mode: string }) => ask('ui/request-display-mode', { mode }),
    sendFollowUpMessage: async ({ prompt }: { prompt: string }) => {
      await ask('ui/message', { role: 'user', content: [{ type: 'text', text: String(prompt) }] });
    },
    openExternal: ({ href }: { href: string }) => void ask('ui/open-link', { url: String(href) }).catch(() => undefined),
    notifyIntrinsicHeight: (height: number) => post({ method: 'ui/notifications/size-changed', params: { height: Math.ceil(Number(height)) } }),
    requestClose: () => post({ method: 'ui/notifications/request-teardown', params: {} }),
  });
  Object.defineProperty(window, 'openai', { value: openai, writable: false, configurable: false });
  addEventListener('message', (event) => {
    if (event.source !== parent) return;
    const message = event.data as Json;
    if (!message || message.jsonrpc !== '2.0') return;
    if (typeof message.method !== 'string') {
      const pending = waiting.get(message.id);
      if (!pending) return;
      waiting.delete(message.id);
      if (message.error) pending.reject(new Error(String(message.error.message ?? 'The host refused the request.')));
      else pending.resolve(message.result ?? {});
      return;
    }
    // Requests meant for this shim carry ids it answers; everything else is for the widget's own listeners too.
    const params: Json = message.params ?? {};
    switch (message.method) {
      case 'ui/notifications/tool-input':
        setGlobals({ toolInput: params.arguments ?? {} });
        break;
      case 'ui/notifications/tool-result':
        setGlobals({ toolOutput: params.structuredContent ?? null, toolResponseMetadata: params._meta ?? null });
        break;
      case 'ui/notifications/host-context-changed':
        setGlobals(fromContext(params));
        break;
      case 'ui/resource-teardown':
      case 'ping':
        post({ id: message.id, result: {} });
        break;
    }
  });
}

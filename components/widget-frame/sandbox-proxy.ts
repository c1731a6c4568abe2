/**
 * The sandbox proxy: the page <sky-widget-frame> loads on the sandbox origin (never the page's own),
 * served by the Skylit server at `/sandbox?host=<page origin>&csp=<declared domains>` with the
 * widget's CSP as an HTTP header. It puts the widget's HTML into an inner frame sandboxed with
 * `allow-scripts` only, so the widget runs on an opaque origin: it cannot read this proxy's DOM,
 * storage or cookies, nor the page's. The inner frame inherits the header CSP, and the same policy
 * is written again as the first element of the widget's page.
 *
 * Messages: from the page only when they come from `window.parent` with the page's origin; from the
 * widget only when they come from the inner frame's window. Up to the page they go to the page's
 * origin only; down to the widget to its one window (its origin is opaque, so it has no name to
 * target). `ui/notifications/sandbox-resource-ready` (the widget's HTML) is taken here, once, and
 * never relayed. If the widget navigates its frame away, the proxy stops relaying and says so.
 */
import { buildCsp, decodeCsp } from './csp.ts';
import { openaiShim } from './openai-shim.ts';

const PROXY_READY = 'ui/notifications/sandbox-proxy-ready';
const RESOURCE_READY = 'ui/notifications/sandbox-resource-ready';
/** Sent to the page when the widget's frame leaves its page (navigation): the page shows an error. */
export const SANDBOX_NAVIGATED = 'skylit/sandbox-navigated';

start();

function start(): void {
  const params = new URLSearchParams(location.search);
  const host = hostOrigin(params.get('host'));
  if (window === window.top || !host) {
    document.body.textContent = 'This page is the sandbox of <sky-widget-frame>; it only works inside one.';
    return;
  }
  const policy = buildCsp(decodeCsp(params.get('csp')).csp);
  let inner: HTMLIFrameElement | null = null;
  let live = false;

  addEventListener('message', (event) => {
    if (event.source === window.parent) {
      if (event.origin !== host) return;
      const message = event.data as Record<string, any> | null;
      if (message?.method === RESOURCE_READY) {
        if (!inner) inner = load(message.params ?? {});
        return;
      }
      if (live && inner?.contentWindow) inner.contentWindow.postMessage(message, '*');
    } else if (live && inner && event.source === inner.contentWindow) {
      window.parent.postMessage(event.data, host);
    }
  });
  window.parent.postMessage({ jsonrpc: '2.0', method: PROXY_READY, params: {} }, host);

  function load(params: Record<string, any>): HTMLIFrameElement {
    const frame = document.createElement('iframe');
    // Scripts only: no same-origin (opaque origin), no top navigation, no popups, no forms.
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.title = typeof params.title === 'string' ? params.title : 'Widget';
    let loads = 0;
    frame.addEventListener('load', () => {
      loads += 1;
      if (loads === 1) return;
      // The widget navigated its own frame: whatever is there now is not the widget we were given.
      live = false;
      frame.remove();
      window.parent.postMessage({ jsonrpc: '2.0', method: SANDBOX_NAVIGATED, params: {} }, host!);
    });
    const head = [
      `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, '&quot;')}">`,
      params.openai && typeof params.openai === 'object'
        ? `<script>(${openaiShim.toString()})(${JSON.stringify(params.openai).replace(/</g, '\\u003c')})</script>`
        : '',
    ].join('');
    frame.srcdoc = withHead(typeof params.html === 'string' ? params.html : '', head);
    document.body.append(frame);
    live = true;
    return frame;
  }
}

/** The page's origin from `?host=`, checked against what the browser says embeds us (where it says). */
function hostOrigin(value: string | null): string | null {
  if (!value) return null;
  let origin: string;
  try {
    origin = new URL(value).origin;
  } catch {
    return null;
  }
  if (origin === 'null' || origin !== value) return null;
  const ancestors = location.ancestorOrigins;
  if (ancestors && ancestors.length > 0 && ancestors[0] !== origin) return null;
  return origin;
}

/**
 * The widget's HTML with `head` as the very first thing the parser meets after the doctype, so the
 * policy (and `window.openai`) are in force before any of the widget's own markup.
 */
function withHead(html: string, head: string): string {
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  return doctype ? `${doctype[0]}${head}${html.slice(doctype[0].length)}` : `<!doctype html>${head}${html}`;
}

/**
 * The Content-Security-Policy a widget runs under, built from what its resource declares: MCP Apps
 * `_meta.ui.csp` (`connectDomains`, `resourceDomains`, `frameDomains`, `baseUriDomains`) or, for a
 * ChatGPT resource, `_meta["openai/widgetCSP"]` (`connect_domains`, `resource_domains`,
 * `frame_domains`). Nothing declared: the MCP Apps default (inline code only, no network, no frames).
 *
 * One builder for the three places that need it: the element (it names the policy in the sandbox
 * URL), the sandbox server (the policy as an HTTP header on the proxy page, which the widget's
 * frame inherits) and the proxy (the same policy again as the first element of the widget's page).
 * Plain code, no DOM: the server imports it too.
 */

/** The domains a resource may reach, by purpose. */
export interface WidgetCsp {
  connectDomains: string[];
  resourceDomains: string[];
  frameDomains: string[];
  baseUriDomains: string[];
}

/** The most domains one list may hold; a longer list is cut (and the cut reported). */
export const MAX_CSP_DOMAINS = 32;

/**
 * A source the policy may name: a scheme (http, https, ws, wss), a host (optionally `*.` wildcard
 * subdomains), an optional port (or `*`) and an optional path. No quotes, spaces, semicolons or
 * commas, so a declared domain can never add a keyword (`'unsafe-eval'`) or a directive.
 */
const SOURCE = /^(?:https?|wss?):\/\/(?:\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::(?:\d{1,5}|\*))?(?:\/[A-Za-z0-9._~%!$&()*+=:@/-]*)?$/i;

/** What was declared but left out of the policy, and why (for the page's log). */
export interface CspReport {
  csp: WidgetCsp;
  /** Entries refused (not a plain source) or cut (over MAX_CSP_DOMAINS). */
  dropped: string[];
}

/** The declared CSP of a resource's `_meta`, in MCP Apps terms; the ChatGPT keys when the MCP Apps ones are absent. */
export function declaredCsp(meta: unknown): CspReport {
  const m = isObject(meta) ? meta : {};
  const ui = isObject(m.ui) && isObject(m.ui.csp) ? m.ui.csp : null;
  const openai = isObject(m['openai/widgetCSP']) ? m['openai/widgetCSP'] : null;
  const pick = (mcpKey: string, openaiKey: string): unknown => (ui ? ui[mcpKey] : openai?.[openaiKey]);
  return cleanCsp({
    connectDomains: pick('connectDomains', 'connect_domains'),
    resourceDomains: pick('resourceDomains', 'resource_domains'),
    frameDomains: pick('frameDomains', 'frame_domains'),
    baseUriDomains: ui ? ui.baseUriDomains : undefined,
  });
}

/** Keeps only plain sources, at most MAX_CSP_DOMAINS per list; reports the rest. */
export function cleanCsp(raw: Partial<Record<keyof WidgetCsp, unknown>>): CspReport {
  const dropped: string[] = [];
  const list = (value: unknown): string[] => {
    if (!Array.isArray(value)) return [];
    const kept: string[] = [];
    for (const entry of value) {
      if (typeof entry === 'string' && SOURCE.test(entry) && kept.length < MAX_CSP_DOMAINS) {
        if (!kept.includes(entry)) kept.push(entry);
      } else dropped.push(typeof entry === 'string' ? entry.slice(0, 80) : String(entry));
    }
    return kept;
  };
  return {
    csp: {
      connectDomains: list(raw.connectDomains),
      resourceDomains: list(raw.resourceDomains),
      frameDomains: list(raw.frameDomains),
      baseUriDomains: list(raw.baseUriDomains),
    },
    dropped,
  };
}

/**
 * The policy text. Inline script and style are allowed (widget resources are single HTML files);
 * eval never is; the network only to `connectDomains`; frames only to `frameDomains`; forms post
 * nowhere; plugins never.
 */
export function buildCsp(csp: WidgetCsp): string {
  const res = csp.resourceDomains.join(' ');
  const withRes = (base: string) => (res ? `${base} ${res}` : base);
  return [
    "default-src 'none'",
    withRes("script-src 'self' 'unsafe-inline'"),
    withRes("style-src 'self' 'unsafe-inline'"),
    withRes("img-src 'self' data:"),
    withRes("font-src 'self' data:"),
    withRes("media-src 'self' data:"),
    `connect-src ${csp.connectDomains.join(' ') || "'none'"}`,
    `frame-src ${csp.frameDomains.join(' ') || "'none'"}`,
    "object-src 'none'",
    `base-uri ${csp.baseUriDomains.join(' ') || "'none'"}`,
    "form-action 'none'",
  ].join('; ');
}

/** The CSP as it travels in the sandbox URL (`?csp=`): compact JSON, empty lists left out. */
export function encodeCsp(csp: WidgetCsp): string {
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(csp)) if (value.length) out[key] = value;
  return JSON.stringify(out);
}

/** Reads `?csp=` back; anything malformed counts as nothing declared (the strictest policy). */
export function decodeCsp(text: string | null): CspReport {
  if (!text) return cleanCsp({});
  try {
    const value: unknown = JSON.parse(text);
    return cleanCsp(isObject(value) ? value : {});
  } catch {
    return cleanCsp({});
  }
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

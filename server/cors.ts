/**
 * Who may call the MCP endpoint from a browser. Same-origin pages always may; pages on other
 * origins only when listed (SKYLIT_CORS_ORIGINS, exact origins such as `https://app.example.com`),
 * and then with preflight answered and the MCP headers allowed and exposed. A browser request from
 * any other origin (a `null` origin included: sandboxed frames, files) is refused with 403 before
 * it reaches MCP, so a page elsewhere cannot make the server act for it.
 * Requests without an `Origin` header (MCP clients that are not browsers) are not affected.
 */
import type { IncomingMessage } from 'node:http';

const ALLOW_HEADERS = 'content-type, accept, authorization, mcp-protocol-version, mcp-session-id, last-event-id';
const EXPOSE_HEADERS = 'mcp-session-id, mcp-protocol-version';

export type CorsVerdict =
  /** No Origin header: not a browser's cross-origin request; nothing to add. */
  | { kind: 'none' }
  /** Allowed (same origin, or listed): send these headers. */
  | { kind: 'allowed'; headers: Record<string, string> }
  /** A browser on an origin that is not allowed. */
  | { kind: 'refused'; origin: string };

/** Checks the exact origins given (e.g. from SKYLIT_CORS_ORIGINS); throws naming the bad entry. */
export function parseCorsOrigins(text: string | undefined): string[] {
  if (!text?.trim()) return [];
  return text.split(',').map((entry) => {
    const value = entry.trim();
    let origin: string;
    try {
      origin = new URL(value).origin;
    } catch {
      throw new Error(`SKYLIT_CORS_ORIGINS: "${value}" is not an origin (write it like https://app.example.com)`);
    }
    if (origin === 'null' || origin !== value.replace(/\/$/, '')) {
      throw new Error(`SKYLIT_CORS_ORIGINS: "${value}" is not an origin (scheme, host and port only, like https://app.example.com)`);
    }
    return origin;
  });
}

export function corsVerdict(req: IncomingMessage, allowed: readonly string[]): CorsVerdict {
  const origin = req.headers.origin;
  if (origin === undefined) return { kind: 'none' };
  if (isSameOrigin(origin, req.headers.host)) return { kind: 'none' };
  if (!allowed.includes(origin)) return { kind: 'refused', origin };
  const headers: Record<string, string> = { 'access-control-allow-origin': origin, vary: 'origin', 'access-control-expose-headers': EXPOSE_HEADERS };
  if (req.method === 'OPTIONS') {
    Object.assign(headers, {
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': ALLOW_HEADERS,
      'access-control-max-age': '600',
    });
  }
  return { kind: 'allowed', headers };
}

function isSameOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

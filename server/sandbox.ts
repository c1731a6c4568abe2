/**
 * The sandbox origin of <sky-widget-frame>: `GET /sandbox?host=<page origin>&csp=<declared domains>`
 * answers the proxy page (components/widget-frame/sandbox-proxy.ts, built to dist/sandbox/proxy.js
 * and inlined) with the widget's Content-Security-Policy as an HTTP header. The widget's inner frame
 * inherits that policy; the proxy writes it into the widget's page as well.
 *
 * It must be served on an origin other than every page that shows widgets (and other than the MCP
 * endpoint): `npm start` listens for it on a second port (SKYLIT_SANDBOX_PORT, default PORT + 1),
 * which serves nothing else. No cookies, no storage, no data: it is a relay.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { buildCsp, decodeCsp } from '../components/widget-frame/csp.ts';
import { inlineScript } from './resources.ts';

export const SANDBOX_PATH = '/sandbox';
/** Where the vite build puts the proxy script (server/build.ts SANDBOX_TARGET). */
export const SANDBOX_SCRIPT = 'sandbox/proxy.js';

/** The proxy page for one query: its policy (for the header) and its HTML. */
export function sandboxPage(search: URLSearchParams, proxyScript: string): { csp: string; html: string } {
  const csp = buildCsp(decodeCsp(search.get('csp')).csp);
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Widget sandbox</title>
<style>html,body{margin:0;height:100%;overflow:hidden;background:transparent}iframe{display:block;border:0;width:100%;height:100%;color-scheme:normal}</style>
</head>
<body><script type="module">${inlineScript(proxyScript)}</script></body>
</html>
`;
  return { csp, html };
}

/** A request handler that serves only the sandbox page (for the sandbox origin's own listener). */
export function createSandboxHandler(options: { distDir: string }) {
  const scriptPath = join(options.distDir, SANDBOX_SCRIPT);
  let script: string | null = null;
  return function handleSandbox(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
    if (url.pathname !== SANDBOX_PATH) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('Not found: this origin serves only /sandbox.');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, allow: 'GET, HEAD' }).end();
      return;
    }
    script ??= existsSync(scriptPath) ? readFileSync(scriptPath, 'utf8') : null;
    if (script === null) {
      res.writeHead(503, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('Sandbox script not built; run `npm run build`.');
      return;
    }
    const page = sandboxPage(url.searchParams, script);
    res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': page.csp });
    res.end(req.method === 'HEAD' ? undefined : page.html);
  };
}

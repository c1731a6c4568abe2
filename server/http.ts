/**
 * Streamable HTTP in stateless mode: every POST /mcp gets a fresh MCP server and transport and a
 * JSON response, so any instance can answer any request (as on a serverless function). The same
 * listener serves GET /healthz and the preview page at `/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { SkylitApp } from './app.ts';
import { PREVIEW_CSP, previewPage } from './preview/page.ts';
import { bundlePath } from './resources.ts';

export const MCP_PATH = '/mcp';
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export interface HttpOptions {
  port: number;
  host: string;
  /** Where the vite build put the bundles (dist/); the preview page serves its scripts from here. */
  distDir: string;
}

export interface RunningHttpServer {
  server: HttpServer;
  /** e.g. http://127.0.0.1:8787 */
  origin: string;
  close(): Promise<void>;
}

/** Starts listening; resolves once the port is bound. */
export async function startHttpServer(app: SkylitApp, options: HttpOptions): Promise<RunningHttpServer> {
  const handler = createRequestHandler(app, options);
  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      app.log.error(`http ${req.method} ${req.url} failed: ${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, jsonRpcError(-32603, 'Internal server error'));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    origin: `http://${hostPart}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The request handler, exported so it can be mounted in another node:http server. */
export function createRequestHandler(app: SkylitApp, options: HttpOptions) {
  const loopbackOnly = LOOPBACK_HOSTS.has(options.host);
  const previewScript = join(options.distDir, 'preview', 'preview.js');

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // A server bound to loopback answers only requests addressed to loopback (blocks DNS rebinding).
    if (loopbackOnly && !isLoopbackHostHeader(req.headers.host)) {
      sendJson(res, 403, { error: `Host ${req.headers.host ?? '(none)'} is not allowed; use http://127.0.0.1 or localhost.` });
      return;
    }
    if (url.pathname === MCP_PATH) return handleMcp(app, req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname === '/healthz') {
      let storeOk = true;
      try {
        await app.store.ping();
      } catch {
        storeOk = false;
      }
      sendJson(res, storeOk ? 200 : 503, {
        status: storeOk ? 'ok' : 'store_unavailable',
        widgets: app.registry.widgets.length,
        tools: app.tools.length,
        store: app.store.kind,
      });
      return;
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const mcpUrl = `http://${req.headers.host ?? `${options.host}:${options.port}`}${MCP_PATH}`;
      sendText(res, 200, 'text/html; charset=utf-8', previewPage(app, MCP_PATH, mcpUrl), { 'content-security-policy': PREVIEW_CSP });
      return;
    }
    if (url.pathname === '/preview/preview.js') {
      if (!existsSync(previewScript)) {
        sendText(res, 404, 'text/plain; charset=utf-8', 'Preview script not built; run `npm run build`.');
        return;
      }
      sendText(res, 200, 'text/javascript; charset=utf-8', readFileSync(previewScript, 'utf8'));
      return;
    }
    const widgetScript = /^\/preview\/widgets\/([^/]+)\.js$/.exec(url.pathname);
    if (widgetScript) {
      const id = decodeURIComponent(widgetScript[1]!);
      if (app.registry.widget(id)) {
        sendText(res, 200, 'text/javascript; charset=utf-8', readFileSync(bundlePath(options.distDir, id), 'utf8'));
        return;
      }
    }
    sendText(res, 404, 'text/plain; charset=utf-8', 'Not found. Try / (preview), /healthz or POST /mcp.');
  };
}

async function handleMcp(app: SkylitApp, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') {
    // Stateless: no server-initiated stream to GET, no session to DELETE.
    res.setHeader('allow', 'POST');
    sendJson(res, 405, jsonRpcError(-32000, 'Method not allowed: this server is stateless; send JSON-RPC with POST.'));
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req));
  } catch (error) {
    if (error instanceof BodyTooLargeError) sendJson(res, 413, jsonRpcError(-32600, error.message));
    else sendJson(res, 400, jsonRpcError(-32700, 'Parse error: the body is not valid JSON'));
    return;
  }
  const server = app.createMcpServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}

class BodyTooLargeError extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) reject(new BodyTooLargeError(`Request body over ${MAX_BODY_BYTES} bytes`));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function isLoopbackHostHeader(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  return LOOPBACK_HOSTS.has(name.toLowerCase());
}

function jsonRpcError(code: number, message: string) {
  return { jsonrpc: '2.0', error: { code, message }, id: null };
}

const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  sendText(res, status, 'application/json', JSON.stringify(value));
}

function sendText(res: ServerResponse, status: number, type: string, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...SECURITY_HEADERS, ...headers });
  res.end(text);
}

/**
 * Streamable HTTP in stateless mode: every POST /mcp gets a fresh MCP server and transport and a
 * JSON response, so any instance can answer any request (as on a serverless function). The same
 * listener serves GET /healthz and the preview page at `/`.
 *
 * Limits (HttpLimits): a request body over `maxBodyBytes` answers 413 and its connection closes;
 * headers must arrive within `headersTimeoutMs` and the whole request within `requestTimeoutMs`
 * (node:http answers 408); an idle connection closes after `idleTimeoutMs`. A path that is not a
 * path (a malformed percent-escape, an absolute URL) answers 400, an unknown one 404: never 500.
 *
 * Browsers: the MCP endpoint answers pages on its own origin and on the origins in `corsOrigins`
 * (preflight included); a browser request from any other origin answers 403 (server/cors.ts).
 * The host playground is at `/host`; the sandbox origin its widgets run on is a second listener
 * (`sandbox`, server/sandbox.ts) that serves nothing else.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { SkylitApp } from './app.ts';
import { bearerAuthenticator, resourceMetadata, resourceMetadataPath, type AuthOptions } from './auth.ts';
import { corsVerdict } from './cors.ts';
import { managerCsp, managerPage } from './manager/page.ts';
import { MANAGER_WIDGET_ID } from './manager/widget-manifest.ts';
import { playgroundCsp, playgroundPage } from './playground/page.ts';
import { PREVIEW_CSP, previewPage } from './preview/page.ts';
import { bundlePath } from './resources.ts';
import { createSandboxHandler, SANDBOX_PATH } from './sandbox.ts';
import { clip } from './text.ts';

export const MCP_PATH = '/mcp';
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** What one request may cost the server. */
export interface HttpLimits {
  /** Largest request body (default 1 MiB). */
  maxBodyBytes: number;
  /** Time to receive the request headers (default 10 s). */
  headersTimeoutMs: number;
  /** Time to receive the whole request, body included (default 30 s). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection closes after this (default 5 s). */
  idleTimeoutMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  maxBodyBytes: 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 5_000,
};

export interface HttpOptions {
  port: number;
  host: string;
  /** Where the vite build put the bundles (dist/); the preview page serves its scripts from here. */
  distDir: string;
  /** Request limits (each defaults to DEFAULT_HTTP_LIMITS). */
  limits?: Partial<HttpLimits>;
  /** Bearer-token auth on /mcp (server/auth.ts); none: one user. */
  auth?: AuthOptions;
  /** Origins (exact, e.g. `https://app.example.com`) whose pages may call the MCP endpoint from the browser. */
  corsOrigins?: readonly string[];
  /**
   * The sandbox origin for <sky-widget-frame>: a second listener on `port` (0: any free port) on the
   * same host, serving only /sandbox. `url` overrides the address pages use (e.g. behind a proxy).
   */
  sandbox?: { port: number; url?: string };
}

/** Whether `host` (a HOST setting) is a loopback interface. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host);
}

export interface RunningHttpServer {
  server: HttpServer;
  /** e.g. http://127.0.0.1:8787 */
  origin: string;
  /** The sandbox page's URL (e.g. http://127.0.0.1:8788/sandbox) when a sandbox listener runs. */
  sandboxUrl?: string;
  close(): Promise<void>;
}

/** Starts listening; resolves once the port is bound. */
export async function startHttpServer(app: SkylitApp, options: HttpOptions): Promise<RunningHttpServer> {
  const sandbox = options.sandbox ? await listen(createServer(createSandboxHandler(options)), options.sandbox.port, options.host) : null;
  const sandboxUrl = (host: string | undefined): string | null => {
    if (!sandbox) return null;
    if (options.sandbox?.url) return options.sandbox.url;
    // The page's own host name (localhost or 127.0.0.1, as the user typed it) on the sandbox's port.
    const name = host ? (host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!) : options.host;
    return `http://${name}:${(sandbox.address() as AddressInfo).port}${SANDBOX_PATH}`;
  };
  const handler = createRequestHandler(app, { ...options, sandboxUrl });
  const limits = { ...DEFAULT_HTTP_LIMITS, ...options.limits };
  // node:http enforces the header and request timeouts on a timer: check often enough for them to mean what they say.
  const connectionsCheckingInterval = Math.max(100, Math.min(1_000, limits.headersTimeoutMs / 2));
  const server = createServer({ connectionsCheckingInterval }, (req, res) => {
    handler(req, res).catch((error: unknown) => {
      app.log.error(`http ${req.method} ${req.url} failed: ${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, jsonRpcError(-32603, 'Internal server error'));
      else res.end();
    });
  });
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.idleTimeoutMs;
  try {
    await listen(server, options.port, options.host);
  } catch (error) {
    if (sandbox) await closeServer(sandbox);
    throw error;
  }
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    origin: `http://${hostPart}:${address.port}`,
    ...(sandbox ? { sandboxUrl: sandboxUrl(`${hostPart}:${address.port}`)! } : {}),
    close: async () => {
      await Promise.all([closeServer(server), sandbox ? closeServer(sandbox) : undefined]);
    },
  };
}

function listen(server: HttpServer, port: number, host: string): Promise<HttpServer> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function closeServer(server: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** The scripts of the server's own pages (built by server/build.ts into the dist directory). */
const pageScripts = new Map([
  ['/preview/preview.js', { name: 'Preview', file: 'preview/preview.js' }],
  ['/playground/playground.js', { name: 'Playground', file: 'playground/playground.js' }],
  ['/manager/manager.js', { name: 'Manager', file: 'manager/manager.js' }],
]);

/** The request handler, exported so it can be mounted in another node:http server. */
export function createRequestHandler(app: SkylitApp, options: HttpOptions & { sandboxUrl?: (host: string | undefined) => string | null }) {
  const loopbackOnly = LOOPBACK_HOSTS.has(options.host);
  const corsOrigins = options.corsOrigins ?? [];
  const maxBodyBytes = options.limits?.maxBodyBytes ?? DEFAULT_HTTP_LIMITS.maxBodyBytes;
  const authenticate = options.auth ? bearerAuthenticator(options.auth) : null;
  const metadataPaths = options.auth ? new Set([resourceMetadataPath(options.auth.resourceUrl ?? `http://x${MCP_PATH}`), '/.well-known/oauth-protected-resource']) : new Set<string>();

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A server bound to loopback answers only requests addressed to loopback (blocks DNS rebinding).
    if (loopbackOnly && !isLoopbackHostHeader(req.headers.host)) {
      sendJson(res, 403, { error: `Host ${clip(req.headers.host ?? '(none)', 100)} is not allowed; use http://127.0.0.1 or localhost.` });
      return;
    }
    const pathname = pathOf(req.url);
    if (pathname === null) {
      sendText(res, 400, 'text/plain; charset=utf-8', 'Bad request: the path is not a valid URL path.');
      return;
    }
    const origin = `http://${req.headers.host ?? `${options.host}:${options.port}`}`;
    if (pathname === MCP_PATH) {
      const cors = corsVerdict(req, corsOrigins);
      if (cors.kind === 'refused') {
        sendJson(res, 403, jsonRpcError(-32000, `Origin ${clip(cors.origin, 100)} may not call this server from a browser. Add it to SKYLIT_CORS_ORIGINS (server/README.md, "Browsers and CORS").`));
        return;
      }
      if (cors.kind === 'allowed') for (const [name, value] of Object.entries(cors.headers)) res.setHeader(name, value);
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { allow: 'POST, OPTIONS', ...SECURITY_HEADERS }).end();
        return;
      }
      // With auth, a request without a good token is answered here (401 naming the metadata), and
      // the token's user reaches the tools through the transport (extra.authInfo).
      if (authenticate && !(await authenticate(req, res, `${origin}${MCP_PATH}`))) return;
      return handleMcp(app, req, res, maxBodyBytes);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (pathname === '/healthz') {
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
    if (pathname === '/' || pathname === '/index.html') {
      const mcpUrl = `http://${req.headers.host ?? `${options.host}:${options.port}`}${MCP_PATH}`;
      sendText(res, 200, 'text/html; charset=utf-8', previewPage(app, MCP_PATH, mcpUrl), { 'content-security-policy': PREVIEW_CSP });
      return;
    }
    if (metadataPaths.has(pathname)) {
      sendJson(res, 200, resourceMetadata(options.auth!, `${origin}${MCP_PATH}`));
      return;
    }
    if ((pathname === '/manager' || pathname === '/manager/') && app.registry.widget(MANAGER_WIDGET_ID)) {
      const sandboxUrl = options.sandboxUrl?.(req.headers.host) ?? null;
      sendText(res, 200, 'text/html; charset=utf-8', managerPage(app, MCP_PATH, Boolean(options.auth), sandboxUrl), { 'content-security-policy': managerCsp(sandboxUrl) });
      return;
    }
    if (pathname === '/host' || pathname === '/host/') {
      const sandboxUrl = options.sandboxUrl?.(req.headers.host) ?? null;
      sendText(res, 200, 'text/html; charset=utf-8', playgroundPage({ mcpPath: MCP_PATH, sandboxUrl }), {
        'content-security-policy': playgroundCsp(sandboxUrl),
      });
      return;
    }
    const page = pageScripts.get(pathname);
    if (page && (pathname !== '/manager/manager.js' || app.registry.widget(MANAGER_WIDGET_ID))) {
      const file = join(options.distDir, page.file);
      if (!existsSync(file)) {
        sendText(res, 404, 'text/plain; charset=utf-8', `${page.name} script not built; run \`npm run build\`.`);
        return;
      }
      sendText(res, 200, 'text/javascript; charset=utf-8', readFileSync(file, 'utf8'));
      return;
    }
    const widgetScript = /^\/preview\/widgets\/([^/]+)\.js$/.exec(pathname);
    if (widgetScript) {
      const id = decodePathSegment(widgetScript[1]!);
      if (id === null) {
        sendText(res, 400, 'text/plain; charset=utf-8', 'Bad request: malformed percent-escape in the path.');
        return;
      }
      if (app.registry.widget(id)) {
        sendText(res, 200, 'text/javascript; charset=utf-8', readFileSync(bundlePath(options.distDir, id), 'utf8'));
        return;
      }
    }
    sendText(res, 404, 'text/plain; charset=utf-8', 'Not found. Try / (preview), /host (host playground), /healthz or POST /mcp.');
  };
}

async function handleMcp(app: SkylitApp, req: IncomingMessage, res: ServerResponse, maxBodyBytes: number): Promise<void> {
  if (req.method !== 'POST') {
    // Stateless: no server-initiated stream to GET, no session to DELETE.
    res.setHeader('allow', 'POST');
    sendJson(res, 405, jsonRpcError(-32000, 'Method not allowed: this server is stateless; send JSON-RPC with POST.'));
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req, maxBodyBytes));
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      // Stop reading: answer, then close the connection rather than drain the rest.
      res.setHeader('connection', 'close');
      res.on('finish', () => req.destroy());
      sendJson(res, 413, jsonRpcError(-32600, error.message));
    } else sendJson(res, 400, jsonRpcError(-32700, 'Parse error: the body is not valid JSON'));
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

/** The body as text; rejects with BodyTooLargeError as soon as it is known to be over `max` bytes. */
function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new BodyTooLargeError(`Request body over ${max} bytes; send less.`);
    if (Number(req.headers['content-length'] ?? 0) > max) {
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
      else {
        req.off('data', onData);
        req.pause();
        reject(tooLarge());
      }
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The path of a request target (`/a/b` of `/a/b?x`), or null when it is not an origin-form path:
 * an absolute URL, `*`, or one starting `//`.
 */
function pathOf(target: string | undefined): string | null {
  const path = (target ?? '/').split('?')[0]!.split('#')[0]!;
  return path.startsWith('/') && !path.startsWith('//') ? path : null;
}

/** A percent-decoded path segment, or null when an escape is malformed. */
function decodePathSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
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

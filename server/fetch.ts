/**
 * The server as a web-standard fetch handler, `(request: Request) => Promise<Response>`, for
 * serverless platforms and any runtime with Request/Response (Node 20+, Deno, Bun, workers that can
 * run the chosen store). Same protocol as http.ts: Streamable HTTP in stateless mode (a fresh MCP
 * server and transport per request, JSON responses), so any instance answers any request; give
 * every instance the same PostgreSQL store (DATABASE_URL) and they serve one set of games.
 *
 *   const app = createServer({ widgets: builtinWidgets, store: await openStore({ databaseUrl }), distDir });
 *   export default { fetch: createFetchHandler(app) };
 */
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { SkylitApp } from './app.ts';

export interface FetchHandlerOptions {
  /** Path of the MCP endpoint (default `/mcp`). */
  mcpPath?: string;
  /** Largest request body in bytes; a larger one answers 413 (default 1 MiB). */
  maxBodyBytes?: number;
}

export const DEFAULT_FETCH_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Answers `POST <mcpPath>` (MCP), `GET /healthz` (`{ status, widgets, tools, store }`, 503 when the
 * store does not answer), 405 for other methods on the MCP path, 404 elsewhere.
 */
export function createFetchHandler(app: SkylitApp, options: FetchHandlerOptions = {}): (request: Request) => Promise<Response> {
  const mcpPath = options.mcpPath ?? '/mcp';
  const maxRequestBodySize = options.maxBodyBytes ?? DEFAULT_FETCH_MAX_BODY_BYTES;

  return async function handle(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === mcpPath) {
      if (request.method !== 'POST') {
        return json(405, jsonRpcError(-32000, 'Method not allowed: this server is stateless; send JSON-RPC with POST.'), { allow: 'POST' });
      }
      const server = app.createMcpServer();
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true, maxRequestBodySize });
      try {
        await server.connect(transport);
        return await transport.handleRequest(request);
      } finally {
        // JSON mode: the response is complete once handleRequest returns.
        await transport.close();
        await server.close();
      }
    }
    if (pathname === '/healthz' && (request.method === 'GET' || request.method === 'HEAD')) {
      let ok = true;
      try {
        await app.store.ping();
      } catch {
        ok = false;
      }
      return json(ok ? 200 : 503, { status: ok ? 'ok' : 'store_unavailable', widgets: app.registry.widgets.length, tools: app.tools.length, store: app.store.kind });
    }
    return new Response(`Not found. Try POST ${mcpPath} or GET /healthz.`, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', ...HEADERS } });
  };
}

const HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

function json(status: number, value: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json', ...HEADERS, ...headers } });
}

function jsonRpcError(code: number, message: string) {
  return { jsonrpc: '2.0', error: { code, message }, id: null };
}

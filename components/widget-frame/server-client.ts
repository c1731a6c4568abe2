/**
 * The MCP client <sky-widget-frame> uses when given a `server` URL: the official SDK client over
 * Streamable HTTP, validating tool output with the SDK's eval-free JSON-schema validator (the page
 * may forbid eval by CSP). One connection per server URL per page, shared by every frame.
 *
 * A page can pass its own client instead (the `client` property): anything with these three methods,
 * e.g. an SDK `Client` it already has, or a small adapter over its own backend.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult, ReadResourceResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { CfWorkerJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/cfworker';

/** What the frame needs of an MCP client. */
export interface FrameClient {
  listTools(params?: { cursor?: string }): Promise<{ tools: Tool[]; nextCursor?: string }>;
  callTool(params: { name: string; arguments?: Record<string, unknown> }): Promise<CallToolResult | Record<string, unknown>>;
  readResource(params: { uri: string }): Promise<ReadResourceResult>;
}

const clients = new Map<string, Promise<Client>>();

/**
 * The page's shared client for `url` (connected on first use; a failed connection is forgotten, so a
 * retry tries again). `headers` go with every request, e.g. `{ authorization: 'Bearer …' }` for a
 * server that checks tokens; pass the result as the frame's `client`.
 */
export function clientFor(url: string, headers: Record<string, string> = {}): Promise<FrameClient> {
  const href = new URL(url, location.href).href;
  const key = `${href} ${JSON.stringify(headers)}`;
  let client = clients.get(key);
  if (!client) {
    client = connect(href, headers);
    clients.set(key, client);
    client.catch(() => clients.delete(key));
  }
  return client;
}

/** Every tool of a client (following `nextCursor`), cached per client. */
const toolLists = new WeakMap<FrameClient, Promise<Tool[]>>();
export function toolsOf(client: FrameClient): Promise<Tool[]> {
  let list = toolLists.get(client);
  if (!list) {
    list = (async () => {
      const tools: Tool[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 50; page++) {
        const answer = await client.listTools(cursor ? { cursor } : undefined);
        tools.push(...answer.tools);
        cursor = answer.nextCursor;
        if (!cursor) break;
      }
      return tools;
    })();
    toolLists.set(client, list);
    list.catch(() => toolLists.delete(client));
  }
  return list;
}

async function connect(url: string, headers: Record<string, string>): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers },
    // No server-to-client stream: the frame never needs one, and a stateless server answers the
    // GET with 405, which the browser would log as an error on the page.
    fetch: (input, init) => (init?.method === 'GET' ? Promise.resolve(new Response(null, { status: 405 })) : fetch(input, init)),
  });
  const client = new Client(
    { name: 'skylit-widget-frame', version: '0.1.0' },
    { capabilities: {}, jsonSchemaValidator: new CfWorkerJsonSchemaValidator() },
  );
  await client.connect(transport);
  return client;
}

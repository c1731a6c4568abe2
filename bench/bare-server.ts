/**
 * The baseline for bench/server.ts: a bare SDK server (McpServer, stateless Streamable HTTP, JSON
 * responses) answering the same two counter tools from memory — no registry, no resources, no store.
 * PORT selects the port.
 */
import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

const counters = new Map<string, { value: number; version: number }>();
const view = { name: z.string(), value: z.number(), version: z.number() };

function createBareServer(): McpServer {
  const server = new McpServer({ name: 'bare', version: '1.0.0' });
  server.registerTool(
    'counter_get',
    { description: 'Shows a counter.', inputSchema: { name: z.string() }, outputSchema: view },
    async ({ name }) => {
      const c = counters.get(name) ?? { value: 0, version: 0 };
      const structuredContent = { name, ...c };
      return { content: [{ type: 'text', text: `Counter ${name} is at ${c.value}.` }], structuredContent };
    },
  );
  server.registerTool(
    'counter_increment',
    {
      description: 'Increments a counter.',
      inputSchema: { name: z.string(), by: z.number().int(), expectedVersion: z.number().int(), requestId: z.string() },
      outputSchema: view,
    },
    async ({ name, by }) => {
      const c = counters.get(name) ?? { value: 0, version: 0 };
      const next = { value: c.value + by, version: c.version + 1 };
      counters.set(name, next);
      return { content: [{ type: 'text', text: `Counter ${name} is now ${next.value}.` }], structuredContent: { name, ...next } };
    },
  );
  return server;
}

const http = createServer(async (req, res) => {
  if (req.method !== 'POST' || req.url !== '/mcp') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const server = createBareServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, JSON.parse(Buffer.concat(chunks).toString()));
});
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stderr.write(`bare listening on http://127.0.0.1:${(http.address() as { port: number }).port}/mcp\n`);
});

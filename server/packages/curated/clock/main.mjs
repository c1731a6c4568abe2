// World clock: a widget package with no dependencies. An MCP server over Streamable HTTP
// (stateless, JSON answers) on PORT / HOST, with one tool (`now`) and its view (an MCP Apps
// page that shows the tool's result). Skylit's widget manager starts it as a process.
import { createServer } from 'node:http';

const VIEW = 'ui://clock/card.html';
const MIME = 'text/html;profile=mcp-app';

// The view: answers the MCP Apps handshake by hand and shows each tool result.
const HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>World clock</title>
<style>body{font:16px system-ui,sans-serif;margin:0;padding:12px;color:CanvasText;background:Canvas}p{margin:0}.time{font-size:2rem;font-variant-numeric:tabular-nums}</style></head>
<body><p class="time" id="time">…</p><p id="zone"></p>
<script type="module">
let next = 1;
const send = (message) => window.parent.postMessage({ jsonrpc: '2.0', ...message }, '*');
window.addEventListener('message', (event) => {
  if (event.source !== window.parent) return;
  const message = event.data;
  if (message?.id === 1 && message.result) send({ method: 'ui/notifications/initialized', params: {} });
  if (message?.method === 'ui/notifications/tool-result') {
    const view = message.params?.structuredContent;
    if (view) {
      document.getElementById('time').textContent = view.time;
      document.getElementById('zone').textContent = view.timeZone;
    }
  }
});
send({ id: next++, method: 'ui/initialize', params: { appInfo: { name: 'world-clock', version: '1.0.0' }, appCapabilities: {}, protocolVersion: '2026-01-26' } });
</script></body></html>`;

const tools = [
  {
    name: 'now',
    title: 'Time now',
    description: 'The time now in a time zone (IANA name, e.g. Europe/Paris; default UTC).',
    inputSchema: { type: 'object', properties: { timeZone: { type: 'string', description: 'IANA time zone, e.g. Europe/Paris.' } } },
    outputSchema: { type: 'object', properties: { iso: { type: 'string' }, time: { type: 'string' }, timeZone: { type: 'string' } }, required: ['iso', 'time', 'timeZone'] },
    annotations: { readOnlyHint: true },
    _meta: { ui: { resourceUri: VIEW }, 'openai/outputTemplate': VIEW },
  },
];

function now(args) {
  const timeZone = typeof args.timeZone === 'string' && args.timeZone ? args.timeZone : 'UTC';
  let time;
  try {
    time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date());
  } catch {
    return { isError: true, content: [{ type: 'text', text: `Unknown time zone "${timeZone.slice(0, 60)}". Use an IANA name such as Europe/Paris.` }] };
  }
  const iso = new Date().toISOString();
  return { content: [{ type: 'text', text: `It is ${time} in ${timeZone}.` }], structuredContent: { iso, time, timeZone } };
}

function handle(message) {
  const { method, params = {} } = message;
  switch (method) {
    case 'initialize':
      return { result: { protocolVersion: params.protocolVersion ?? '2025-06-18', capabilities: { tools: {}, resources: {} }, serverInfo: { name: 'world-clock', version: '1.0.0' } } };
    case 'ping':
      return { result: {} };
    case 'tools/list':
      return { result: { tools } };
    case 'tools/call':
      if (params.name !== 'now') return { result: { isError: true, content: [{ type: 'text', text: `No tool ${String(params.name).slice(0, 60)}.` }] } };
      return { result: now(params.arguments ?? {}) };
    case 'resources/list':
      return { result: { resources: [{ uri: VIEW, name: 'card', title: 'World clock', mimeType: MIME }] } };
    case 'resources/read':
      if (params.uri !== VIEW) return { error: { code: -32002, message: 'Resource not found' } };
      return { result: { contents: [{ uri: VIEW, mimeType: MIME, text: HTML }] } };
    default:
      return { error: { code: -32601, message: 'Method not found' } };
  }
}

const server = createServer((req, res) => {
  const send = (status, body) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (req.url !== '/mcp') return send(404, { error: 'Not found: POST /mcp' });
  if (req.method !== 'POST') return res.writeHead(405, { allow: 'POST' }).end();
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => {
    body += chunk;
    if (body.length > 64 * 1024) req.destroy();
  });
  req.on('end', () => {
    let message;
    try {
      message = JSON.parse(body);
    } catch {
      return send(400, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
    }
    if (message === null || typeof message !== 'object' || Array.isArray(message)) {
      return send(400, { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid request' } });
    }
    if (message.id === undefined) return res.writeHead(202).end();
    send(200, { jsonrpc: '2.0', id: message.id, ...handle(message) });
  });
});

server.listen(Number(process.env.PORT) || 0, process.env.HOST || '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));

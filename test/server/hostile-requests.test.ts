// What a hostile or careless client sends, as raw HTTP: arguments of every wrong JSON type, null
// arguments, names that are not strings, a tool name of a megabyte or with a newline, oversized
// bodies, slow headers, bad paths, and a tool that never answers. The server answers each with a
// field-named isError or a -32602 (never -32603), echoes little, logs one line per call, and keeps
// its slots free.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { createSkylitApp } from '../../server/app.ts';
import { startHttpServer, type RunningHttpServer } from '../../server/http.ts';
import { createLogger, MAX_LOG_LINE } from '../../server/log.ts';
import { defineWidget } from '../../server/registry.ts';
import { bundlePath, DIALECTS } from '../../server/resources.ts';
import { openMemoryStore } from '../../server/store/memory.ts';
import { defineTool } from '../../server/tools.ts';
import { tempDir } from './helpers.ts';

const view = z.object({ text: z.string() });
/** TEST-ONLY widget: a tool whose arguments are all optional, and one that never answers. */
const limitsWidget = defineWidget({
  manifest: {
    id: 'dev.skylit.test-limits',
    name: 'test-limits',
    version: '1.0.0',
    tag: 'sky-test-limits',
    entry: 'test/server/fixtures/counter/define.ts',
    description: 'Tools for the limits tests.',
  },
  tools: [
    defineTool({
      name: 'limits_echo',
      title: 'Echo',
      description: 'Says the text back (default "hello").',
      input: z.object({ text: z.string().max(20).default('hello'), times: z.number().int().min(1).max(3).optional() }),
      output: view,
      annotations: { readOnlyHint: true },
      invoking: 'Echoing…',
      invoked: 'Echoed',
      handler: ({ text, times }, ctx) => ctx.result({ text: text.repeat(times ?? 1), view: { text } }),
    }),
    defineTool({
      name: 'limits_hang',
      title: 'Hang',
      description: 'Never answers.',
      input: z.object({}),
      output: view,
      annotations: { readOnlyHint: true },
      invoking: 'Waiting…',
      invoked: 'Done',
      handler: () => new Promise(() => {}),
    }),
  ],
});

const TOOL_TIMEOUT_MS = 300;

describe('hostile requests', () => {
  const dir = tempDir('skylit-hostile-');
  const logged: string[] = [];
  let http: RunningHttpServer;
  let url: URL;

  before(async () => {
    const dist = join(dir.path, 'dist');
    for (const dialect of [undefined, ...DIALECTS]) {
      const file = bundlePath(dist, 'dev.skylit.test-limits', dialect);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, '/* stub */\n');
    }
    const app = createSkylitApp({
      widgets: [limitsWidget],
      store: openMemoryStore(),
      distDir: dist,
      log: createLogger((line) => logged.push(line)),
      limits: { toolTimeoutMs: TOOL_TIMEOUT_MS, maxConcurrentCalls: 1 },
    });
    http = await startHttpServer(app, {
      port: 0,
      host: '127.0.0.1',
      distDir: dist,
      limits: { maxBodyBytes: 64 * 1024, headersTimeoutMs: 300, requestTimeoutMs: 600 },
    });
    url = new URL('/mcp', http.origin);
  });
  after(async () => {
    await http?.close();
    dir.remove();
  });

  let nextId = 1;
  /** One JSON-RPC request, sent raw; resolves with the HTTP status and the parsed body. */
  async function rpc(method: string, params: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' },
      body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, ...(params === undefined ? {} : { params }) }),
    });
    return { status: response.status, body: await response.json() };
  }
  const text = (body: any) => (body.result?.content ?? []).map((c: { text: string }) => c.text).join('\n');

  it('answers arguments of the wrong JSON type with a field-named isError, like any bad input', async () => {
    for (const [args, type] of [['hello', 'string'], [42, 'number'], [true, 'boolean'], [[1, 2], 'array']] as const) {
      const { status, body } = await rpc('tools/call', { name: 'limits_echo', arguments: args });
      assert.equal(status, 200);
      assert.equal(body.error, undefined, `${type}: no protocol error`);
      assert.equal(body.result.isError, true);
      assert.equal(text(body), `Invalid arguments for limits_echo:\n  - arguments: must be object (got ${type})`);
    }
    const nested = await rpc('tools/call', { name: 'limits_echo', arguments: { text: 5, times: 'twice', extra: null } });
    assert.match(text(nested.body), /- text: must be string \(got number\)\n {2}- times: must be number \(got string\)/);
  });

  it('treats null or missing arguments as none: a tool whose arguments are all optional runs', async () => {
    for (const params of [{ name: 'limits_echo', arguments: null }, { name: 'limits_echo' }]) {
      const { body } = await rpc('tools/call', params);
      assert.equal(body.result?.isError, undefined, JSON.stringify(body));
      assert.deepEqual(body.result.structuredContent, { text: 'hello' });
    }
  });

  it('answers params the SDK cannot read with -32602, never -32603', async () => {
    const cases: [string, unknown][] = [
      ['tools/call', { name: 42, arguments: {} }],
      ['tools/call', { name: null }],
      ['tools/call', { arguments: {} }],
      ['tools/call', undefined],
      ['resources/read', { uri: 5 }],
      ['resources/read', {}],
      ['tools/list', { cursor: { page: 2 } }],
    ];
    for (const [method, params] of cases) {
      const { body } = await rpc(method, params);
      assert.equal(body.error?.code, -32602, `${method} ${JSON.stringify(params)}: ${JSON.stringify(body)}`);
    }
    const { body } = await rpc('resources/read', { uri: 5 });
    assert.match(body.error.message, /Invalid params for resources\/read:\n {2}- params\.uri: must be string \(got number\)/);
  });

  it('echoes at most a few dozen characters of an unknown tool name, however long', async () => {
    const { body } = await rpc('tools/call', { name: `x${'y'.repeat(60_000)}`, arguments: {} });
    assert.equal(body.result.isError, true);
    assert.ok(text(body).length < 300, `the answer has ${text(body).length} characters`);
    assert.match(text(body), /^Unknown tool "xyyy+…"\. This server has: limits_echo, limits_hang\.$/);
    const line = logged.filter((l) => l.includes('outcome=unknown_tool')).at(-1)!;
    assert.ok(line.length <= MAX_LOG_LINE + 1, 'the log line is capped');
  });

  it('logs a tool name with a newline (or any control character) as one escaped line', async () => {
    const before = logged.length;
    await rpc('tools/call', { name: 'limits_echo\n2026-01-01T00:00:00.000Z info tool_call tool=forged outcome=ok\u2028\u001b[31m', arguments: {} });
    const written = logged.slice(before).join('');
    assert.equal(written.split('\n').length - 1, 1, 'one call, one line');
    assert.doesNotMatch(written, /\u2028|\u001b/);
    assert.match(written, /tool_call tool="limits_echo\\n2026-01-01T00:00:00\.000Z info tool_call tool=forged outcome=ok\\u2028\\u001b\[31m" duration_ms=\S+ outcome=unknown_tool\n$/);
  });

  it('answers a tool that hangs with "took too long", and frees its slot', async () => {
    const hanging = rpc('tools/call', { name: 'limits_hang', arguments: {} });
    await new Promise((r) => setTimeout(r, 50));
    const meanwhile = await rpc('tools/call', { name: 'limits_echo', arguments: {} });
    assert.equal(text(meanwhile.body), 'The server is busy (1 tool calls under way). Try again in a moment.');
    const { body } = await hanging;
    assert.equal(body.result.isError, true);
    assert.equal(text(body), 'limits_hang took too long (more than 0.3 s) and was stopped. Try again in a moment.');
    const after = await rpc('tools/call', { name: 'limits_echo', arguments: { text: 'free' } });
    assert.deepEqual(after.body.result.structuredContent, { text: 'free' }, 'the slot is free again');
    assert.ok(logged.some((l) => /tool=limits_hang duration_ms=\S+ outcome=timeout$/.test(l.trimEnd())));
  });

  it('refuses a body over the limit with 413 and closes the connection', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'limits_echo', arguments: { text: 'x'.repeat(100_000) } } }),
    });
    assert.equal(response.status, 413);
    assert.equal(((await response.json()) as { error: { code: number } }).error.code, -32600);
  });

  it('drops a client that sends its headers too slowly', async () => {
    const socket = connect(Number(http.origin.split(':').at(-1)), '127.0.0.1');
    socket.write('POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const answer = await new Promise<string>((resolve) => {
      let data = '';
      socket.on('data', (chunk) => (data += chunk));
      socket.on('close', () => resolve(data));
    });
    assert.match(answer, /^HTTP\/1\.1 408/);
  });

  it('answers bad paths with 400 or 404, never 500', async () => {
    const status = async (path: string) => (await fetch(new URL(path, http.origin))).status;
    assert.equal(await status('/preview/widgets/%zz.js'), 400);
    assert.equal(await status('/preview/widgets/%E0%A4%A.js'), 400);
    assert.equal(await status('/preview/widgets/dev.skylit.nope.js'), 404);
    assert.equal(await status('/%zz'), 404);
    const absolute = await new Promise<number>((resolve, reject) => {
      const socket = connect(Number(http.origin.split(':').at(-1)), '127.0.0.1');
      socket.write('GET http://evil.example/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      let data = '';
      socket.on('data', (chunk) => (data += chunk));
      socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1])));
      socket.on('error', reject);
    });
    assert.equal(absolute, 400);
  });
});

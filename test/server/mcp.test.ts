// The MCP surface, with the official SDK Client, over Streamable HTTP and over stdio: what a host
// sees when it connects — tools in both metadata dialects, widget resources, tool calls and errors.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { MCP_APPS_MIME_TYPE, OPENAI_MIME_TYPE } from '../../server/resources.ts';
import { VIEW_ID_META_KEY } from '../../server/result.ts';
import { ensureFixtureBundles, httpClient, startTestServer, stdioClient, tempDir, textOf, type TestServer } from './helpers.ts';

type Meta = Record<string, unknown> & { ui?: Record<string, unknown> };

for (const transport of ['streamable-http', 'stdio'] as const) {
  describe(`MCP over ${transport}`, () => {
    let client: Client;
    let server: TestServer | undefined;
    let stderr = () => '';
    const dir = tempDir();

    before(async () => {
      await ensureFixtureBundles();
      if (transport === 'streamable-http') {
        server = await startTestServer();
        client = await httpClient(server.url);
      } else {
        const connected = await stdioClient({ SKYLIT_DB_PATH: join(dir.path, 'stdio.db') });
        client = connected.client;
        stderr = connected.stderr;
      }
    });
    after(async () => {
      await client?.close();
      await server?.close();
      dir.remove();
    });

    it('initializes and names itself', () => {
      assert.equal(client.getServerVersion()?.name, 'skylit');
      assert.ok(client.getServerCapabilities()?.tools);
      assert.ok(client.getServerCapabilities()?.resources);
    });

    it('lists tools with both metadata dialects, consistent with each other', async () => {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), ['counter_get', 'counter_increment']);
      const { resources } = await client.listResources();
      for (const tool of tools) {
        const meta = tool._meta as Meta;
        const mcpUri = meta.ui?.resourceUri as string;
        const openaiUri = meta['openai/outputTemplate'] as string;
        assert.match(mcpUri, /^ui:\/\/widget\/test-counter\.[0-9a-f]{12}\.html$/);
        assert.match(openaiUri, /^ui:\/\/widget\/test-counter\.[0-9a-f]{12}\.skybridge\.html$/);
        assert.equal(resources.find((r) => r.uri === mcpUri)?.mimeType, MCP_APPS_MIME_TYPE);
        assert.equal(resources.find((r) => r.uri === openaiUri)?.mimeType, OPENAI_MIME_TYPE);
        assert.ok((meta['openai/toolInvocation/invoking'] as string).length <= 64);
        assert.ok((meta['openai/toolInvocation/invoked'] as string).length <= 64);
        assert.equal(tool.inputSchema.type, 'object');
        assert.equal(tool.outputSchema?.type, 'object');
        for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
          assert.equal(typeof tool.annotations?.[hint], 'boolean', `${tool.name} annotations.${hint}`);
        }
      }
      const get = tools.find((t) => t.name === 'counter_get')!;
      const increment = tools.find((t) => t.name === 'counter_increment')!;
      // Model and widget: visible to both, in both dialects.
      assert.deepEqual((get._meta as Meta).ui?.visibility, ['model', 'app']);
      assert.equal(get._meta?.['openai/visibility'], 'public');
      assert.equal(get._meta?.['openai/widgetAccessible'], true);
      assert.equal(get.annotations?.readOnlyHint, true);
      // Widget only: hidden from the model, in both dialects.
      assert.deepEqual((increment._meta as Meta).ui?.visibility, ['app']);
      assert.equal(increment._meta?.['openai/visibility'], 'private');
      assert.equal(increment._meta?.['openai/widgetAccessible'], true);
      assert.equal(increment.annotations?.readOnlyHint, false);
      assert.deepEqual(increment.inputSchema.required?.slice().sort(), ['by', 'expectedVersion', 'name', 'requestId']);
    });

    it('reads both widget resources: each its own transport inlined, element present, CSP in both dialects', async () => {
      const { resources } = await client.listResources();
      assert.equal(resources.length, 2);
      const texts: string[] = [];
      for (const resource of resources) {
        const { contents } = await client.readResource({ uri: resource.uri });
        assert.equal(contents.length, 1);
        const [content] = contents as [{ uri: string; mimeType: string; text: string; _meta: Meta }];
        assert.equal(content.uri, resource.uri);
        assert.equal(content.mimeType, resource.mimeType);
        assert.match(content.text, /^<!doctype html>/);
        assert.match(content.text, /<sky-test-counter><\/sky-test-counter>/);
        assert.match(content.text, /<script type="module">[^]*customElements[^]*<\/script>/);
        assert.doesNotMatch(content.text, /<script[^>]+src=|<link[^>]+href=/, 'no external request');
        assert.deepEqual(content._meta.ui?.csp, { connectDomains: [], resourceDomains: [], frameDomains: [] });
        assert.equal(content._meta.ui?.prefersBorder, true);
        assert.deepEqual(content._meta['openai/widgetCSP'], {
          connect_domains: [],
          resource_domains: [],
          frame_domains: [],
          redirect_domains: [],
        });
        assert.equal(content._meta['openai/widgetPrefersBorder'], true);
        assert.equal(content._meta['openai/widgetDescription'], 'A named counter (test fixture).');
        texts.push(content.text);
        // Each resource inlines the bundle of its dialect: the other host's transport is left out.
        const [mine, other] = content.mimeType === MCP_APPS_MIME_TYPE ? ['ui/initialize', 'openai:set_globals'] : ['openai:set_globals', 'ui/initialize'];
        assert.ok(content.text.includes(mine), `${content.mimeType} carries its transport`);
        assert.ok(!content.text.includes(other), `${content.mimeType} leaves the other transport out`);
      }
      assert.notEqual(texts[0], texts[1]);
    });

    it('answers an unknown resource with an error, not a crash', async () => {
      await assert.rejects(client.readResource({ uri: 'ui://widget/nope.html' }), /Resource not found/);
    });

    it('calls a read tool: text for the model, the view, and a view id in _meta', async () => {
      const result = await client.callTool({ name: 'counter_get', arguments: { name: 'mcp' } });
      assert.equal(result.isError, undefined);
      assert.equal(textOf(result), 'Counter mcp is at 0.');
      assert.deepEqual(result.structuredContent, { name: 'mcp', value: 0, version: 0 });
      assert.equal((result._meta as Meta)[VIEW_ID_META_KEY], 'counter:mcp');
    });

    it('writes with a version, replays a repeated request id, and answers a conflict with the current view', async () => {
      const first = await client.callTool({
        name: 'counter_increment',
        arguments: { name: 'mcp', by: 5, expectedVersion: 0, requestId: 'request-0001' },
      });
      assert.deepEqual(first.structuredContent, { name: 'mcp', value: 5, version: 1 });
      const retry = await client.callTool({
        name: 'counter_increment',
        arguments: { name: 'mcp', by: 5, expectedVersion: 0, requestId: 'request-0001' },
      });
      assert.deepEqual(retry.structuredContent, { name: 'mcp', value: 5, version: 1 }, 'applied once');
      const stale = await client.callTool({
        name: 'counter_increment',
        arguments: { name: 'mcp', by: 1, expectedVersion: 0, requestId: 'request-0002' },
      });
      assert.equal(stale.isError, true);
      assert.match(textOf(stale), /changed meanwhile/);
      assert.deepEqual(stale.structuredContent, { name: 'mcp', value: 5, version: 1 });
      const read = await client.callTool({ name: 'counter_get', arguments: { name: 'mcp' } });
      assert.deepEqual(read.structuredContent, { name: 'mcp', value: 5, version: 1 });
    });

    it('answers bad arguments with isError naming the field and what is allowed', async () => {
      const result = await client.callTool({
        name: 'counter_increment',
        arguments: { name: 'mcp', by: 500, expectedVersion: 1, requestId: 'request-0003' },
      });
      assert.equal(result.isError, true);
      assert.match(textOf(result), /Invalid arguments for counter_increment/);
      assert.match(textOf(result), /- by: .*100/);

      const missing = await client.callTool({ name: 'counter_get', arguments: {} });
      assert.equal(missing.isError, true);
      assert.match(textOf(missing), /- name: is required/);

      const wrongType = await client.callTool({ name: 'counter_get', arguments: { name: 42 } });
      assert.equal(wrongType.isError, true);
      assert.match(textOf(wrongType), /- name: must be string/);
    });

    it('answers an unknown tool with isError listing the tools', async () => {
      const result = await client.callTool({ name: 'counter_reset', arguments: {} });
      assert.equal(result.isError, true);
      assert.match(textOf(result), /Unknown tool "counter_reset".*counter_get, counter_increment/);
    });

    it('logs one line per tool call with tool, duration and outcome, never the arguments', async () => {
      await client.callTool({ name: 'counter_get', arguments: { name: 'secret-name' } });
      const logText = () => (server ? server.logLines.join('\n') : stderr());
      // stderr of a child process may arrive after its stdout answer.
      for (let i = 0; i < 50 && (logText().match(/tool_call/g)?.length ?? 0) < 10; i++) await delay(20);
      const lines = logText().split('\n').filter((l) => l.includes('tool_call'));
      assert.equal(lines.length, 10, `expected a line per call, got:\n${lines.join('\n')}`);
      assert.match(lines.at(-1)!, /tool_call tool=counter_get duration_ms=\d+\.\d outcome=ok$/);
      assert.ok(lines.some((l) => /tool=counter_increment .*outcome=invalid_arguments/.test(l)));
      assert.ok(lines.some((l) => /tool=counter_reset .*outcome=unknown_tool/.test(l)));
      assert.ok(!lines.some((l) => l.includes('secret-name') || l.includes('request-0001')));
    });
  });
}

// The dice widget through a real MCP client: tools, results, errors and the widget page.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { openMemoryStore, serve, silentLogger, type RunningServer } from 'skylit-server';
import { build } from '../src/build.ts';
import type { DiceView } from '../src/view.ts';
import { diceWidget } from '../src/widget.ts';

type Result = { structuredContent?: DiceView; isError?: boolean; content: { type: string; text: string }[] };

const dist = mkdtempSync(join(tmpdir(), 'dice-dist-'));
let server: RunningServer;
let client: Client;

before(async () => {
  await build(dist);
  server = await serve({ widgets: [diceWidget], distDir: dist, store: openMemoryStore(), port: 0, log: silentLogger });
  client = new Client({ name: 'dice-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(server.url!));
});

after(async () => {
  await client?.close();
  await server?.close();
  rmSync(dist, { recursive: true, force: true });
});

const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as Result;

describe('the dice widget', () => {
  it('lists both tools, each pointing at the widget page', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), ['dice_last', 'dice_roll']);
    for (const tool of tools) assert.match((tool._meta as { ui: { resourceUri: string } }).ui.resourceUri, /^ui:\/\/widget\/dice\./);
  });

  it('says what to do when nothing was rolled yet', async () => {
    const result = await call('dice_last', {});
    assert.equal(result.isError, true);
    assert.match(result.content[0]!.text, /No dice rolled yet\. Roll them with dice_roll/);
  });

  it('rolls the dice asked for, and dice_last shows that roll', async () => {
    const first = await call('dice_roll', { count: 3, sides: 8 });
    const view = first.structuredContent!;
    assert.equal(view.rolls.length, 3);
    assert.ok(view.rolls.every((n) => n >= 1 && n <= 8));
    assert.equal(view.total, view.rolls.reduce((a, b) => a + b, 0));
    assert.deepEqual((await call('dice_last', {})).structuredContent, view);
    const second = await call('dice_roll', {});
    assert.equal(second.structuredContent!.rolls.length, 2, 'two dice by default');
    assert.equal(second.structuredContent!.version, view.version + 1);
  });

  it('refuses impossible dice, naming the field', async () => {
    const result = await call('dice_roll', { count: 11 });
    assert.equal(result.isError, true);
    assert.match(result.content[0]!.text, /count/);
  });

  it('publishes the widget page with its element and bundle inlined, and no server code in it', async () => {
    const { resources } = await client.listResources();
    const page = await client.readResource({ uri: resources[0]!.uri });
    const html = (page.contents[0] as { text: string }).text;
    assert.match(html, /<example-dice><\/example-dice>/);
    assert.match(html, /customElements\.define\("example-dice"|example-dice/);
    assert.doesNotMatch(html, /ZodObject|modelcontextprotocol/, 'zod and the SDK stay on the server');
  });
});

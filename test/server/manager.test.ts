/**
 * The widget manager over the SDK client, with bearer-token auth for two users: installing the
 * fixture package (a small MCP server written for these tests) by URL, by file (a manifest, an
 * archive) and from the curated list; its tools namespaced in tools/list and working, its UI
 * resource read through this server; disable → gone and refused, enable → back; each user sees only
 * their own; invalid manifests and hostile archives refused naming the field, with nothing saved; a
 * crashing package restarted, its calls in the gap failing cleanly; packages that hang, answer
 * garbage or too much; uninstall; seed 003's debug events.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { writeTarGz } from '../../server/packages/archive.ts';
import { textOf } from './helpers.ts';
import {
  call,
  clientFor,
  eventually,
  fixtureArchive,
  FIXTURE_MANIFEST,
  install,
  requestId,
  selectedOf,
  startManagerServer,
  startRemoteFixture,
  TOKENS,
  type ManagerServer,
  type RemoteFixture,
} from './manager-helpers.ts';

let server: ManagerServer;
let remote: RemoteFixture;
let alice: Client;
let bob: Client;

const toolNames = async (client: Client) => (await client.listTools()).tools.map((tool) => tool.name);
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

before(async () => {
  [server, remote] = await Promise.all([startManagerServer(), startRemoteFixture()]);
  alice = await clientFor(server.url, TOKENS.alice);
  bob = await clientFor(server.url, TOKENS.bob);
});

after(async () => {
  await alice?.close();
  await bob?.close();
  await server?.close();
  await remote?.stop();
});

describe('installing', () => {
  it('by URL: any MCP server; its tools appear namespaced and work, its UI resource reads through this server', async () => {
    const result = await install(alice, { source: 'url', location: remote.url });
    assert.ok(!result.isError, textOf(result));
    assert.match(textOf(result), /^Installed: Fixture widgets \(local\.127-0-0-1-\d+\.fixture-widgets 1\.4\.2, a remote package from a URL\)\. Enabled/);
    const record = selectedOf(result);
    assert.equal(record.values.enabled, true);
    assert.equal(record.values.source, 'url');

    const { tools } = await alice.listTools();
    const echo = tools.find((tool) => tool.name === 'fixture_widgets__echo');
    assert.ok(echo, `no fixture_widgets__echo in ${tools.map((t) => t.name).join(', ')}`);
    assert.match(echo.description ?? '', /From the widget package Fixture widgets/);
    const uri = (echo._meta as { ui: { resourceUri: string } }).ui.resourceUri;
    assert.match(uri, /^ui:\/\/package\/local\.127-0-0-1-\d+\.fixture-widgets\/fixture\/echo\.html$/);
    assert.equal(echo._meta?.['openai/outputTemplate'], uri);

    const answer = await call(alice, 'fixture_widgets__echo', { text: 'hello' });
    assert.ok(!answer.isError, textOf(answer));
    assert.equal(textOf(answer), 'echo: hello');
    assert.equal((answer.structuredContent as { text: string }).text, 'hello');

    const { resources } = await alice.listResources();
    assert.ok(resources.some((resource) => resource.uri === uri), 'the UI resource is listed');
    const read = await alice.readResource({ uri });
    assert.equal(read.contents[0]!.uri, uri);
    assert.equal(read.contents[0]!.mimeType, 'text/html;profile=mcp-app');
    assert.match(String((read.contents[0] as { text?: string }).text), /<title>Echo<\/title>/);
  });

  it('by file: a process package from its archive runs as a process with a minimal environment; only contributed tools are published', async () => {
    const result = await install(alice, { source: 'file', location: 'fixture.tgz' }, { archive: { name: 'fixture.tgz', data: base64(fixtureArchive()) } });
    assert.ok(!result.isError, textOf(result));
    assert.match(textOf(result), /a process package from fixture\.tgz/);
    const names = await toolNames(alice);
    for (const tool of ['echo', 'env', 'slow', 'crash', 'garbage', 'huge']) assert.ok(names.includes(`fixture__${tool}`), `fixture__${tool} missing`);
    assert.ok(!names.includes('fixture__undeclared'), 'a tool the manifest does not contribute is not published');
    const env = await call(alice, 'fixture__env');
    assert.ok(!env.isError, textOf(env));
    assert.deepEqual((env.structuredContent as { names: string[] }).names, ['HOST', 'NODE_ENV', 'PORT', 'SKYLIT_WIDGET_DATA_DIR', 'SKYLIT_WIDGET_ID']);
    const echo = await call(alice, 'fixture__echo', { text: 'from a process' });
    assert.equal(textOf(echo), 'echo: from a process');
    assert.notEqual((echo.structuredContent as { pid: number }).pid, remote.child.pid, 'not the remote fixture');
  });

  it('by file: a pasted manifest of a remote package', async () => {
    const manifest = { id: 'dev.skylit.test.pasted', name: 'Pasted', version: '0.1.0', main: remote.url, executionModel: 'remote', contributes: { tools: [{ name: 'echo' }] } };
    const result = await install(alice, { source: 'file', manifest: JSON.stringify(manifest) });
    assert.ok(!result.isError, textOf(result));
    const names = await toolNames(alice);
    assert.ok(names.includes('pasted__echo'));
    assert.ok(!names.includes('pasted__env'), 'only what the manifest contributes');
    assert.equal(textOf(await call(alice, 'pasted__echo', { text: 'x' })), 'echo: x');
  });

  it('from the curated list: the world clock (a process package shipped in the repository)', async () => {
    const result = await install(alice, { source: 'store', location: 'dev.skylit.examples.clock' });
    assert.ok(!result.isError, textOf(result));
    const now = await call(alice, 'clock__now', { timeZone: 'Europe/Paris' });
    assert.ok(!now.isError, textOf(now));
    assert.match(textOf(now), /^It is \d\d:\d\d:\d\d in Europe\/Paris\.$/);
    const bad = await call(alice, 'clock__now', { timeZone: 'Mars/Olympus' });
    assert.equal(bad.isError, true, 'the package’s own error passes through');
    assert.match(textOf(bad), /Unknown time zone/);
  });

  it('lists them through the view contract of <sky-list-detail>', async () => {
    const list = await call(alice, 'widgets_list');
    const view = list.structuredContent as { total: number; items: { id: string; title: string; status: { label: string } }[]; fields: { name: string }[] };
    assert.equal(view.total, 4);
    assert.deepEqual(view.fields.map((field) => field.name), ['source', 'location', 'manifest', 'enabled']);
    const fixture = view.items.find((item) => item.id === 'dev.skylit.test.fixture');
    assert.equal(fixture?.title, 'Fixture widgets');
    assert.match(textOf(list), /^4 widgets: /);
    const filtered = await call(alice, 'widgets_list', { text: 'clock' });
    assert.deepEqual((filtered.structuredContent as { items: { id: string }[] }).items.map((item) => item.id), ['dev.skylit.examples.clock']);
  });

  it('answers a repeated install (same requestId) with what it installed, and refuses a second install of one package', async () => {
    const id = requestId();
    const archive = { name: 'f.tgz', data: base64(fixtureArchive({ id: 'dev.skylit.test.again' })) };
    const first = await call(alice, 'widget_install', { values: { source: 'file' }, archive, requestId: id });
    assert.ok(!first.isError, textOf(first));
    const again = await call(alice, 'widget_install', { values: { source: 'file' }, archive, requestId: id });
    assert.match(textOf(again), /^Already installed with this requestId/);
    const twice = await call(alice, 'widget_install', { values: { source: 'file' }, archive, requestId: requestId() });
    assert.equal(twice.isError, true);
    assert.match(textOf(twice), /is already installed, version 1\.4\.2\. Uninstall it first/);
    const removed = await call(alice, 'widget_uninstall', { id: 'dev.skylit.test.again', expectedVersion: selectedOf(first).version, requestId: requestId() });
    assert.ok(!removed.isError, textOf(removed));
  });
});

describe('enable and disable', () => {
  it('disabled: the tools leave tools/list and a call is refused with a clear message; enabled: back', async () => {
    const disabled = await call(alice, 'widget_set_enabled', { id: 'dev.skylit.test.fixture', values: { enabled: false }, requestId: requestId() });
    assert.ok(!disabled.isError, textOf(disabled));
    assert.match(textOf(disabled), /^Disabled: Fixture widgets \(dev\.skylit\.test\.fixture\); its tools have left this chat\./);
    assert.ok(!(await toolNames(alice)).some((name) => name.startsWith('fixture__')));
    const refused = await call(alice, 'fixture__echo', { text: 'x' });
    assert.equal(refused.isError, true);
    assert.match(textOf(refused), /fixture__echo belongs to the widget Fixture widgets \(dev\.skylit\.test\.fixture\), which is disabled.*Enable it/);
    const { resources } = await alice.listResources();
    assert.ok(!resources.some((resource) => resource.uri.includes('dev.skylit.test.fixture')), 'its resources leave too');

    const enabled = await call(alice, 'widget_set_enabled', { id: 'dev.skylit.test.fixture', values: { enabled: true }, requestId: requestId() });
    assert.ok(!enabled.isError, textOf(enabled));
    assert.ok((await toolNames(alice)).includes('fixture__echo'));
    assert.equal(textOf(await call(alice, 'fixture__echo', { text: 'back' })), 'echo: back');
  });

  it('a stale version conflicts and answers with the current record; fields that cannot change are refused on the field', async () => {
    const current = selectedOf(await call(alice, 'widget_get', { id: 'dev.skylit.test.fixture' }));
    const stale = await call(alice, 'widget_set_enabled', { id: 'dev.skylit.test.fixture', values: { enabled: false }, expectedVersion: current.version - 1, requestId: requestId() });
    assert.equal(stale.isError, true);
    assert.match(textOf(stale), /changed meanwhile: it is at version \d+, not \d+\. Nothing was changed/);
    assert.equal(selectedOf(stale).version, current.version);
    assert.equal(stale._meta?.['skylit/conflict'], true);
    const fixed = await call(alice, 'widget_set_enabled', { id: 'dev.skylit.test.fixture', values: { manifest: '{}' }, requestId: requestId() });
    assert.match(textOf(fixed), /- values\.manifest: Cannot be changed once the widget is installed/);
    assert.ok((await toolNames(alice)).includes('fixture__echo'), 'still enabled');
  });
});

describe('users', () => {
  it('each user sees only their own installs', async () => {
    const names = await toolNames(bob);
    assert.ok(!names.some((name) => name.includes('__')), `bob sees ${names.join(', ')}`);
    assert.equal((await call(bob, 'widgets_list')).structuredContent?.total, 0);
    const unknown = await call(bob, 'fixture__echo', { text: 'x' });
    assert.equal(unknown.isError, true);
    assert.match(textOf(unknown), /^Unknown tool "fixture__echo"/);
    assert.match(textOf(await call(bob, 'widget_get', { id: 'dev.skylit.test.fixture' })), /No widget dev\.skylit\.test\.fixture is installed/);
  });

  it('the same package installed by two users runs as two processes, one each', async () => {
    const result = await install(bob, { source: 'file' }, { archive: { name: 'fixture.tgz', data: base64(fixtureArchive()) } });
    assert.ok(!result.isError, textOf(result));
    const pidOf = async (client: Client) => (((await call(client, 'fixture__echo', { text: 'pid' })).structuredContent as { pid: number }).pid);
    const [alicePid, bobPid] = [await pidOf(alice), await pidOf(bob)];
    assert.notEqual(alicePid, bobPid);
    assert.ok(!(await toolNames(bob)).includes('clock__now'), 'bob has no clock');
  });

  it('without a token, /mcp answers 401 naming the resource metadata; the metadata is served', async () => {
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer error="invalid_token".*resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp"/);
    const wrong = await fetch(server.url, { method: 'POST', headers: { authorization: 'Bearer nope', 'content-type': 'application/json' }, body: '{}' });
    assert.equal(wrong.status, 401);
    const metadata = await (await fetch(new URL('/.well-known/oauth-protected-resource/mcp', server.url))).json();
    assert.deepEqual(metadata.authorization_servers, ['https://auth.example.com']);
    assert.match(metadata.resource, /\/mcp$/);
  });
});

describe('refusals', () => {
  const listTotal = async () => (await call(alice, 'widgets_list')).structuredContent?.total;

  it('an invalid manifest (bad id, bad semver, missing tools) is refused naming each field; nothing is saved', async () => {
    const before = await listTotal();
    const result = await install(alice, { source: 'file', manifest: JSON.stringify({ id: 'Weather', name: 'W', version: '1.0', main: remote.url, executionModel: 'remote' }) });
    assert.equal(result.isError, true);
    const text = textOf(result);
    assert.match(text, /^Could not install the widget:\n {2}- values\.manifest: The manifest is invalid — /);
    assert.match(text, /id: must be a reverse-DNS id/);
    assert.match(text, /version: must be a semantic version such as 1\.0\.0/);
    assert.match(text, /contributes: is required/);
    const noTools = await install(alice, { source: 'file', manifest: JSON.stringify({ ...FIXTURE_MANIFEST, id: 'dev.skylit.test.none', executionModel: 'remote', main: remote.url, contributes: { tools: [] } }) });
    assert.match(textOf(noTools), /contributes\.tools: must list at least one tool/);
    assert.equal(await listTotal(), before);
  });

  it('a manifest contributing a tool its server lacks is refused naming the tool', async () => {
    const manifest = { id: 'dev.skylit.test.liar', name: 'Liar', version: '1.0.0', main: remote.url, executionModel: 'remote', contributes: { tools: [{ name: 'echo' }, { name: 'fly' }] } };
    const result = await install(alice, { source: 'file', manifest: JSON.stringify(manifest) });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /- values\.manifest: The package's server has no tool fly \(contributes\.tools\.1\); it has: echo, env/);
  });

  it('archives: links, paths that climb out and broken files are refused; a process package needs its main', async () => {
    const before = await listTotal();
    const link = writeTarGz([{ name: 'manifest.json', data: JSON.stringify({ ...FIXTURE_MANIFEST, id: 'dev.skylit.test.link' }) }, { name: 'main.mjs', type: '2', linkname: '/etc/passwd' }]);
    assert.match(textOf(await install(alice, { source: 'file' }, { archive: { data: base64(link) } })), /^Could not install the widget: The archive holds a symbolic link \(main\.mjs\)/);
    const climb = writeTarGz([{ name: 'manifest.json', data: JSON.stringify({ ...FIXTURE_MANIFEST, id: 'dev.skylit.test.climb' }) }, { name: '../../main.mjs', data: 'x' }]);
    assert.match(textOf(await install(alice, { source: 'file' }, { archive: { data: base64(climb) } })), /climbs out of the package/);
    const noMain = writeTarGz([{ name: 'manifest.json', data: JSON.stringify({ ...FIXTURE_MANIFEST, id: 'dev.skylit.test.nomain' }) }]);
    assert.match(textOf(await install(alice, { source: 'file' }, { archive: { data: base64(noMain) } })), /The archive has no main\.mjs, the file its manifest names as main/);
    assert.match(textOf(await install(alice, { source: 'file' }, { archive: { data: 'not base64 at all!' } })), /must be sent as base64/);
    assert.equal(await listTotal(), before);
  });

  it('a package that crashes as it starts is refused at install, with its last output', async () => {
    const archive = fixtureArchive({ id: 'dev.skylit.test.crashy' }, [{ name: 'package/crash-on-start', data: '' }]);
    const result = await install(alice, { source: 'file' }, { archive: { data: base64(archive) } });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /could not start: the process exited \(exit code 4\) before it answered.*crash-on-start is present/);
    assert.equal((await call(alice, 'widget_get', { id: 'dev.skylit.test.crashy' })).isError, true, 'nothing saved');
  });

  it('URLs: an unknown curated id, an http URL off loopback, and an unreachable server', async () => {
    assert.match(textOf(await install(alice, { source: 'store', location: 'com.example.nope' })), /- values\.location: No curated widget is called “com\.example\.nope”\. The list has: dev\.skylit\.examples\.clock/);
    assert.match(textOf(await install(alice, { source: 'url', location: 'http://example.com/mcp' })), /- values\.location: The URL must be an https:\/\/ URL/);
    assert.match(textOf(await install(alice, { source: 'url', location: 'http://127.0.0.1:1/mcp' })), /- values\.location: Widget package at http:\/\/127\.0\.0\.1:1\/mcp is not reachable/);
  });
});

describe('a package that misbehaves', () => {
  it('crashes: the call fails naming it, calls in the gap fail cleanly, and it is restarted', async () => {
    const before = ((await call(alice, 'fixture__echo', { text: 'before' })).structuredContent as { pid: number }).pid;
    const crash = await call(alice, 'fixture__crash');
    assert.equal(crash.isError, true);
    assert.match(textOf(crash), /Fixture widgets \(dev\.skylit\.test\.fixture\)/);
    // Right after the crash the package is down: a call answers at once with an error naming it.
    const gap = await call(alice, 'fixture__echo', { text: 'in the gap' });
    assert.equal(gap.isError, true, textOf(gap));
    assert.match(textOf(gap), /Widget package Fixture widgets \(dev\.skylit\.test\.fixture\) (stopped \(exit code 3\) and is restarting|is not reachable)/);
    const status = await call(alice, 'widget_get', { id: 'dev.skylit.test.fixture' });
    assert.match(textOf(status), /Restarting|Running|Starting/);
    const after = await eventually(
      async () => {
        const answer = await call(alice, 'fixture__echo', { text: 'after' });
        return answer.isError ? undefined : (answer.structuredContent as { pid: number }).pid;
      },
      15_000,
      'the restarted package answering',
    );
    assert.notEqual(after, before, 'a new process');
    assert.ok(server.log.some((line) => /widget_process exited package=dev\.skylit\.test\.fixture code=3 .*restart_in_ms=1000/.test(line)), 'the exit is logged');
    assert.match(textOf(await call(alice, 'widget_get', { id: 'dev.skylit.test.fixture' })), /Running on port \d+, restarted 1 times/);
  });

  it('answers garbage, too much, or too late: an error naming it, never a hung call', async () => {
    const garbage = await call(alice, 'fixture__garbage');
    assert.equal(garbage.isError, true);
    assert.match(textOf(garbage), /Widget package Fixture widgets \(dev\.skylit\.test\.fixture\) answered with something that is not a valid MCP answer/);
    const huge = await call(alice, 'fixture__huge');
    assert.equal(huge.isError, true);
    assert.match(textOf(huge), /too large|larger than/);
    const slow = await call(alice, 'fixture__slow', { ms: 10_000 });
    assert.equal(slow.isError, true);
    assert.match(textOf(slow), /Widget package Fixture widgets \(dev\.skylit\.test\.fixture\) did not answer within 3 s/);
    assert.equal(textOf(await call(alice, 'fixture__echo', { text: 'still fine' })), 'echo: still fine');
    const args = await call(alice, 'fixture__echo', 'text' as never);
    assert.match(textOf(args), /- arguments: must be object \(got string\)/);
  });
});

describe('uninstalling and opening', () => {
  it('opens an enabled widget: a widget instance with its panel id and the tool it opens with', async () => {
    const opened = await call(alice, 'widget_open', { id: 'dev.skylit.test.fixture' });
    assert.ok(!opened.isError, textOf(opened));
    const instance = opened._meta?.['skylit/widgetInstance'] as { panelId: string; tool: string };
    assert.match(instance.panelId, /^fixture-[0-9a-f]{8}$/);
    assert.equal(instance.tool, 'fixture__echo', 'the first tool with a UI');
    assert.match(textOf(await call(alice, 'widget_get', { id: 'dev.skylit.test.fixture' })), /Open in 1 place\./);
  });

  it('uninstall: tools gone, process stopped, instances and archive removed, unpacked code removed when no one uses it', async () => {
    const current = selectedOf(await call(alice, 'widget_get', { id: 'dev.skylit.test.fixture' }));
    const codeDirs = () => (existsSync(join(server.packagesDir, 'code')) ? readdirSync(join(server.packagesDir, 'code')) : []);
    const codeBefore = codeDirs().length;
    const removed = await call(alice, 'widget_uninstall', { id: 'dev.skylit.test.fixture', expectedVersion: current.version, requestId: requestId() });
    assert.ok(!removed.isError, textOf(removed));
    assert.equal((removed.structuredContent as { selected: unknown }).selected, null);
    assert.ok(!(await toolNames(alice)).some((name) => name.startsWith('fixture__')));
    assert.match(textOf(await call(alice, 'fixture__echo', { text: 'x' })), /^Unknown tool/);
    assert.ok(server.log.some((line) => line.includes('widget_process stopped package=dev.skylit.test.fixture')));
    assert.equal((await server.store.list('manager-archive:')).filter((record) => record.key.endsWith(':dev.skylit.test.fixture')).length, 1, 'bob’s archive stays');
    assert.equal(codeDirs().length, codeBefore, 'bob still uses the same unpacked code');
    const bobs = selectedOf(await call(bob, 'widget_get', { id: 'dev.skylit.test.fixture' }));
    await call(bob, 'widget_uninstall', { id: 'dev.skylit.test.fixture', expectedVersion: bobs.version, requestId: requestId() });
    assert.equal(codeDirs().length, codeBefore - 1, 'no one uses it any more');
    assert.equal(textOf(await call(bob, 'widgets_list')), 'No widgets installed yet. Curated widgets to install (source store): dev.skylit.examples.clock (World clock).');
  });

  it('logs seed 003’s debug events', () => {
    for (const event of ['widget_install_success', 'widget_install_fail', 'widget_manifest_loaded', 'widget_chat_prompt_injected', 'widget_intent_routed', 'widget_state_changed']) {
      assert.ok(server.log.some((line) => line.startsWith(`info ${event} `)), `${event} not logged`);
    }
    assert.ok(server.log.some((line) => /widget_manifest_loaded user=u\S+ widgets=\d+ enabled=\d+ cached=true/.test(line)), 'cached loads are said');
    assert.ok(!server.log.some((line) => line.includes(TOKENS.alice)), 'no token in the log');
  });
});

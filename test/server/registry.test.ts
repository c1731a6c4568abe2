// The registry and the widget resources: bad manifests and tool definitions stop the server with a
// message naming the field; the production registry knows only built-in widgets; the resource URI
// follows the bundle; the inlined bundle is safe and small.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { createSkylitApp } from '../../server/app.ts';
import { parseManifest } from '../../server/manifest.ts';
import { createRegistry, type WidgetDefinition } from '../../server/registry.ts';
import { bundlePath, htmlShell, inlineScript, MissingBundleError } from '../../server/resources.ts';
import { silentLogger } from '../../server/log.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import { defineTool, runTool } from '../../server/tools.ts';
import { builtinWidgets } from '../../server/widgets/index.ts';
import { COUNTER_WIDGET_ID, counterManifest, counterWidget } from './fixtures/counter/widget.ts';
import { ensureFixtureBundles, run, TEST_DIST_DIR, tempDir } from './helpers.ts';

const tool = counterWidget.tools[0]!;
const widgetWith = (manifest: Record<string, unknown>, tools = counterWidget.tools): WidgetDefinition => ({
  manifest: { ...counterManifest, ...manifest } as WidgetDefinition['manifest'],
  tools,
});

describe('manifest validation', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['id not reverse-DNS', { id: 'counter' }, /id: must be a reverse-DNS id/],
    ['version not semver', { version: '1.0' }, /version: must be a semantic version/],
    ['tag without hyphen', { tag: 'counter' }, /tag: must be a valid custom element name/],
    ['name not kebab-case', { name: 'Test Counter' }, /name: must be kebab-case/],
    ['entry outside the repo', { entry: '../evil.ts' }, /entry: must stay inside the repository/],
    ['csp origin with a path', { csp: { connectDomains: ['https://api.example.com/v1'] } }, /csp\.connectDomains\.0: must be an origin/],
    ['unknown csp list', { csp: { scriptDomains: [] } }, /csp\.scriptDomains: is not a known field/],
    ['missing description', { description: undefined }, /description: is required/],
    ['prefersBorder not boolean', { prefersBorder: 'yes' }, /prefersBorder: must be boolean \(got string\)/],
    ['unknown field', { colour: 'red' }, /colour: is not a known field/],
  ];
  for (const [what, change, message] of cases) {
    it(`refuses a manifest with ${what}, naming the field`, () => {
      assert.throws(() => createRegistry([widgetWith(change)]), (error: Error) => {
        assert.equal(error.name, 'ManifestError');
        assert.match(error.message, /^Widget manifest .* is invalid:/);
        assert.match(error.message, message);
        return true;
      });
    });
  }

  it('fills in defaults: no network, a border', () => {
    const manifest = parseManifest({ ...counterManifest, csp: undefined, prefersBorder: undefined });
    assert.deepEqual(manifest.csp, { connectDomains: [], resourceDomains: [], frameDomains: [], redirectDomains: [] });
    assert.equal(manifest.prefersBorder, true);
  });

  it('refuses duplicate widget ids, tags and tool names', () => {
    assert.throws(() => createRegistry([counterWidget, counterWidget]), /id "dev\.skylit\.test-counter" is already used/);
    assert.throws(
      () => createRegistry([counterWidget, widgetWith({ id: 'dev.skylit.other', name: 'other', tag: 'sky-other' })]),
      /Tool counter_get of widget dev\.skylit\.other is invalid: name is already used by widget dev\.skylit\.test-counter/,
    );
    assert.throws(
      () => createRegistry([counterWidget, widgetWith({ id: 'dev.skylit.other', name: 'other', entry: 'test/server/fixtures/other/define.ts' }, [])]),
      /tag "sky-test-counter" is already used by dev\.skylit\.test-counter with another entry module/,
    );
  });

  it('lets two widgets share one element (same tag and entry) with tools and attributes of their own', () => {
    const other = widgetWith({ id: 'dev.skylit.other', name: 'other', preview: undefined, attributes: { 'get-tool': 'other_get' } }, [{ ...tool, name: 'other_get' }]);
    const registry = createRegistry([counterWidget, other]);
    assert.deepEqual(registry.widget('dev.skylit.other')?.manifest.attributes, { 'get-tool': 'other_get' });
    const shell = htmlShell(registry.widget('dev.skylit.other')!.manifest, '');
    assert.match(shell, /<sky-test-counter get-tool="other_get"><\/sky-test-counter>/);
    assert.throws(() => createRegistry([widgetWith({ attributes: { onclick: 'x' } })]), /attributes\.onclick: must not be an event handler/);
    assert.throws(() => createRegistry([widgetWith({ attributes: { 'List-Tool': 'x' } })]), /attributes\.List-Tool: must be a lower-case attribute name/);
  });

  it('refuses a preview tool that is not the widget’s', () => {
    assert.throws(() => createRegistry([widgetWith({ preview: { tool: 'chess_new_game' } })]), /preview\.tool "chess_new_game" is not one of its tools/);
  });
});

describe('tool definition validation', () => {
  const bad = (change: Partial<typeof tool>, message: RegExp) =>
    assert.throws(() => createRegistry([widgetWith({}, [{ ...tool, ...change }])]), message);

  it('limits invoking / invoked texts to 64 characters', () => {
    bad({ invoking: 'x'.repeat(65) }, /counter_get .* invoking must be at most 64 characters \(it has 65\)/);
    bad({ invoked: '' }, /invoked is required/);
  });
  it('wants snake_case names with a domain prefix', () => {
    bad({ name: 'getCounter' }, /name must be snake_case with a domain prefix/);
    bad({ name: 'get' }, /name must be snake_case with a domain prefix/);
  });
  it('refuses a destructive read-only tool and a missing readOnlyHint', () => {
    bad({ annotations: { ...tool.annotations, destructiveHint: true } }, /destructiveHint cannot be true for a read-only tool/);
    bad({ annotations: { ...tool.annotations, readOnlyHint: undefined as unknown as boolean } }, /annotations\.readOnlyHint must be true or false/);
  });
  it('wants object schemas', () => {
    bad({ input: z.string() as unknown as z.ZodObject }, /input must be a z\.object/);
  });
  it('takes extra descriptor _meta keys, but not the ones Skylit sets', () => {
    bad({ meta: { 'openai/outputTemplate': 'ui://elsewhere', ui: {} } }, /counter_get .* meta cannot set openai\/outputTemplate, ui /);
    bad({ meta: ['x'] as never }, /meta must be an object/);
    assert.doesNotThrow(() => createRegistry([widgetWith({}, [{ ...tool, meta: { 'openai/fileParams': ['icon'] } }])]));
  });
  it('keeps a message the schema wrote itself for a missing or wrong value, and words zod’s own', async () => {
    const probe = defineTool({
      ...tool,
      input: z.object({ name: z.string({ error: 'Enter a name.' }), size: z.enum(['s', 'm'], { error: 'Choose a size.' }), count: z.number() }),
      output: z.object({}),
      handler: (_args, ctx) => ctx.result({ text: 'ok', view: {} }),
    });
    const store = openSqliteStore(':memory:');
    const result = await runTool(probe, parseManifest(counterManifest), { size: 'xl' }, { store, log: silentLogger, signal: new AbortController().signal });
    await store.close();
    const text = (result.content as { text: string }[])[0]!.text;
    assert.match(text, /^ {2}- name: Enter a name\.$/m);
    assert.match(text, /^ {2}- size: Choose a size\.$/m);
    assert.match(text, /^ {2}- count: is required \(number\)$/m);
  });
  it('defaults the annotations from readOnlyHint', () => {
    const write = defineTool({
      ...tool,
      input: z.object({}),
      output: z.object({}),
      annotations: { readOnlyHint: false },
      handler: (_args, ctx) => ctx.result({ text: 'ok', view: {} }),
    });
    assert.deepEqual(write.annotations, { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false });
  });
});

describe('the production registry', () => {
  it('does not know the test-only widget, and every built-in widget validates', () => {
    const registry = createRegistry(builtinWidgets);
    assert.equal(registry.widget(COUNTER_WIDGET_ID), undefined);
    assert.equal(registry.tools.has('counter_get'), false);
  });

  it('starts cleanly with zero widgets', async () => {
    const dir = tempDir();
    try {
      const store = openSqliteStore(join(dir.path, 'x.db'));
      const app = createSkylitApp({ widgets: [], store, distDir: dir.path, log: silentLogger });
      assert.equal(app.tools.length, 0);
      assert.equal(app.resources.size, 0);
      await store.close();
    } finally {
      dir.remove();
    }
  });

  it('stops the process at start-up with a message naming the bad field', async () => {
    const { code, output } = await run(process.execPath, [
      '--import', 'tsx', '--input-type=module', '-e',
      `import { runCli } from './server/main.ts';
       import { counterWidget } from './test/server/fixtures/counter/widget.ts';
       await runCli({ argv: ['--port', '0'], widgets: [{ ...counterWidget, manifest: { ...counterWidget.manifest, version: 'one' } }] });`,
    ], { env: { ...process.env, SKYLIT_DB_PATH: ':memory:', SKYLIT_DIST_DIR: TEST_DIST_DIR } });
    assert.equal(code, 1);
    assert.match(output, /skylit could not start: Widget manifest dev\.skylit\.test-counter is invalid:\n.* error\s+- version: must be a semantic version/);
  });
});

describe('widget resources', () => {
  const dir = tempDir();
  before(ensureFixtureBundles);
  after(() => dir.remove());

  const uriWith = (distDir: string) => {
    const store = openSqliteStore(':memory:');
    const app = createSkylitApp({ widgets: [counterWidget], store, distDir, log: silentLogger });
    void store.close();
    return app.resources.get(COUNTER_WIDGET_ID)!;
  };

  it('changes the URI when the bundle changes, and only then', () => {
    cpSync(TEST_DIST_DIR, dir.path, { recursive: true });
    const first = uriWith(dir.path);
    assert.equal(uriWith(dir.path).uris.mcpApps, first.uris.mcpApps, 'same bundle, same URI');
    const path = bundlePath(dir.path, COUNTER_WIDGET_ID, 'mcp-apps');
    writeFileSync(path, `${readFileSync(path, 'utf8')}\n/* rebuilt */`);
    const second = uriWith(dir.path);
    assert.notEqual(second.uris.mcpApps, first.uris.mcpApps);
    assert.equal(second.uris.openai, first.uris.openai, 'the ChatGPT bundle did not change');
    assert.match(second.html['mcp-apps'], /rebuilt/);
  });

  it('refuses to start without a bundle, saying how to build it', () => {
    assert.throws(() => uriWith(join(dir.path, 'empty')), (error: Error) => {
      assert.ok(error instanceof MissingBundleError);
      assert.match(error.message, /npm run build/);
      return true;
    });
  });

  it('inlines a minified bundle with neither zod nor the MCP SDK', () => {
    for (const dialect of [undefined, 'mcp-apps', 'openai'] as const) {
      const bundle = readFileSync(bundlePath(TEST_DIST_DIR, COUNTER_WIDGET_ID, dialect), 'utf8');
      assert.doesNotMatch(bundle, /ZodError|zod|modelcontextprotocol\/sdk|McpServer/);
      assert.ok(bundle.split('\n').length < 20, 'minified');
      assert.match(bundle, /sky-test-counter/);
    }
  });

  it('escapes </script and <!-- so inlined code cannot end or change the script element', () => {
    const code = 'const a = "</script><script>alert(1)</script>"; const b = "<!--";';
    assert.equal(inlineScript(code), 'const a = "<\\/script><script>alert(1)<\\/script>"; const b = "<\\!--";');
    const html = htmlShell(parseManifest(counterManifest), code);
    assert.equal(html.match(/<\/script>/g)?.length, 1, 'only the closing tag of the shell');
    // The escaped code still means the same to JavaScript.
    assert.equal(new Function(`${inlineScript('return "</script>" + "<!--"')}`)(), '</script><!--');
  });
});


describe('tool results', () => {
  const lines: string[] = [];
  const log = { info() {}, error: (m: string) => lines.push(`error ${m}`), toolCall: (t: string, _ms: number, o: string) => lines.push(`${t} ${o}`) };
  const manifest = parseManifest(counterManifest);
  const store = openSqliteStore(':memory:');
  after(() => store.close());
  const make = (handler: Parameters<typeof defineTool>[0]['handler']) =>
    defineTool({
      name: 'probe_run',
      title: 'Probe',
      description: 'Test probe.',
      input: z.object({}),
      output: z.object({ items: z.array(z.string()) }),
      annotations: { readOnlyHint: true },
      invoking: 'Probing…',
      invoked: 'Probed',
      handler,
    });
  const deps = () => ({ store, log, signal: new AbortController().signal });
  const text = (r: { content: { type: string; text?: string }[] }) => r.content.map((c) => c.text).join('');

  it('refuses a view that breaks the output schema, and logs it as invalid_view', async () => {
    const tool = make((_a, ctx) => ctx.result({ text: 'x', view: { items: [1] } as never }));
    const result = await runTool(tool, manifest, {}, deps());
    assert.equal(result.isError, true);
    assert.match(text(result as never), /breaks its own contract/);
    assert.match(lines.join('\n'), /error Tool probe_run built a view that does not match its output schema:\n\s+- items\.0: must be string \(got number\)/);
    assert.equal(lines.at(-1), 'probe_run invalid_view');
  });

  it('refuses a view over the ~4k-token guard, pointing at meta', async () => {
    const tool = make((_a, ctx) => ctx.result({ text: 'x', view: { items: Array.from({ length: 2000 }, (_, i) => `item ${i}`) } }));
    const result = await runTool(tool, manifest, {}, deps());
    assert.equal(result.isError, true);
    assert.match(lines.join('\n'), /view of about \d+ tokens; the limit is 4000\. Move detail .* into meta/);
  });

  it('adds the view id, the widget id and openai/closeWidget to _meta', async () => {
    const tool = make((_a, ctx) => ctx.result({ text: 'done', view: { items: [] }, meta: { full: [1, 2] }, viewId: 'v-1', closeWidget: true }));
    const result = await runTool(tool, manifest, {}, deps());
    assert.deepEqual(result._meta, { full: [1, 2], 'skylit/viewId': 'v-1', 'skylit/widgetId': manifest.id, 'openai/closeWidget': true });
    assert.deepEqual(result.content, [{ type: 'text', text: 'done' }]);
  });

  it('turns a crash into an isError result and keeps going', async () => {
    const tool = make(() => {
      throw new Error('database on fire');
    });
    const result = await runTool(tool, manifest, {}, deps());
    assert.equal(result.isError, true);
    assert.match(text(result as never), /probe_run failed with an internal error/);
    assert.doesNotMatch(text(result as never), /database on fire/, 'internals stay in the log');
    assert.match(lines.join('\n'), /tool probe_run threw: Error: database on fire/);
    assert.equal(lines.at(-1), 'probe_run failed');
  });
});

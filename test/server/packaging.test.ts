// What the packages change for someone running the server: where the embedded store lives (the
// user's data folder, never the working directory), the CDN mode's options and the resources it
// publishes (server/assets.ts), and the library entry's exports.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AssetOptionsError, resolveAssets } from '../../server/assets.ts';
import { loadWidgetResources } from '../../server/resources.ts';
import { createRegistry } from '../../server/registry.ts';
import { PACKAGE_VERSION } from '../../server/package-info.ts';
import { defaultDbPath, describeStore, openStore } from '../../server/store/index.ts';
import * as library from '../../server/index.ts';
import { ensureFixtureBundles, TEST_DIST_DIR, tempDir } from './helpers.ts';
import { counterManifest, counterWidget } from './fixtures/counter/widget.ts';

describe('where the embedded store lives', () => {
  it('in $XDG_DATA_HOME/skylit, else the platform data folder under the home folder', () => {
    assert.equal(defaultDbPath({ XDG_DATA_HOME: '/data', HOME: '/home/ada' }, 'linux'), '/data/skylit/skylit.db');
    assert.equal(defaultDbPath({ HOME: '/home/ada' }, 'linux'), '/home/ada/.local/share/skylit/skylit.db');
    assert.equal(defaultDbPath({ HOME: '/Users/ada' }, 'darwin'), '/Users/ada/Library/Application Support/skylit/skylit.db');
    assert.equal(defaultDbPath({ HOME: 'C:\\Users\\ada', LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'win32'), join('C:\\Users\\ada\\AppData\\Local', 'skylit', 'skylit.db'));
  });

  it('opens there, creating the folder', async () => {
    const dir = tempDir();
    const saved = { XDG_DATA_HOME: process.env.XDG_DATA_HOME };
    process.env.XDG_DATA_HOME = join(dir.path, 'data');
    try {
      const store = await openStore({});
      await store.put('k', 1, { expectedVersion: 0 });
      await store.close();
      assert.ok(existsSync(join(dir.path, 'data', 'skylit', 'skylit.db')));
      assert.equal(describeStore({}), `sqlite ${join(dir.path, 'data', 'skylit', 'skylit.db')}`);
    } finally {
      if (saved.XDG_DATA_HOME === undefined) delete process.env.XDG_DATA_HOME;
      else process.env.XDG_DATA_HOME = saved.XDG_DATA_HOME;
      dir.remove();
    }
  });
});

describe('CDN mode (asset base URL)', () => {
  it('puts the version in the URL and refuses what hosts could not load, saying what to fix', () => {
    assert.deepEqual(resolveAssets({ baseUrl: 'https://cdn.example.com/skylit/{version}/', version: '1.2.0' }), {
      baseUrl: 'https://cdn.example.com/skylit/1.2.0/',
      origin: 'https://cdn.example.com',
      version: '1.2.0',
    });
    assert.equal(resolveAssets({ baseUrl: 'https://cdn.example.com/{version}/' }).version, PACKAGE_VERSION);
    assert.equal(resolveAssets({ baseUrl: 'http://127.0.0.1:9000/skylit/' }).origin, 'http://127.0.0.1:9000');
    const refused = [
      ['http://cdn.example.com/skylit/', /must use https/],
      ['https://cdn.example.com/skylit', /must be a folder: end it with "\/"/],
      ['https://cdn.example.com/skylit/?v=1', /no query/],
      ['cdn.example.com/skylit/', /is not a URL/],
    ] as const;
    for (const [baseUrl, message] of refused) {
      assert.throws(() => resolveAssets({ baseUrl }), (error: Error) => error instanceof AssetOptionsError && message.test(error.message), baseUrl);
    }
  });

  it('publishes small shells under versioned URIs, with the asset origin in both CSP dialects (once)', async () => {
    await ensureFixtureBundles();
    const registry = createRegistry([
      { ...counterWidget, manifest: { ...counterManifest, csp: { resourceDomains: ['https://cdn.example.com'], connectDomains: ['https://api.example.com'] } } },
    ]);
    const inline = loadWidgetResources(registry, TEST_DIST_DIR).get(counterManifest.id)!;
    const cdn = loadWidgetResources(registry, TEST_DIST_DIR, { baseUrl: 'https://cdn.example.com/w/{version}/', version: '2.0.0' }).get(counterManifest.id)!;
    assert.match(cdn.uris.mcpApps, /^ui:\/\/widget\/test-counter\.2\.0\.0\.[0-9a-f]{12}\.html$/);
    assert.match(cdn.uris.openai, /^ui:\/\/widget\/test-counter\.2\.0\.0\.[0-9a-f]{12}\.skybridge\.html$/);
    assert.ok(cdn.html['mcp-apps'].length < 1000 && inline.html['mcp-apps'].length > 10_000);
    assert.match(cdn.html['mcp-apps'], /<script type="module" src="https:\/\/cdn\.example\.com\/w\/2\.0\.0\/sky-test-counter\.js" integrity="sha384-[A-Za-z0-9+/=]+" crossorigin="anonymous"><\/script>/);
    assert.match(cdn.html['mcp-apps'], /<sky-test-counter transport="mcp-apps">/);
    assert.match(cdn.html.openai, /<sky-test-counter transport="openai">/);
    const meta = cdn.entries[0]._meta as { ui: { csp: Record<string, string[]> }; 'openai/widgetCSP': Record<string, string[]> };
    assert.deepEqual(meta.ui.csp.resourceDomains, ['https://cdn.example.com']);
    assert.deepEqual(meta['openai/widgetCSP'].resource_domains, ['https://cdn.example.com']);
    assert.deepEqual(meta.ui.csp.connectDomains, ['https://api.example.com']);
    const other = loadWidgetResources(registry, TEST_DIST_DIR, { baseUrl: 'https://cdn.example.com/w/{version}/', version: '2.0.1' }).get(counterManifest.id)!;
    assert.notEqual(other.uris.mcpApps, cdn.uris.mcpApps, 'a new release is a new URI');
  });
});

describe('the library entry (skylit-server)', () => {
  it('exports what a project needs to define and serve its own widgets and tools', () => {
    for (const name of ['defineWidget', 'defineTool', 'ToolError', 'serve', 'createServer', 'createFetchHandler', 'openStore', 'openMemoryStore', 'defaultDbPath', 'createLogger']) {
      assert.equal(typeof (library as Record<string, unknown>)[name], 'function', name);
    }
  });
});

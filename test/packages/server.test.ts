// The server package as people install it: the packed tarball of `skylit-server` alone in an empty
// app, run with `npx skylit-server` over stdio and over HTTP, driven by the MCP SDK's client: the
// widget tools play a game against the computer, the widget resources carry their bundles, the
// embedded store lands in the user's data folder (not the working directory), and CDN mode
// publishes shells pinned to the components package's own CDN file.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { childEnv, installApp, run, tarballs, type Tarballs } from './helpers.ts';

type Result = { structuredContent?: Record<string, unknown>; isError?: boolean; content: { type: string; text?: string }[] };
const DEV_ONLY = ['vite', 'tsx', 'typescript', 'storybook', 'lit', 'puppeteer-core'];

let tar: Tarballs;
let dir = '';
let home = '';
before(async () => {
  tar = await tarballs();
  dir = await installApp('server-only', {}, { 'skylit-server': tar.server });
  home = mkdtempSync(join(tmpdir(), 'skylit-home-'));
}, { timeout: 600_000 });
after(() => rmSync(home, { recursive: true, force: true }));

/** The environment of a user whose data folder is `home`/data (XDG) and who has no SKYLIT_* settings. */
function userEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env = Object.fromEntries(Object.entries(childEnv()).filter(([key, value]) => value !== undefined && !key.startsWith('SKYLIT_') && key !== 'DATABASE_URL')) as Record<string, string>;
  return { ...env, HOME: home, XDG_DATA_HOME: join(home, 'data'), ...extra };
}

async function stdioClient(env: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'skylit-package-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: 'npx', args: ['--no-install', 'skylit-server', '--stdio'], cwd: dir, env, stderr: 'pipe' }));
  return client;
}

/** Starts a game against the computer and plays 1.e4; the computer answers in the same call. */
async function playE4(client: Client): Promise<Record<string, unknown>> {
  const game = (await client.callTool({ name: 'chess_new_game', arguments: {} })) as Result;
  assert.ok(!game.isError, JSON.stringify(game.content));
  const { gameId, version } = game.structuredContent as { gameId: string; version: number };
  const moved = (await client.callTool({ name: 'chess_make_move', arguments: { gameId, move: 'e4', expectedVersion: version, requestId: 'request-e4' } })) as Result;
  assert.ok(!moved.isError, JSON.stringify(moved.content));
  return moved.structuredContent!;
}

describe('skylit-server from its tarball', () => {
  it('installs its runtime dependencies only (no dev tools, no Lit)', async () => {
    const pkg = JSON.parse(readFileSync(join(dir, 'node_modules/skylit-server/package.json'), 'utf8'));
    assert.deepEqual(Object.keys(pkg.dependencies).sort(), ['@modelcontextprotocol/sdk', 'better-sqlite3', 'chess.js', 'pg']);
    assert.ok(existsSync(join(dir, 'node_modules/zod/package.json')), 'npm installed the zod peer');
    for (const name of DEV_ONLY) assert.ok(!existsSync(join(dir, 'node_modules', name)), `${name} was installed`);
  });

  it('npx skylit-server --help says how to run it', async () => {
    const out = await run('npx', ['--no-install', 'skylit-server', '--help'], { cwd: dir, env: userEnv() });
    assert.match(out, /Usage: skylit-server/);
    assert.match(out, /--stdio/);
  });

  it('npx skylit-server --stdio: tools, a game against the computer, inline widget pages; the store in the data folder', async () => {
    const client = await stdioClient(userEnv());
    try {
      const { tools } = await client.listTools();
      const names = tools.map((t) => t.name);
      for (const name of ['chess_new_game', 'chess_get_game', 'chess_make_move', 'chess_resign']) assert.ok(names.includes(name), `${name} is listed`);
      const after = await playE4(client);
      assert.equal((after.moves as string[])[0], 'e4');
      assert.equal((after.moves as string[]).length, 2, 'the computer answered');

      const uri = (tools.find((t) => t.name === 'chess_new_game')!._meta as { ui: { resourceUri: string } }).ui.resourceUri;
      const { contents } = await client.readResource({ uri });
      const page = contents[0] as { text: string; mimeType: string };
      assert.equal(page.mimeType, 'text/html;profile=mcp-app');
      assert.match(page.text, /<sky-chess-board><\/sky-chess-board>/);
      assert.ok(page.text.length > 40_000, 'the bundle is inlined');
    } finally {
      await client.close();
    }
    assert.ok(existsSync(join(home, 'data', 'skylit', 'skylit.db')), 'the game was stored in $XDG_DATA_HOME/skylit/skylit.db');
    assert.ok(!existsSync(join(dir, '.data')), 'nothing was written to the working directory');
  });

  it('npx skylit-server over HTTP: /healthz and the MCP endpoint, with the SDK client', async () => {
    const server = await startHttp(userEnv({ PORT: '0' }));
    try {
      const health = await (await fetch(new URL('/healthz', server.url))).json();
      assert.equal(health.status, 'ok');
      assert.equal(health.store, 'sqlite');
      const client = new Client({ name: 'skylit-package-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(server.url));
      const after = await playE4(client);
      assert.equal((after.moves as string[]).length, 2);
      await client.close();
    } finally {
      process.kill(-server.process.pid!);
    }
  });

  it('CDN mode: each widget page loads the components package CDN file, pinned by its hash, from the origin its CSP declares', async () => {
    // Each built-in widget's page (two dialects each) loads its element's CDN file; so does the widget
    // manager's (on by default over stdio), which is list-detail's element with its own tool names.
    const tags: Record<string, string> = { 'chess-board': 'sky-chess-board', 'list-detail': 'sky-list-detail', onboarding: 'sky-form-wizard', 'widget-manager': 'sky-list-detail' };
    const integrity: Record<string, string> = {};
    for (const tag of Object.values(tags)) {
      integrity[tag] = `sha384-${createHash('sha384').update(await extract(tar.components, `package/dist/cdn/${tag}.js`)).digest('base64')}`;
    }
    const client = await stdioClient(userEnv({ SKYLIT_ASSET_BASE_URL: 'https://cdn.example.com/skylit/{version}/' }));
    try {
      const version = JSON.parse(readFileSync(join(dir, 'node_modules/skylit-server/package.json'), 'utf8')).version;
      const { resources } = await client.listResources();
      assert.equal(resources.length, Object.keys(tags).length * 2);
      for (const resource of resources) {
        const match = new RegExp(`^ui://widget/([a-z-]+)\\.${version.replaceAll('.', '\\.')}\\.[0-9a-f]{12}(\\.skybridge)?\\.html$`).exec(resource.uri);
        assert.ok(match && tags[match[1]!], `a versioned URI of a built-in widget: ${resource.uri}`);
        const tag = tags[match[1]!]!;
        const { contents } = await client.readResource({ uri: resource.uri });
        const content = contents[0] as unknown as { text: string; _meta: { ui: { csp: { resourceDomains: string[] } }; 'openai/widgetCSP': { resource_domains: string[] } } };
        assert.ok(
          content.text.includes(`<script type="module" src="https://cdn.example.com/skylit/${version}/${tag}.js" integrity="${integrity[tag]}" crossorigin="anonymous"></script>`),
          `the shell loads the CDN file pinned to the components package's bytes:\n${content.text}`,
        );
        assert.ok(content.text.length < 1000, 'the shell is small');
        if (match[1] === 'widget-manager') assert.match(content.text, /<sky-list-detail [^>]*list-tool="widgets_list"/, 'the manager page names its tools on the shared element');
        assert.deepEqual(content._meta.ui.csp.resourceDomains, ['https://cdn.example.com']);
        assert.deepEqual(content._meta['openai/widgetCSP'].resource_domains, ['https://cdn.example.com']);
      }
    } finally {
      await client.close();
    }
  });

  it('a bad asset base URL stops the server with what to fix', async () => {
    await assert.rejects(run('npx', ['--no-install', 'skylit-server', '--stdio'], { cwd: dir, env: userEnv({ SKYLIT_ASSET_BASE_URL: 'http://cdn.example.com/skylit/' }) }), /must use https/);
  });
});

/** `npx skylit-server` on HTTP (PORT from env), once it says where it listens. */
async function startHttp(env: Record<string, string>): Promise<{ url: URL; process: ChildProcess }> {
  // Its own process group: npx and the server it starts stop together.
  const child = spawn('npx', ['--no-install', 'skylit-server'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let log = '';
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening on" line in 20 s:\n${log}`)), 20_000);
    child.stderr!.on('data', (chunk) => {
      log += chunk;
      const found = /listening on (http:\/\/\S+\/mcp)/.exec(log);
      if (found) {
        clearTimeout(timer);
        resolve(new URL(found[1]!));
      }
    });
    child.on('exit', (code) => reject(new Error(`skylit-server exited with ${code}:\n${log}`)));
  });
  return { url, process: child };
}

/** One file of a tarball. */
async function extract(tarball: string, path: string): Promise<Buffer> {
  const out = mkdtempSync(join(tmpdir(), 'skylit-tgz-'));
  try {
    await run('tar', ['-xzf', tarball, '-C', out, path], { cwd: out });
    return readFileSync(join(out, path));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

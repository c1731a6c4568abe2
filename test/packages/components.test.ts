// The components package as people install it: the packed tarball of `skylit` (never the
// repository) in throw-away apps — what it pulls in, what Node resolves, what tree-shaking keeps, a
// plain HTML page with one script tag from the CDN bundle, and create-vite's Vite
// vanilla-TS (default tsconfig, `tsc` clean), React 19 + TypeScript (JSX types, property and
// event) and Vue 3 apps. In each, Chromium renders the board and the real mouse makes a move.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  APPS_DIR,
  closeBrowser,
  installApp,
  moveWithMouse,
  openPage,
  pinned,
  run,
  scaffold,
  serveDir,
  squareLabel,
  tarballs,
  type Tarballs,
} from './helpers.ts';

/** A position only a wired `fen` shows: the start, without white's queen's knight. */
const FEN = 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/R1BQKBNR w KQkq - 0 1';
const SERVER_PACKAGES = ['skylit-server', '@modelcontextprotocol/sdk', 'zod', 'better-sqlite3', 'pg', 'tsx', 'express'];

let tar: Tarballs;
before(async () => {
  tar = await tarballs();
});
after(closeBrowser);

describe('skylit in apps', () => {
  let consumer = '';
  before(async () => {
    consumer = join(APPS_DIR, 'consumer');
    // The three create-vite scaffolds share one node_modules (the union of what their package.json files list).
    const { oxlint: _linter, ...dependencies } = await scaffold(['vanilla-ts', 'react-ts', 'vue'], consumer);
    await installApp('consumer', pinned(dependencies), { skylit: tar.components });
  }, { timeout: 600_000 });

  const bin = (name: string) => join(consumer, 'node_modules/.bin', name);

  it('skylit depends on lit, @lit/context and chess.js, and brings nothing of the server', async () => {
    const pkg = JSON.parse(readFileSync(join(consumer, 'node_modules/skylit/package.json'), 'utf8'));
    assert.deepEqual(Object.keys(pkg.dependencies).sort(), ['@lit/context', 'chess.js', 'lit']);
    // What installing skylit brought: every package its dependencies need, resolved as Node does.
    const names = new Set<string>();
    const visit = (from: string) => {
      const deps = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8')).dependencies ?? {};
      for (const name of Object.keys(deps)) {
        if (names.has(name)) continue;
        names.add(name);
        let dir = from;
        while (!existsSync(join(dir, 'node_modules', name, 'package.json'))) dir = dirname(dir);
        visit(join(dir, 'node_modules', name));
      }
    };
    visit(join(consumer, 'node_modules/skylit'));
    for (const name of SERVER_PACKAGES) assert.ok(!names.has(name), `installing skylit installed ${name}`);
    assert.ok(names.has('lit') && names.has('chess.js') && names.has('@lit/context'), [...names].join(', '));
    // <sky-widget-frame>'s three packages are optional peers: declared, and not installed unasked.
    const frameOnly = ['@cfworker/json-schema', '@modelcontextprotocol/ext-apps', '@modelcontextprotocol/sdk'];
    assert.deepEqual(Object.keys(pkg.peerDependencies).sort(), frameOnly);
    for (const name of frameOnly) {
      assert.deepEqual(pkg.peerDependenciesMeta[name], { optional: true }, name);
      assert.ok(!existsSync(join(consumer, 'node_modules', name)), `installing skylit installed ${name}`);
    }
  });

  it('<sky-widget-frame> from its CDN file (no build, none of its peers installed): defined, and tells a tool without UI', async () => {
    const cdn = await serveDir(join(consumer, 'node_modules/skylit'));
    const pageDir = join(consumer, 'frame');
    mkdirSync(pageDir, { recursive: true });
    writeFileSync(
      join(pageDir, 'index.html'),
      `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>A widget frame from a script tag</title>
<script type="module" src="${cdn.origin}/dist/cdn/sky-widget-frame.js"></script></head>
<body><main>
<sky-widget-frame tool="notes_count" sandbox="https://sandbox.invalid/sandbox"></sky-widget-frame>
<script type="module">
  // A page's own client (no network): one tool, without a UI resource.
  document.querySelector('sky-widget-frame').client = {
    listTools: async () => ({ tools: [{ name: 'notes_count', title: 'Count notes', inputSchema: { type: 'object' } }] }),
    callTool: async () => ({ content: [{ type: 'text', text: '2 notes' }] }),
    readResource: async () => { throw new Error('no resources'); },
  };
</script>
</main></body>
</html>
`,
    );
    const site = await serveDir(pageDir);
    try {
      const { page, problems } = await openPage(`${site.origin}/`);
      await page.waitForFunction(() => (document.querySelector('sky-widget-frame') as (Element & { state?: string }) | null)?.state === 'no-ui', { timeout: 10_000 });
      const status = await page.$eval('sky-widget-frame', (el) => el.shadowRoot!.querySelector('[part="status"]')!.textContent!.replace(/\s+/g, ' ').trim());
      assert.match(status, /has no UI for Count notes/);
      assert.deepEqual(problems, []);
      await page.close();
    } finally {
      await site.close();
      await cdn.close();
    }
  });

  it('Node resolves every export: each element (defined), its class and view contract, host and base', async () => {
    const script = `
      const board = await import('skylit/chess-board');
      const cls = await import('skylit/chess-board/class');
      const view = await import('skylit/chess-board/view');
      const host = await import('skylit/host');
      const base = await import('skylit/base');
      console.log(JSON.stringify({
        defined: customElements.get('sky-chess-board') === board.SkyChessBoard,
        sameClass: cls.SkyChessBoard === board.SkyChessBoard,
        tool: view.CHESS_TOOLS.makeMove,
        host: typeof host.createHost,
        base: typeof base.SkyWidgetElement,
      }));`;
    const out = JSON.parse((await run('node', ['--input-type=module', '-e', script], { cwd: consumer })).trim().split('\n').pop()!);
    assert.deepEqual(out, { defined: true, sameClass: true, tool: 'chess_make_move', host: 'function', base: 'function' });
  });

  it('a plain HTML page: one script tag from the CDN bundle (a second origin), no build', async () => {
    const cdn = await serveDir(join(consumer, 'node_modules/skylit'));
    const pageDir = join(consumer, 'plain');
    mkdirSync(pageDir, { recursive: true });
    writeFileSync(
      join(pageDir, 'index.html'),
      `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>A chess board from a script tag</title>
<script type="module" src="${cdn.origin}/dist/cdn/sky-chess-board.js"></script></head>
<body>
<sky-chess-board fen="${FEN}"></sky-chess-board>
<output id="moves"></output>
<script type="module">
  document.querySelector('sky-chess-board').addEventListener('sky-move', (event) => (document.querySelector('#moves').textContent = event.detail.san));
</script>
</body>
</html>
`,
    );
    const site = await serveDir(pageDir);
    const requested: string[] = [];
    try {
      const { page, problems } = await openPage(`${site.origin}/`);
      page.on('request', (request) => requested.push(request.url()));
      await moveWithMouse(page, 'e2', 'e4');
      assert.equal(await squareLabel(page, 'b1'), 'b1, empty', 'the board shows the fen attribute');
      assert.equal(await page.$eval('#moves', (el) => el.textContent), 'e4', 'the page heard sky-move');
      assert.deepEqual(requested.filter((url) => url.startsWith(cdn.origin)), [], 'the bundle is one file: nothing more loaded after it');
      assert.deepEqual(problems, []);
      await page.close();
    } finally {
      await site.close();
      await cdn.close();
    }
  });

  it('Vite vanilla-TS: create-vite default tsconfig, tsc clean, typed element and event', async () => {
    const app = join(consumer, 'vanilla-ts');
    writeFileSync(
      join(app, 'src/main.ts'),
      `import 'skylit/chess-board';
import type { SkyMoveDetail } from 'skylit/chess-board';

const board = document.createElement('sky-chess-board');
board.fen = '${FEN}';
const said = document.createElement('output');
said.id = 'moves';
board.addEventListener('sky-move', (event) => {
  const detail: SkyMoveDetail = event.detail;
  said.textContent = detail.san;
});
document.querySelector<HTMLDivElement>('#app')!.append(board, said);

/** Never called: the types are real, so these two lines must not compile. */
export function typeChecks(element: HTMLElementTagNameMap['sky-chess-board']) {
  // @ts-expect-error fen is a string
  element.fen = 42;
  // @ts-expect-error sky-move's detail has no such field
  element.addEventListener('sky-move', (event) => event.detail.nope);
}
`,
    );
    assert.equal((await run(bin('tsc'), [], { cwd: app })).trim(), '', 'tsc reports nothing');
    await run(bin('vite'), ['build', '--logLevel', 'error'], { cwd: app });
    await playIn(join(app, 'dist'));
  });

  it('React 19 + TypeScript: JSX types clean, fen set as a property, onsky-move heard', async () => {
    const app = join(consumer, 'react-ts');
    writeFileSync(
      join(app, 'src/App.tsx'),
      `import { useState } from 'react';
import 'skylit/chess-board';
import type {} from 'skylit/react';

const FEN = '${FEN}';

export default function App() {
  const [moves, setMoves] = useState<string[]>([]);
  return (
    <main>
      <sky-chess-board fen={FEN} poll-interval="0" onsky-move={(event) => setMoves((list) => [...list, event.detail.san])} />
      <output id="moves">{moves.join(' ')}</output>
    </main>
  );
}

/** Never rendered: the JSX types are real, so these must not compile. */
export function TypeChecks() {
  return (
    <>
      {/* @ts-expect-error fen is a string */}
      <sky-chess-board fen={42} />
      {/* @ts-expect-error no such event detail field */}
      <sky-chess-board onsky-move={(event) => event.detail.nope} />
    </>
  );
}
`,
    );
    assert.equal((await run(bin('tsc'), ['-b'], { cwd: app })).trim(), '', 'tsc -b reports nothing');
    await run(bin('vite'), ['build', '--logLevel', 'error'], { cwd: app });
    await playIn(join(app, 'dist'), { property: true });
  });

  it('Vue 3: isCustomElement, :fen as a property, @sky-move heard', async () => {
    const app = join(consumer, 'vue');
    writeFileSync(
      join(app, 'vite.config.js'),
      `import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// Vue must not try to resolve <sky-…> as Vue components.
export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('sky-') } } })],
});
`,
    );
    writeFileSync(
      join(app, 'src/App.vue'),
      `<script setup>
import { ref } from 'vue';
import 'skylit/chess-board';

const fen = '${FEN}';
const moves = ref([]);
</script>

<template>
  <sky-chess-board :fen="fen" @sky-move="moves.push($event.detail.san)"></sky-chess-board>
  <output id="moves">{{ moves.join(' ') }}</output>
</template>
`,
    );
    await run(bin('vite'), ['build', '--logLevel', 'error'], { cwd: app });
    await playIn(join(app, 'dist'), { property: true });
  });

  it('tree-shaking: an unused import costs nothing, an element entry keeps its definition', async () => {
    const { build } = (await import(pathToFileURL(join(consumer, 'node_modules/vite/dist/node/index.js')).href)) as typeof import('vite');
    const bundle = async (code: string) => {
      const dir = join(consumer, 'shake');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'entry.js'), code);
      const result = (await build({
        configFile: false,
        logLevel: 'silent',
        root: dir,
        build: { write: false, minify: true, lib: { entry: join(dir, 'entry.js'), formats: ['es'], fileName: 'out' } },
      })) as { output: { type: string; code?: string }[] }[];
      return result[0]!.output.filter((chunk) => chunk.type === 'chunk').map((chunk) => chunk.code).join('');
    };
    const unused = await bundle(`import { SkyChessBoard } from 'skylit/chess-board/class';\nimport { tokens } from 'skylit/base';\nimport { createHost } from 'skylit/host';\n`);
    assert.ok(unused.length < 100, `unused imports left ${unused.length} bytes: ${unused.slice(0, 200)}`);
    const element = await bundle(`import 'skylit/chess-board';\n`);
    assert.match(element, /sky-chess-board/);
    assert.ok(element.length > 20_000, 'the element entry keeps the element');
  });
});

/** Serves a built app, plays e2–e4 with the real mouse, and checks what the app heard and set. */
async function playIn(dist: string, options: { property?: boolean } = {}): Promise<void> {
  const site = await serveDir(dist);
  try {
    const { page, problems } = await openPage(`${site.origin}/`);
    await moveWithMouse(page, 'e2', 'e4');
    assert.equal(await squareLabel(page, 'b1'), 'b1, empty', 'the board shows the fen the app set');
    await page.waitForFunction(() => document.querySelector('#moves')?.textContent?.trim() === 'e4', { timeout: 5000 });
    if (options.property) {
      const wiring = await page.$eval('sky-chess-board', (el) => ({ attribute: el.getAttribute('fen'), property: (el as HTMLElement & { fen?: string }).fen }));
      assert.deepEqual(wiring, { attribute: null, property: FEN }, 'fen arrived as a property, not an attribute');
    }
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    await site.close();
  }
}

/**
 * Plumbing of the package tests (`npm test -- packages`): the packed tarballs (never the repository),
 * throw-away apps that install them, a static file server per origin, Chromium through
 * puppeteer-core, and a chess move made with the real mouse.
 *
 * Apps live in .tmp/package-apps/<name>/ and keep their node_modules between runs: what they depend
 * on installs once (from the npm registry, through the user's npm cache), and each run installs only
 * the new tarballs, copied under their content hash so npm always sees a new package.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';
import { packPackages } from '../../scripts/packages/pack.mjs';

export const ROOT = resolve(import.meta.dirname, '../..');
export const APPS_DIR = join(ROOT, '.tmp', 'package-apps');
/** create-vite, pinned: the scaffolds (and their default tsconfig) users get today. */
export const CREATE_VITE = 'create-vite@9.3.0';

export interface Tarballs {
  components: string;
  server: string;
}

let packed: Promise<Tarballs> | undefined;

/** The packed tarballs: from SKYLIT_PACKAGES_DIR (set by `npm test -- packages`, which packs first), else packed now. */
export function tarballs(): Promise<Tarballs> {
  packed ??= (async () => {
    const dir = process.env.SKYLIT_PACKAGES_DIR && resolve(process.env.SKYLIT_PACKAGES_DIR);
    if (dir) {
      const find = (prefix: string) => {
        const file = readdirSync(dir).find((name) => new RegExp(`^${prefix}-\\d.*\\.tgz$`).test(name));
        assert.ok(file, `no ${prefix} tarball in ${dir}; run npm run pack`);
        return join(dir, file);
      };
      return { components: find('skylit'), server: find('skylit-server') };
    }
    const result = await packPackages({ log: () => undefined });
    return { components: result.skylit.tarball, server: result['skylit-server'].tarball };
  })();
  return packed;
}

/**
 * Runs a command; resolves with its standard output, rejects with the command, exit code and both
 * outputs. SKYLIT_TIMING=1 logs how long each command took (to find what makes a run slow).
 */
export function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number }): Promise<string> {
  const started = performance.now();
  return new Promise((done, fail) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: childEnv(options.env), timeout: options.timeout ?? 240_000, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (process.env.SKYLIT_TIMING) console.error(`# ${Math.round(performance.now() - started)} ms: ${command} ${args.join(' ').slice(0, 80)}`);
        if (error) fail(new Error(`${command} ${args.join(' ')} (in ${options.cwd}) failed: ${error.message}\n${stdout}\n${stderr}`));
        else done(stdout);
      },
    );
  });
}

/** This process's environment for a child, without node:test's marker (a nested `node --test` would report to us, not print). */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { NODE_TEST_CONTEXT: _ignored, ...env } = process.env;
  return { ...env, ...extra };
}

// --prefer-offline: what the npm cache has is used without asking the registry again.
const NPM_FLAGS = ['--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline'];

/**
 * Installs `dependencies` and the tarballs (name → path) into the app folder `name`, keeping what is
 * already there. Install scripts are skipped: the one native module of our dependencies,
 * better-sqlite3, gets the repository's own build when the versions match (the same file its install
 * script would compile here, without 70 s of g++), else it is compiled. `fields` go into the app's
 * package.json (scripts, …). Returns the folder.
 */
export async function installApp(
  name: string,
  dependencies: Record<string, string>,
  packages: Record<string, string> = {},
  fields: Record<string, unknown> = {},
): Promise<string> {
  const dir = join(APPS_DIR, name);
  const store = join(dir, 'tarballs');
  mkdirSync(store, { recursive: true });
  const specs: Record<string, string> = { ...dependencies };
  const keep = new Set<string>();
  for (const [pkg, tarball] of Object.entries(packages)) {
    const hash = createHash('sha256').update(readFileSync(tarball)).digest('hex').slice(0, 12);
    const file = `${pkg}-${hash}.tgz`;
    if (!existsSync(join(store, file))) copyFileSync(tarball, join(store, file));
    keep.add(file);
    specs[pkg] = `file:tarballs/${file}`;
  }
  for (const file of readdirSync(store)) if (!keep.has(file)) rmSync(join(store, file));
  const pkg = { name: `skylit-check-${name}`, private: true, type: 'module', ...fields, dependencies: specs };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  await run('npm', ['install', ...NPM_FLAGS, '--ignore-scripts'], { cwd: dir });
  await nativeModules(dir);
  return dir;
}

async function nativeModules(dir: string): Promise<void> {
  const installed = join(dir, 'node_modules', 'better-sqlite3');
  if (!existsSync(installed) || existsSync(join(installed, 'build', 'Release', 'better_sqlite3.node'))) return;
  const ours = join(ROOT, 'node_modules', 'better-sqlite3');
  const version = (path: string) => JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')).version;
  const built = join(ours, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(built) && version(ours) === version(installed)) {
    mkdirSync(join(installed, 'build', 'Release'), { recursive: true });
    copyFileSync(built, join(installed, 'build', 'Release', 'better_sqlite3.node'));
  } else {
    await run('npm', ['rebuild', 'better-sqlite3', ...NPM_FLAGS], { cwd: dir, timeout: 300_000 });
  }
}

/**
 * create-vite scaffolds (made once, with one run of create-vite, and cached in
 * .tmp/package-apps/templates/), each copied to `<into>/<template>` without its package.json.
 * Resolves with the dependencies the scaffolds' package.json files list, all together.
 */
export async function scaffold(templates: string[], into: string): Promise<Record<string, string>> {
  const cache = join(APPS_DIR, 'templates');
  const missing = templates.filter((template) => !existsSync(join(cache, template, 'package.json')));
  if (missing.length) {
    mkdirSync(cache, { recursive: true });
    for (const template of missing) rmSync(join(cache, template), { recursive: true, force: true });
    const commands = missing.map((template) => `create-vite ${template} --no-interactive --template ${template}`).join(' && ');
    await run('npm', ['exec', '--yes', `--package=${CREATE_VITE}`, '-c', commands], { cwd: cache, env: { npm_config_user_agent: 'npm' } });
  }
  const dependencies: Record<string, string> = {};
  for (const template of templates) {
    const dir = join(into, template);
    rmSync(dir, { recursive: true, force: true });
    cpSync(join(cache, template), dir, { recursive: true });
    rmSync(join(dir, 'package.json'));
    const pkg = JSON.parse(readFileSync(join(cache, template, 'package.json'), 'utf8'));
    Object.assign(dependencies, pkg.dependencies, pkg.devDependencies);
  }
  return dependencies;
}

/**
 * The versions this repository has installed, for the tools an app shares with it (vite,
 * typescript, lit, …): they are in the npm cache `npm ci` filled, so an app installs them without
 * downloading, and a new release of a tool cannot change what the checks run on. Others keep their range.
 */
export function pinned(dependencies: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(dependencies).map(([name, range]) => {
      const installed = join(ROOT, 'node_modules', name, 'package.json');
      return [name, existsSync(installed) ? JSON.parse(readFileSync(installed, 'utf8')).version : range];
    }),
  );
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves a folder on a free loopback port (CORS open, as a CDN is), with extra headers if given. */
export async function serveDir(dir: string, headers: Record<string, string> = {}): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (path === '/favicon.ico') return void response.writeHead(204).end();
    let file = resolve(dir, `.${path}`);
    if (file !== dir && !file.startsWith(dir + sep)) file = dir;
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void response.writeHead(404).end('not found');
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'access-control-allow-origin': '*', ...headers });
    response.end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        // Chromium keeps sockets open (and preconnects spare ones) that would hold close() for minutes.
        server.closeAllConnections();
      }),
  };
}

let browser: Promise<Browser> | undefined;

/** One headless Chromium for the test file (close it with closeBrowser in `after`). */
export function chromium(): Promise<Browser> {
  browser ??= puppeteer.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  if (browser) await (await browser).close();
  browser = undefined;
}

/** A new page that records console errors, page errors and failed requests. */
export async function openPage(url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await (await chromium()).newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${(error as Error).message ?? error}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  await page.setViewport({ width: 900, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

/** What a square of the first board on the page says to a screen reader ("e4, white pawn"). */
export function squareLabel(page: Page, square: string): Promise<string | null> {
  return page.evaluate(
    (name) => document.querySelector('sky-chess-board')?.shadowRoot?.querySelector(`[data-square="${name}"]`)?.getAttribute('aria-label') ?? null,
    square,
  );
}

/**
 * Waits for the board to show a position, then plays `from` → `to` with the real mouse (click the
 * piece, click the target) and waits until the piece stands on `to`.
 */
export async function moveWithMouse(page: Page, from: string, to: string): Promise<void> {
  await page.waitForFunction(() => document.querySelector('sky-chess-board')?.shadowRoot?.querySelector('[role="grid"]'), { timeout: 15_000 });
  const piece = (await squareLabel(page, from))?.split(', ')[1];
  assert.ok(piece && piece !== 'empty', `no piece on ${from}`);
  for (const square of [from, to]) {
    const box = await page.evaluate((name) => {
      const cell = document.querySelector('sky-chess-board')!.shadowRoot!.querySelector(`[data-square="${name}"]`)!;
      cell.scrollIntoView({ block: 'center' });
      const r = cell.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }, square);
    await page.mouse.click(box.x, box.y);
  }
  await page.waitForFunction(
    (name, label) => document.querySelector('sky-chess-board')?.shadowRoot?.querySelector(`[data-square="${name}"]`)?.getAttribute('aria-label')?.startsWith(label),
    { timeout: 10_000 },
    to,
    `${to}, ${piece}`,
  );
}

// Every Storybook story, in Chromium: builds Storybook once, serves it on a loopback port, opens each
// story of the build's index.json (so a new story is checked without listing it here), waits for it
// to render and its play function to finish, and fails on any console error, page error or failed
// request, a story or play function that threw, or an axe violation (axe checks shadow roots).
// The start story, and the stories whose tool calls go through the host, run once per host kind.
// A Node test (`npm test -- stories`); web-test-runner.config.mjs leaves test/stories to Node.
//
//   STORYBOOK_STATIC=storybook-static   check an existing build instead of building
//   STORY_SCREENSHOTS=/tmp/shots        also save a screenshot of each story there
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js');
const SCREENSHOTS = process.env.STORY_SCREENSHOTS;
/** Pages checked at once (each is a Storybook preview with the real chess engine in it). */
const CONCURRENCY = 3;
const STORY_TIMEOUT_MS = 20_000;

const given = process.env.STORYBOOK_STATIC;
const builtDir = given ? null : mkdtempSync(join(tmpdir(), 'skylit-storybook-'));
const staticDir = given ? resolve(ROOT, given) : buildStorybook(builtDir!);
const index = JSON.parse(readFileSync(join(staticDir, 'index.json'), 'utf8')) as {
  entries: Record<string, { id: string; type: string; title: string; name: string; importPath: string }>;
};
const stories = Object.values(index.entries).filter((entry) => entry.type === 'story');
const docs = Object.values(index.entries).filter((entry) => entry.type === 'docs');
/** Every packaged component (a folder of components/ with a define.ts) and the stories file its docs page comes from. */
const components = readdirSync(join(ROOT, 'components'))
  .filter((name) => existsSync(join(ROOT, 'components', name, 'define.ts')))
  .map((name) => ({ name, stories: `./stories/${name}.stories.ts` }));

/**
 * The stories run again under each other host kind: the chess board's opening, a tool call through
 * the host and a failed one; every list-detail and form-wizard story.
 */
const PER_HOST = [
  'widgets-chess-board--start',
  'widgets-chess-board--conflict',
  'widgets-chess-board--error-state',
  ...stories.filter((story) => /^widgets-(list-detail|form-wizard)--/.test(story.id)).map((story) => story.id),
];
const variants: { id: string; globals: string }[] = [
  ...['openai', 'mcp-apps'].flatMap((host) => PER_HOST.map((id) => ({ id, globals: `host:${host}` }))),
  { id: 'widgets-chess-board--start', globals: 'host:mcp-apps;theme:dark' },
  { id: 'widgets-chess-board--fullscreen', globals: 'theme:dark;reducedMotion:reduce' },
];

let server: Server;
let origin = '';
let browser: Browser;

before(async () => {
  server = await serveStatic(staticDir);
  browser = await puppeteer.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
  if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await new Promise((done) => server?.close(done));
  if (builtDir) rmSync(builtDir, { recursive: true, force: true });
});

describe('stories render without errors and pass axe', { concurrency: CONCURRENCY }, () => {
  it('the build lists the chess board, list-detail and form-wizard stories', () => {
    assert.ok(stories.length >= 38, `only ${stories.length} stories in index.json`);
    assert.ok(index.entries['widgets-list-detail--conflict'], 'the list-detail stories are missing');
    assert.ok(index.entries['widgets-form-wizard--check-answers'], 'the form-wizard stories are missing');
    for (const id of PER_HOST) assert.ok(index.entries[id], `story ${id} is missing`);
  });

  for (const story of stories) {
    it(`${story.title} › ${story.name}`, () => checkStory(story.id));
  }
  for (const { id, globals } of variants) {
    const story = index.entries[id];
    if (story) it(`${story.title} › ${story.name} (${globals})`, () => checkStory(id, globals));
  }
});

describe('every component has a docs page (autodocs from the Custom Elements Manifest)', () => {
  for (const component of components) {
    it(`${component.name}: a docs entry from ${component.stories}`, () => {
      assert.ok(
        docs.some((entry) => entry.importPath === component.stories),
        `no docs entry for components/${component.name}: give ${component.stories} a meta with component: '<tag>' (autodocs is on for every stories file)`,
      );
    });
  }
  for (const entry of docs) {
    it(`${entry.title} › ${entry.name}: renders every story, API tables from the manifest, no errors, axe clean`, () => checkDocs(entry.id));
  }
});

/** Opens a docs page: it renders, its API table lists the element's attributes, events, parts and CSS properties. */
async function checkDocs(id: string): Promise<void> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const problems = watchProblems(page);
  try {
    await page.setViewport({ width: 1000, height: 900 });
    await page.setUserAgent(`${await browser.userAgent()} StorybookTestRunner`);
    await page.evaluateOnNewDocument(LISTEN_TO_STORYBOOK);
    await page.goto(`${origin}/iframe.html?${new URLSearchParams({ id, viewMode: 'docs' })}`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__storyCheck.finished === 'docs', { timeout: STORY_TIMEOUT_MS, polling: 50 });
    assert.deepEqual((await page.evaluate(() => window.__storyCheck)).errors, [], `Storybook reported errors for ${id}`);
    // Every story on the page has its host idle and its elements rendered.
    await page.waitForFunction(() => [...document.querySelectorAll('host-emulator')].every((e) => e.getAttribute('data-host-state') !== 'busy'), {
      timeout: STORY_TIMEOUT_MS,
      polling: 50,
    });
    await page.evaluate(async () => {
      const elements = [...document.querySelectorAll<Element & { updateComplete?: Promise<unknown> }>('#storybook-docs *')];
      await Promise.all(elements.map((element) => element.updateComplete));
      await new Promise((done) => setTimeout(done, 50));
    });
    const table = await page.$eval('.docblock-argstable', (el) => el.textContent ?? '');
    for (const section of ['attributes', 'properties', 'events', 'css shadow parts', 'css custom properties']) {
      assert.match(table.toLowerCase(), new RegExp(section), `the API table has no ${section} section`);
    }
    // Every WCAG rule. Not axe's best practices about landmarks: a docs page is Storybook's page
    // (its chrome is in no landmark) holding every story at once, each framed by the host emulator's
    // own header, main and aside; each story alone passes them all (checkStory).
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const runOnly = { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] };
      const results = await window.axe.run(document, { iframes: false, resultTypes: ['violations'], runOnly });
      return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.replace(/\n/g, ' ')}`).join('\n')}`);
    });
    assert.deepEqual(violations, [], `axe found violations in ${id}`);
    assert.deepEqual(problems, [], `errors while showing ${id}`);
  } finally {
    await context.close();
  }
}

/** Opens one story and asserts everything a user (and a screen reader) would notice went right. */
async function checkStory(id: string, globals = ''): Promise<void> {
  // A context of its own: stories checked side by side must not share storage (the MCP Apps and
  // plain-page bridges keep widget state in localStorage, and a story restores what it finds).
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const problems = watchProblems(page);
  try {
    await page.setViewport({ width: 900, height: 900 });
    // As Storybook's own test runner does: Storybook then ends animations at once instead of waiting
    // for them (several pages run at once, and a page in the background gets no animation frames).
    await page.setUserAgent(`${await browser.userAgent()} StorybookTestRunner`);
    await page.evaluateOnNewDocument(LISTEN_TO_STORYBOOK);
    const query = new URLSearchParams({ id, viewMode: 'story' });
    if (globals) query.set('globals', globals);
    await page.goto(`${origin}/iframe.html?${query}`, { waitUntil: 'load' });

    // Rendered, play function done (or failed): Storybook says so on its channel.
    await page.waitForFunction(() => window.__storyCheck.finished !== null, { timeout: STORY_TIMEOUT_MS, polling: 50 });
    const outcome = await page.evaluate(() => window.__storyCheck);
    assert.deepEqual(outcome.errors, [], `Storybook reported errors for ${id}`);
    assert.equal(outcome.finished, 'success', `story ${id} finished with "${outcome.finished}"`);

    // The emulated host has no tool call under way, and every element has rendered what it has.
    await page.waitForFunction(() => document.querySelector('host-emulator')?.getAttribute('data-host-state') !== 'busy', {
      timeout: STORY_TIMEOUT_MS,
      polling: 50,
    });
    await page.evaluate(async () => {
      const elements = [...document.querySelectorAll<Element & { updateComplete?: Promise<unknown> }>('#storybook-root *')];
      await Promise.all(elements.map((element) => element.updateComplete));
      await new Promise((done) => setTimeout(done, 50));
    });
    if (globals.includes('host:')) {
      const kind = globals.match(/host:([a-z-]+)/)![1];
      const seen = await page.evaluate(() => (document.querySelector('#storybook-root [host-kind], sky-chess-board, sky-list-detail, sky-form-wizard') as { host?: { kind: string } } | null)?.host?.kind);
      assert.equal(seen, kind, 'the widget talks to the host kind the toolbar chose');
    }
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, `${id}${globals ? `--${globals.replace(/[^a-z0-9-]+/gi, '_')}` : ''}.png`), fullPage: true });

    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const results = await window.axe.run(document, { iframes: false, resultTypes: ['violations'] });
      return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.replace(/\n/g, ' ')}`).join('\n')}`);
    });
    assert.deepEqual(violations, [], `axe found violations in ${id}`);
    assert.deepEqual(problems, [], `errors while showing ${id}`);
  } finally {
    await context.close();
  }
}

/** Collects what went wrong on a page: console errors, page errors, failed requests, HTTP errors. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${(error as Error).message ?? error}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

/**
 * Runs in the page before Storybook: records how the story finished and any error the preview
 * reports, by reading the preview's channel events on their way to the manager. A string, because
 * tsx would wrap a serialized function in helpers the page does not have.
 */
const LISTEN_TO_STORYBOOK = `(() => {
  const check = (window.__storyCheck = { finished: null, errors: [], docs: false });
  const failures = ['storyErrored', 'storyThrewException', 'playFunctionThrewException', 'storyMissing', 'unhandledErrorsWhilePlaying'];
  let channel;
  Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get: () => channel,
    set(value) {
      channel = value;
      const emit = value.emit.bind(value);
      value.emit = (event, ...args) => {
        if (event === 'storyFinished' && !check.docs) check.finished = args[0].status;
        if (event === 'docsPrepared') check.docs = true;
        if (event === 'docsRendered') check.finished = 'docs';
        if (failures.includes(event)) check.errors.push(event + ': ' + JSON.stringify(args).slice(0, 2000));
        return emit(event, ...args);
      };
    },
  });
})();`;

declare global {
  interface Window {
    __storyCheck: { finished: string | null; errors: string[]; docs: boolean };
    axe: {
      run(
        context: Document,
        options: object,
      ): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary?: string }[] }[] }>;
    };
  }
}

function buildStorybook(outDir: string): string {
  const started = performance.now();
  const build = spawnSync(join(ROOT, 'node_modules/.bin/storybook'), ['build', '--quiet', '--output-dir', outDir], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
  });
  if (build.status !== 0) throw new Error(`storybook build failed (${build.status}):\n${build.stdout}\n${build.stderr}`);
  console.log(`# storybook build: ${Math.round(performance.now() - started)} ms`);
  return outDir;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** A static file server for the build, on a free loopback port. */
async function serveStatic(dir: string): Promise<Server> {
  const http = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    // Chromium asks every origin for /favicon.ico on its own; Storybook's icon is favicon.svg.
    if (path === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    let file = resolve(dir, `.${path}`);
    if (file !== dir && !file.startsWith(dir + sep)) file = dir;
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  const address = http.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return http;
}

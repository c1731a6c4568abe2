/**
 * Plumbing for the widget manager's tests: the fixture package (test/server/fixtures/widget-package,
 * a dependency-free MCP server) run as a remote server or packed as an archive, a Skylit server with
 * the manager and bearer-token auth for two users, and SDK clients per user.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createSkylitApp, type SkylitApp } from '../../server/app.ts';
import type { AuthOptions } from '../../server/auth.ts';
import { ROOT_DIR } from '../../server/build.ts';
import { startHttpServer, type RunningHttpServer } from '../../server/http.ts';
import type { Logger } from '../../server/log.ts';
import { WidgetManager, type WidgetManagerOptions } from '../../server/manager/manager.ts';
import { createManagerWidget } from '../../server/manager/widget.ts';
import { writeTarGz, type TarInput } from '../../server/packages/archive.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import type { Store } from '../../server/store/types.ts';
import { counterWidget } from './fixtures/counter/widget.ts';
import { ensureFixtureBundles, stopChild, TEST_DIST_DIR, tempDir } from './helpers.ts';

export const FIXTURE_DIR = join(ROOT_DIR, 'test/server/fixtures/widget-package');
export const FIXTURE_MAIN = join(FIXTURE_DIR, 'main.mjs');
export const FIXTURE_MANIFEST = JSON.parse(readFileSync(join(FIXTURE_DIR, 'manifest.json'), 'utf8')) as Record<string, unknown>;

/** The fixture package as a .tgz (npm's package/ folder), with changes to its manifest and extra files. */
export function fixtureArchive(manifest: Record<string, unknown> = {}, extra: TarInput[] = []): Buffer {
  return writeTarGz([
    { name: 'package/manifest.json', data: JSON.stringify({ ...FIXTURE_MANIFEST, ...manifest }) },
    { name: 'package/main.mjs', data: readFileSync(FIXTURE_MAIN) },
    ...extra,
  ]);
}

export interface RemoteFixture {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The fixture package run by the test, as a remote MCP server on a free loopback port. */
export async function startRemoteFixture(): Promise<RemoteFixture> {
  const child = spawn(process.execPath, [FIXTURE_MAIN], { env: { PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`fixture exited with ${code}: ${output}`)));
  });
  return { url: `http://127.0.0.1:${port}/mcp`, child, stop: () => stopChild(child) };
}

/** Tokens the test verifier knows: alice's and bob's. */
export const TOKENS = { alice: 'token-of-alice', bob: 'token-of-bob' } as const;

/** An in-code verifier (the SDK's OAuthTokenVerifier) for the two test users. */
export const testAuth: AuthOptions = {
  verifier: {
    async verifyAccessToken(token) {
      const user = Object.entries(TOKENS).find(([, known]) => known === token)?.[0];
      if (!user) throw new InvalidTokenError('Unknown token');
      return { token, clientId: 'test-client', scopes: ['widgets'], expiresAt: Math.floor(Date.now() / 1000) + 3600, extra: { sub: `user-${user}` } };
    },
  },
  authorizationServers: ['https://auth.example.com'],
  requiredScopes: ['widgets'],
};

export interface ManagerServer {
  app: SkylitApp;
  http: RunningHttpServer;
  manager: WidgetManager;
  store: Store;
  url: URL;
  log: string[];
  packagesDir: string;
  close(): Promise<void>;
}

/** A Skylit server (the counter widget + the manager) on a throw-away SQLite store, with auth unless `auth: null`. */
export async function startManagerServer(options: { auth?: AuthOptions | null; manager?: Partial<WidgetManagerOptions>; store?: Store } = {}): Promise<ManagerServer> {
  await ensureFixtureBundles();
  const dir = tempDir('skylit-manager-');
  const store = options.store ?? openSqliteStore(join(dir.path, 'store.db'));
  const lines: string[] = [];
  const log: Logger = {
    info: (message) => lines.push(`info ${message}`),
    error: (message) => lines.push(`error ${message}`),
    toolCall: (tool, ms, outcome) => lines.push(`info tool_call tool=${tool} duration_ms=${ms.toFixed(1)} outcome=${outcome}`),
  };
  const packagesDir = join(dir.path, 'packages');
  const manager = await WidgetManager.open({
    store,
    log,
    packagesDir,
    allowProcesses: true,
    allowPrivateNetwork: true,
    debug: true,
    callTimeoutMs: 3_000,
    processes: { backoff: { initialMs: 1_000, maxMs: 4_000 }, healthIntervalMs: 1_000, stableMs: 60_000 },
    ...options.manager,
  });
  const app = createSkylitApp({ widgets: [counterWidget, createManagerWidget(manager)], store, distDir: TEST_DIST_DIR, log, dynamic: manager });
  const auth = options.auth === undefined ? testAuth : options.auth;
  // With the widget sandbox on a second origin, as `npm start` runs it: /manager opens widgets there.
  const http = await startHttpServer(app, { port: 0, host: '127.0.0.1', distDir: TEST_DIST_DIR, sandbox: { port: 0 }, ...(auth ? { auth } : {}) });
  return {
    app,
    http,
    manager,
    store,
    url: new URL('/mcp', http.origin),
    log: lines,
    packagesDir,
    async close() {
      await http.close();
      await manager.close();
      await store.close();
      dir.remove();
    },
  };
}

/** An SDK client over Streamable HTTP, with a bearer token when given. */
export async function clientFor(url: URL, token?: string): Promise<Client> {
  const client = new Client({ name: 'skylit-manager-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(url, token ? { requestInit: { headers: { authorization: `Bearer ${token}` } } } : {}));
  return client;
}

let requests = 0;
/** A fresh request id. */
export function requestId(): string {
  requests += 1;
  return `test-request-${process.pid}-${requests}-${Date.now()}`;
}

/** A tool call's result, typed. */
export async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** Calls widget_install with list-detail's argument shape. */
export function install(client: Client, values: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<CallToolResult> {
  return call(client, 'widget_install', { values, requestId: requestId(), ...extra });
}

/** The `selected` record of a manager view. */
export function selectedOf(result: CallToolResult): { id: string; version: number; values: Record<string, unknown> } {
  const selected = (result.structuredContent as { selected?: { id: string; version: number; values: Record<string, unknown> } }).selected;
  if (!selected) throw new Error(`no selected record in ${JSON.stringify(result).slice(0, 300)}`);
  return selected;
}

/** Polls `probe` until it returns a value (not undefined), or fails after `ms`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not happen within ${ms} ms${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

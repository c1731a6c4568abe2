/**
 * Shared test plumbing: the fixture bundle (built with the production vite recipe into
 * .tmp/test-dist), an in-process HTTP server over the test-only counter widget, SDK clients for
 * both transports, and child-process helpers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createSkylitApp, type SkylitApp } from '../../server/app.ts';
import { buildBundles, bundleTargets, ROOT_DIR, staleTargets } from '../../server/build.ts';
import { startHttpServer, type RunningHttpServer } from '../../server/http.ts';
import { silentLogger, type Logger } from '../../server/log.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import type { Store } from '../../server/store/types.ts';
import { counterWidget } from './fixtures/counter/widget.ts';

export const TEST_DIST_DIR = join(ROOT_DIR, '.tmp', 'test-dist');
export const SERVE_SCRIPT = join(ROOT_DIR, 'test/server/fixtures/serve.ts');

/** Builds the fixture widget and preview bundles unless they are fresh. */
export async function ensureFixtureBundles(): Promise<void> {
  const targets = bundleTargets([counterWidget]);
  const stale = staleTargets(targets, { distDir: TEST_DIST_DIR });
  if (stale.length) await buildBundles(stale, { distDir: TEST_DIST_DIR });
}

/** A temporary directory removed by the returned function. */
export function tempDir(prefix = 'skylit-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface TestServer {
  app: SkylitApp;
  http: RunningHttpServer;
  store: Store;
  logLines: string[];
  url: URL;
  close(): Promise<void>;
}

/** The counter widget served over HTTP on a free loopback port, with a throw-away SQLite store. */
export async function startTestServer(options: { store?: Store } = {}): Promise<TestServer> {
  await ensureFixtureBundles();
  const dir = tempDir();
  const store = options.store ?? openSqliteStore(join(dir.path, 'test.db'));
  const logLines: string[] = [];
  const log: Logger = {
    info: (m) => logLines.push(`info ${m}`),
    error: (m) => logLines.push(`error ${m}`),
    toolCall: (tool, ms, outcome) => logLines.push(`tool_call tool=${tool} duration_ms=${ms.toFixed(1)} outcome=${outcome}`),
  };
  const app = createSkylitApp({ widgets: [counterWidget], store, distDir: TEST_DIST_DIR, log });
  const http = await startHttpServer(app, { port: 0, host: '127.0.0.1', distDir: TEST_DIST_DIR });
  return {
    app,
    http,
    store,
    logLines,
    url: new URL('/mcp', http.origin),
    async close() {
      await http.close();
      await store.close();
      dir.remove();
    },
  };
}

/** An SDK client connected over Streamable HTTP. */
export async function httpClient(url: URL): Promise<Client> {
  const client = new Client({ name: 'skylit-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(url));
  return client;
}

/** An SDK client connected to `serve.ts --stdio` (the counter widget) in a child process. */
export async function stdioClient(env: Record<string, string>): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', SERVE_SCRIPT, '--stdio'],
    cwd: ROOT_DIR,
    env: { ...(process.env as Record<string, string>), SKYLIT_DIST_DIR: TEST_DIST_DIR, ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'skylit-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

export interface ServerProcess {
  child: ChildProcess;
  origin: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Spawns `serve.ts` over HTTP on a free port and waits for its "listening on" line. */
export async function spawnHttpServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE_SCRIPT], {
    cwd: ROOT_DIR,
    env: { ...process.env, SKYLIT_DIST_DIR: TEST_DIST_DIR, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^/\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    origin,
    output: () => output,
    stop: () => stopChild(child),
  };
}

/** SIGTERM, then waits for exit. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Runs a command to completion; resolves with its exit code and output. */
export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT_DIR, env: options.env ?? process.env });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The text of a tool result's content blocks. */
export function textOf(result: object): string {
  if (!('content' in result)) return '';
  const blocks = Array.isArray(result.content) ? (result.content as { type: string; text?: string }[]) : [];
  return blocks.map((b) => (b.type === 'text' ? (b.text ?? '') : '')).join('\n');
}

/** A TCP port free on loopback right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

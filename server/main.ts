/**
 * The `skylit-server` command: serves the built-in widgets over Streamable HTTP (default) or stdio.
 *
 *   skylit-server          HTTP on http://127.0.0.1:8787/mcp (PORT, HOST), preview at /
 *   skylit-server --stdio  MCP over stdin/stdout (logs on stderr)
 *
 * Environment: PORT, HOST, DATABASE_URL (PostgreSQL store), SKYLIT_DB_PATH (SQLite file, default
 * in the user's data folder: store/index.ts defaultDbPath), SKYLIT_DIST_DIR (bundles, default dist/
 * of this package), SKYLIT_ASSET_BASE_URL (CDN mode: assets.ts), SKYLIT_SEED=0 (no example data in a
 * new store), and the limits SKYLIT_TOOL_TIMEOUT_MS, SKYLIT_MAX_CONCURRENT_CALLS,
 * SKYLIT_MAX_BODY_BYTES (server/README.md); for pages that show widgets: SKYLIT_CORS_ORIGINS (origins
 * whose pages may call /mcp), SKYLIT_SANDBOX_PORT (the sandbox origin's port, default PORT + 1) and
 * SKYLIT_SANDBOX_URL (its public URL when something sits in front).
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createSkylitApp, type SkylitApp, type ToolCallLimits } from './app.ts';
import { assetOptionsFromEnv } from './assets.ts';
import { authOptionsFromEnv, type AuthOptions } from './auth.ts';
import { parseCorsOrigins } from './cors.ts';
import { positiveIntegerFromEnv } from './env.ts';
import { DEFAULT_DIST_DIR } from './build.ts';
import { isLoopbackHost, MCP_PATH, startHttpServer } from './http.ts';
import { createLogger, type Logger } from './log.ts';
import { managerSettingsFromEnv } from './manager/config.ts';
import { WidgetManager } from './manager/manager.ts';
import { createManagerWidget } from './manager/widget.ts';
import type { WidgetDefinition } from './registry.ts';
import { defaultDbPath, describeStore, openStore, storeConfigFromEnv } from './store/index.ts';
import { builtinWidgets } from './widgets/index.ts';

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';

export interface MainOptions {
  argv?: string[];
  env?: NodeJS.ProcessEnv;
  widgets?: readonly WidgetDefinition[];
  log?: Logger;
  /** Bearer-token auth on /mcp (default: from SKYLIT_AUTH_*; none when unset). */
  auth?: AuthOptions;
}

const USAGE = `Usage: skylit-server [--stdio] [--port N] [--host H]
  (no flag)   Streamable HTTP, stateless, at http://HOST:PORT/mcp; preview page at /
  --stdio     MCP over stdin/stdout
Environment: PORT (8787), HOST (127.0.0.1), DATABASE_URL (PostgreSQL), SKYLIT_DB_PATH (${defaultDbPath()}),
  SKYLIT_DIST_DIR, SKYLIT_ASSET_BASE_URL (CDN mode: widget pages load <url><element tag>.js), SKYLIT_SEED=0,
  SKYLIT_TOOL_TIMEOUT_MS, SKYLIT_MAX_CONCURRENT_CALLS, SKYLIT_MAX_BODY_BYTES, SKYLIT_ENGINE_MAX_NODES, SKYLIT_ENGINE_MAX_MS, SKYLIT_ENGINE_THREADS,
  SKYLIT_CORS_ORIGINS, SKYLIT_SANDBOX_PORT (PORT + 1), SKYLIT_SANDBOX_URL,
  SKYLIT_AUTH_INTROSPECTION_URL (bearer tokens on /mcp; with SKYLIT_AUTH_CLIENT_ID, _CLIENT_SECRET, _ISSUER, _RESOURCE, _SCOPES),
  SKYLIT_MANAGER, SKYLIT_MANAGER_PROCESSES, SKYLIT_MANAGER_PRIVATE_URLS, SKYLIT_PACKAGES_DIR, SKYLIT_MANAGER_CACHE_TTL_MS (the widget manager, /manager), SKYLIT_DEBUG=manager`;

/** Starts the server; resolves once it listens (HTTP) or is connected (stdio). Returns a stop function. */
export async function main(options: MainOptions = {}): Promise<() => Promise<void>> {
  const argv = options.argv ?? process.argv.slice(2);
  const env = options.env ?? process.env;
  const log = options.log ?? createLogger();
  const flags = parseArgs(argv);
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return async () => {};
  }

  const limits = limitsFromEnv(env);
  const auth = options.auth ?? authOptionsFromEnv(env);
  const port = flags.port ?? parsePort(env.PORT) ?? DEFAULT_PORT;
  const host = flags.host ?? env.HOST ?? DEFAULT_HOST;
  const managerSettings = managerSettingsFromEnv(env, { loopback: flags.stdio || isLoopbackHost(host), auth: Boolean(auth), byDefault: !options.widgets });
  const storeConfig = storeConfigFromEnv(env);
  const store = await openStore(storeConfig);
  let app: SkylitApp;
  let manager: WidgetManager | undefined;
  try {
    if (managerSettings.enabled) {
      manager = await WidgetManager.open({ store, log, ...managerSettings, ...(limits.calls.toolTimeoutMs ? { callTimeoutMs: limits.calls.toolTimeoutMs } : {}) });
    }
    app = createSkylitApp({
      widgets: [...(options.widgets ?? builtinWidgets), ...(manager ? [createManagerWidget(manager)] : [])],
      store,
      assets: assetOptionsFromEnv(env),
      distDir: env.SKYLIT_DIST_DIR || DEFAULT_DIST_DIR,
      log,
      limits: limits.calls,
      ...(manager ? { dynamic: manager } : {}),
    });
  } catch (error) {
    await manager?.close();
    await store.close();
    throw error;
  }
  // Example data for a new store (each widget writes its own once).
  if (env.SKYLIT_SEED !== '0') for (const widget of app.registry.widgets) await widget.seed?.(store);
  const count = app.registry.widgets.length;
  const what =
    count === 0
      ? 'no widgets registered yet (the server runs; add widgets in server/widgets/index.ts)'
      : `${count} widget${count === 1 ? '' : 's'} (${app.registry.widgets.map((w) => w.manifest.id).join(', ')}), ${app.tools.length} tools`;
  const managerLine = manager
    ? `widget manager on (processes from files ${managerSettings.allowProcesses ? 'allowed' : 'refused'}, private URLs ${managerSettings.allowPrivateNetwork ? 'allowed' : 'refused'}, packages in ${managerSettings.packagesDir})`
    : `widget manager off: ${managerSettings.offReason}`;
  const stopAll = async () => {
    await manager?.close();
    await store.close();
  };

  if (flags.stdio) {
    const server = app.createMcpServer();
    await server.connect(new StdioServerTransport());
    log.info(`skylit on stdio: ${what}; store ${describeStore(storeConfig)}; ${managerLine}`);
    return async () => {
      await server.close();
      await stopAll();
    };
  }

  const sandboxPort = parsePort(env.SKYLIT_SANDBOX_PORT) ?? (port === 0 ? 0 : port + 1);
  let http;
  try {
    http = await startHttpServer(app, {
      port,
      host,
      distDir: env.SKYLIT_DIST_DIR || DEFAULT_DIST_DIR,
      limits: limits.http,
      corsOrigins: parseCorsOrigins(env.SKYLIT_CORS_ORIGINS),
      sandbox: { port: sandboxPort, ...(env.SKYLIT_SANDBOX_URL ? { url: env.SKYLIT_SANDBOX_URL } : {}) },
      ...(auth ? { auth } : {}),
    });
  } catch (error) {
    await stopAll();
    throw error;
  }
  const pages = `preview ${http.origin}/${manager ? `, manager ${http.origin}/manager` : ''}, host playground ${http.origin}/host, widget sandbox ${http.sandboxUrl}`;
  log.info(`skylit listening on ${http.origin}${MCP_PATH} (${pages}): ${what}; store ${describeStore(storeConfig)}; ${auth ? 'bearer-token auth on /mcp' : 'no auth (one user)'}; ${managerLine}`);
  return async () => {
    await http.close();
    await stopAll();
  };
}

/** Tool-call and HTTP limits from the environment (unset: the defaults). */
function limitsFromEnv(env: NodeJS.ProcessEnv): { calls: ToolCallLimits; http: { maxBodyBytes?: number } } {
  const toolTimeoutMs = positiveIntegerFromEnv(env, 'SKYLIT_TOOL_TIMEOUT_MS');
  const maxConcurrentCalls = positiveIntegerFromEnv(env, 'SKYLIT_MAX_CONCURRENT_CALLS');
  const maxBodyBytes = positiveIntegerFromEnv(env, 'SKYLIT_MAX_BODY_BYTES');
  return {
    calls: { ...(toolTimeoutMs ? { toolTimeoutMs } : {}), ...(maxConcurrentCalls ? { maxConcurrentCalls } : {}) },
    http: maxBodyBytes ? { maxBodyBytes } : {},
  };
}

interface Flags {
  stdio: boolean;
  help: boolean;
  port?: number;
  host?: string;
}

function parseArgs(argv: string[]): Flags {
  const flags: Flags = { stdio: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--stdio') flags.stdio = true;
    else if (arg === '--help' || arg === '-h') flags.help = true;
    else if (arg === '--port') flags.port = parsePort(argv[++i]) ?? usageError(`--port needs a number from 0 to 65535`);
    else if (arg === '--host') flags.host = argv[++i] ?? usageError('--host needs a value');
    else usageError(`unknown argument ${arg}`);
  }
  return flags;
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a number from 0 to 65535 (got "${value}")`);
  return port;
}

function usageError(message: string): never {
  throw new Error(`${message}\n${USAGE}`);
}

/** Runs main() as a process: stops cleanly on SIGINT/SIGTERM, exits 1 with the message on a start-up error. */
export async function runCli(options: MainOptions = {}): Promise<void> {
  const log = options.log ?? createLogger();
  try {
    const stop = await main({ ...options, log });
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info(`${signal}: shutting down`);
      stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    if ((options.argv ?? process.argv.slice(2)).includes('--stdio')) {
      process.stdin.on('end', () => shutdown('stdin closed'));
    }
  } catch (error) {
    // One log line per line of the message: a manifest error lists each bad field on its own line.
    const message = `skylit could not start: ${error instanceof Error ? error.message : String(error)}`;
    for (const line of message.split('\n')) log.error(line);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) void runCli();

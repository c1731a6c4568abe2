/**
 * `serve()`: Skylit as a library. Your widgets and tools, served over Streamable HTTP (stateless)
 * or stdio, from your own project:
 *
 *   import { defineWidget, defineTool, serve } from 'skylit-server';
 *   const running = await serve({ widgets: [myWidget], distDir: 'dist', port: 8787 });
 *   // running.url: http://127.0.0.1:8787/mcp — running.close() stops it
 *
 * The `skylit-server` command does the same for the built-in widgets (main.ts, with flags and
 * environment variables); `createServer` + `createFetchHandler` serve from a fetch handler instead.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createSkylitApp, type SkylitApp, type SkylitAppOptions } from './app.ts';
import { DEFAULT_DIST_DIR } from './build.ts';
import { MCP_PATH, startHttpServer, type HttpOptions } from './http.ts';
import { createLogger } from './log.ts';
import { describeStore, openStore, storeConfigFromEnv } from './store/index.ts';
import type { Store } from './store/types.ts';

export interface ServeOptions extends Omit<SkylitAppOptions, 'store' | 'distDir'> {
  /** The state store. Default: PostgreSQL when DATABASE_URL is set, else SQLite in the user's data folder (`defaultDbPath()`). */
  store?: Store;
  /** Where the widget bundles are (`<distDir>/widgets/<id>.<dialect>.js`). Default: this package's dist/ (the built-in widgets). */
  distDir?: string;
  /** MCP over stdin/stdout instead of HTTP. */
  stdio?: boolean;
  /** HTTP port (default 8787; 0: any free port). */
  port?: number;
  /** Interface to bind (default 127.0.0.1: only this machine; loopback servers refuse other Host headers). */
  host?: string;
  /** Further options of the HTTP listener (http.ts). */
  http?: Partial<Omit<HttpOptions, 'port' | 'host' | 'distDir'>>;
}

export interface RunningServer {
  app: SkylitApp;
  /** The MCP endpoint (`http://127.0.0.1:8787/mcp`); null on stdio. */
  url: URL | null;
  /** Stops listening and closes the store (also one you passed). */
  close(): Promise<void>;
}

/** Validates the widgets, opens the store and starts serving; resolves once it listens (or is connected on stdio). */
export async function serve(options: ServeOptions): Promise<RunningServer> {
  const { store: given, distDir = DEFAULT_DIST_DIR, stdio = false, port = 8787, host = '127.0.0.1', http: httpOptions, ...appOptions } = options;
  const log = appOptions.log ?? createLogger();
  const storeConfig = storeConfigFromEnv();
  const store = given ?? (await openStore(storeConfig));
  let app: SkylitApp;
  try {
    app = createSkylitApp({ ...appOptions, store, distDir, log });
  } catch (error) {
    await store.close();
    throw error;
  }
  const what = `${app.registry.widgets.length} widget(s), ${app.tools.length} tools; store ${given ? store.kind : describeStore(storeConfig)}`;
  if (stdio) {
    const server = app.createMcpServer();
    await server.connect(new StdioServerTransport());
    log.info(`skylit on stdio: ${what}`);
    return {
      app,
      url: null,
      async close() {
        await server.close();
        await store.close();
      },
    };
  }
  const running = await startHttpServer(app, { ...httpOptions, port, host, distDir });
  const url = new URL(MCP_PATH, running.origin);
  log.info(`skylit listening on ${url.href}: ${what}`);
  return {
    app,
    url,
    async close() {
      await running.close();
      await store.close();
    },
  };
}

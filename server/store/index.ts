/**
 * Picks the store from the environment: PostgreSQL when DATABASE_URL is set, else the embedded
 * SQLite file in the user's data folder. Each engine is loaded only when chosen, so a server on
 * PostgreSQL never loads SQLite's native module (and the reverse).
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Store } from './types.ts';

export * from './types.ts';
export { openMemoryStore } from './memory.ts';

/** The SQLite file's name inside the data folder. */
export const DB_FILE_NAME = 'skylit.db';

export interface StoreConfig {
  /** postgres://… — when set, the PostgreSQL store is used. */
  databaseUrl?: string;
  /** Path of the SQLite file (default: `defaultDbPath()`); `:memory:` for a throw-away store. */
  dbPath?: string;
}

/** Reads DATABASE_URL and SKYLIT_DB_PATH. */
export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  return { databaseUrl: env.DATABASE_URL || undefined, dbPath: env.SKYLIT_DB_PATH || undefined };
}

/**
 * Where the embedded store lives when SKYLIT_DB_PATH is not set: a per-user data folder, never the
 * working directory (a desktop client starts a stdio server wherever it likes):
 * `$XDG_DATA_HOME/skylit/skylit.db` when XDG_DATA_HOME is set; otherwise
 * `~/.local/share/skylit/skylit.db` (Linux and other Unixes), `~/Library/Application Support/skylit/skylit.db`
 * (macOS), `%LOCALAPPDATA%\skylit\skylit.db` (Windows).
 */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = env.HOME || homedir();
  let base: string;
  if (env.XDG_DATA_HOME) base = env.XDG_DATA_HOME;
  else if (platform === 'darwin') base = join(home, 'Library', 'Application Support');
  else if (platform === 'win32') base = env.LOCALAPPDATA || join(home, 'AppData', 'Local');
  else base = join(home, '.local', 'share');
  return join(base, 'skylit', DB_FILE_NAME);
}

/** Opens the configured store (creating the SQLite file and its folder when needed). */
export async function openStore(config: StoreConfig = {}): Promise<Store> {
  if (config.databaseUrl) {
    const { openPostgresStore } = await import('./postgres.ts');
    return openPostgresStore(config.databaseUrl);
  }
  const path = config.dbPath ?? defaultDbPath();
  const { openSqliteStore } = await import('./sqlite.ts');
  return openSqliteStore(path === ':memory:' ? path : resolve(path));
}

/** Where the store lives, for the start-up line (the password of a URL is hidden). */
export function describeStore(config: StoreConfig): string {
  if (config.databaseUrl) {
    try {
      const url = new URL(config.databaseUrl);
      if (url.password) url.password = '***';
      return `postgres ${url.toString()}`;
    } catch {
      return 'postgres (DATABASE_URL)';
    }
  }
  return `sqlite ${config.dbPath ? resolve(config.dbPath) : defaultDbPath()}`;
}

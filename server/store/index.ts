/** Picks the store from the environment: PostgreSQL when DATABASE_URL is set, else the embedded SQLite file. */
import { resolve } from 'node:path';
import { openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';
import type { Store } from './types.ts';

export * from './types.ts';
export { openPostgresStore } from './postgres.ts';
export { openSqliteStore } from './sqlite.ts';

/** Default embedded database file, relative to the working directory. */
export const DEFAULT_DB_PATH = '.data/skylit.db';

export interface StoreConfig {
  /** postgres://… — when set, the PostgreSQL store is used. */
  databaseUrl?: string;
  /** Path of the SQLite file (default .data/skylit.db); `:memory:` for a throw-away store. */
  dbPath?: string;
}

/** Reads DATABASE_URL and SKYLIT_DB_PATH. */
export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  return { databaseUrl: env.DATABASE_URL || undefined, dbPath: env.SKYLIT_DB_PATH || undefined };
}

export async function openStore(config: StoreConfig = {}): Promise<Store> {
  if (config.databaseUrl) return openPostgresStore(config.databaseUrl);
  const path = config.dbPath ?? DEFAULT_DB_PATH;
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
  return `sqlite ${config.dbPath ?? DEFAULT_DB_PATH}`;
}

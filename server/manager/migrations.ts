/**
 * Migrations of the manager's records. The records live in the store's one table on every engine
 * (records.ts), so a migration is code over the Store contract, written once and run the same way on
 * SQLite, PostgreSQL and the memory store: no DDL per engine.
 *
 * `manager:schema` holds the version the records follow. At start-up each migration after it runs in
 * order, then the version moves on by compare-and-set. A migration must be idempotent (it may run
 * twice: two server processes starting together, or a process killed between a migration and the
 * version write); the version only ever moves forward, and a store newer than this server stops it
 * with a message instead of being read wrongly.
 */
import type { Logger } from '../log.ts';
import type { Store } from '../store/types.ts';
import { SCHEMA_KEY } from './records.ts';

export interface Migration {
  /** The version the records follow once it has run (1, 2, …, in order). */
  version: number;
  description: string;
  up(store: Store): Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'installed_widgets and widget_instances as per-user records (manager:<user>:widget:<id>, manager:<user>:instance:<id>)',
    // The first layout: nothing to move, the version says the store has it.
    async up() {},
  },
];

export interface MigrationReport {
  from: number;
  to: number;
  ran: number[];
}

/** Brings the manager's records up to the newest migration; throws when the store is newer than this code. */
export async function migrateManagerStore(store: Store, migrations: readonly Migration[] = MIGRATIONS, log?: Logger): Promise<MigrationReport> {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`Manager migration ${index + 1} is numbered ${migration.version}; number them 1, 2, 3, …`);
  });
  const latest = migrations.length;
  let record = await store.get<{ version: number; migratedAt: string }>(SCHEMA_KEY);
  const from = record?.value.version ?? 0;
  if (from > latest) {
    throw new Error(
      `The store's widget manager records are at version ${from}, newer than this server knows (${latest}): it was written by a newer Skylit. Upgrade this server, or point it at another store.`,
    );
  }
  const ran: number[] = [];
  let current = from;
  while (current < latest) {
    const migration = migrations[current]!;
    await migration.up(store);
    const outcome = await store.put(SCHEMA_KEY, { version: migration.version, migratedAt: new Date().toISOString() }, { expectedVersion: record?.version ?? 0 });
    if (outcome.status === 'conflict') {
      // Another process moved it meanwhile: carry on from where it is.
      record = outcome.current as typeof record;
      current = record?.value.version ?? 0;
      continue;
    }
    record = outcome.record as typeof record;
    current = migration.version;
    ran.push(migration.version);
    log?.info(`widget_manager migrated to=${migration.version} what="${migration.description.replace(/"/g, "'")}"`);
  }
  return { from, to: current, ran };
}

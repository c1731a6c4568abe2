/**
 * The embedded default store: one SQLite file (better-sqlite3), no server to run. WAL journal and
 * one transaction per write, so a process killed mid-write leaves the previous record intact.
 * Several processes may share the file on one machine (busy timeout); for several machines use
 * PostgreSQL.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  checkFind,
  checkKey,
  checkPut,
  checkRemove,
  IDEMPOTENCY_TTL_MS,
  IdempotencyKeyReuseError,
  listLimit,
  writeFingerprint,
  type FindOptions,
  type FindResult,
  type JsonValue,
  type ListOptions,
  type PutOptions,
  type PutOutcome,
  type RemoveOutcome,
  type Store,
  type StoredRecord,
} from './types.ts';

interface Row {
  key: string;
  version: number;
  value: string;
  updated_at: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS skylit_records (
  key TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS skylit_idempotency (
  idempotency_key TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  record TEXT NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** Opens (creating if needed) the SQLite store at `path`; `:memory:` for a throw-away one. */
export function openSqliteStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode never corrupts and survives a killed process; only an OS crash may drop the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  db.prepare('DELETE FROM skylit_idempotency WHERE created_at < ?').run(Date.now() - IDEMPOTENCY_TTL_MS);

  const selectOne = db.prepare<[string], Row>('SELECT key, version, value, updated_at FROM skylit_records WHERE key = ?');
  const insert = db.prepare<[string, string, string]>(
    'INSERT INTO skylit_records (key, version, value, updated_at) VALUES (?, 1, ?, ?) ON CONFLICT(key) DO NOTHING',
  );
  const update = db.prepare<[string, string, string, number]>(
    'UPDATE skylit_records SET version = version + 1, value = ?, updated_at = ? WHERE key = ? AND version = ?',
  );
  const selectIdem = db.prepare<[string], { fingerprint: string; record: string }>(
    'SELECT fingerprint, record FROM skylit_idempotency WHERE idempotency_key = ?',
  );
  const insertIdem = db.prepare<[string, string, string, number]>(
    'INSERT INTO skylit_idempotency (idempotency_key, fingerprint, record, created_at) VALUES (?, ?, ?, ?)',
  );
  const selectRange = db.prepare<[number, string, string, number], Row>(
    'SELECT key, version, value, updated_at FROM skylit_records WHERE substr(key, 1, ?) = ? AND key > ? ORDER BY key LIMIT ?',
  );

  const write = db.transaction((key: string, value: JsonValue, options: PutOptions): PutOutcome => {
    const idemKey = options.idempotencyKey;
    const fingerprint = idemKey ? writeFingerprint(key, options.expectedVersion) : '';
    if (idemKey) {
      const seen = selectIdem.get(idemKey);
      if (seen) {
        if (seen.fingerprint !== fingerprint) throw new IdempotencyKeyReuseError(idemKey);
        return { status: 'replayed', record: JSON.parse(seen.record) as StoredRecord };
      }
    }
    const now = new Date().toISOString();
    const text = JSON.stringify(value);
    const changed =
      options.expectedVersion === 0
        ? insert.run(key, text, now).changes
        : update.run(text, now, key, options.expectedVersion).changes;
    if (changed !== 1) return { status: 'conflict', current: toRecord(selectOne.get(key)) };
    const record = toRecord(selectOne.get(key))!;
    if (idemKey) insertIdem.run(idemKey, fingerprint, JSON.stringify(record), Date.now());
    return { status: 'written', record };
  });

  const removeRow = db.prepare<[string, number]>('DELETE FROM skylit_records WHERE key = ? AND version = ?');
  const removal = db.transaction((key: string, options: PutOptions): RemoveOutcome => {
    const idemKey = options.idempotencyKey;
    const fingerprint = idemKey ? writeFingerprint(key, options.expectedVersion, 'remove') : '';
    if (idemKey) {
      const seen = selectIdem.get(idemKey);
      if (seen) {
        if (seen.fingerprint !== fingerprint) throw new IdempotencyKeyReuseError(idemKey);
        return { status: 'replayed', record: JSON.parse(seen.record) as StoredRecord };
      }
    }
    const current = toRecord(selectOne.get(key));
    if (!current || current.version !== options.expectedVersion) return { status: 'conflict', current };
    removeRow.run(key, options.expectedVersion);
    if (idemKey) insertIdem.run(idemKey, fingerprint, JSON.stringify(current), Date.now());
    return { status: 'removed', record: current };
  });

  let closed = false;
  const open = () => {
    if (closed) throw new Error('the SQLite store is closed');
  };

  const statements = new Map<string, Database.Statement>();
  /** A prepared statement per distinct filter shape (field names are bound, never spliced in). */
  const statement = (sql: string) => {
    let prepared = statements.get(sql);
    if (!prepared) statements.set(sql, (prepared = db.prepare(sql)));
    return prepared;
  };

  return {
    kind: 'sqlite',
    async get<T extends JsonValue>(key: string) {
      open();
      checkKey(key);
      return toRecord(selectOne.get(key)) as StoredRecord<T> | null;
    },
    async put<T extends JsonValue>(key: string, value: T, options: PutOptions) {
      open();
      checkPut(key, value, options);
      // IMMEDIATE takes the write lock up front, so two processes never interleave read-then-write.
      return write.immediate(key, value, options) as PutOutcome<T>;
    },
    async remove<T extends JsonValue>(key: string, options: PutOptions) {
      open();
      checkRemove(key, options);
      return removal.immediate(key, options) as RemoveOutcome<T>;
    },
    async list<T extends JsonValue>(prefix: string, options?: ListOptions) {
      open();
      const rows = selectRange.all(prefix.length, prefix, options?.after ?? '', listLimit(options));
      return rows.map((row) => toRecord(row)!) as StoredRecord<T>[];
    },
    async find<T extends JsonValue>(prefix: string, options?: FindOptions) {
      open();
      checkFind(options);
      // The filter runs in SQLite (JSON operators): no record is parsed that is not returned.
      const where = ['substr(key, 1, ?) = ?'];
      const params: (string | number)[] = [prefix.length, prefix];
      for (const [field, value] of Object.entries(options?.where ?? {})) {
        where.push('(value -> ?) = ?');
        params.push(`$.${field}`, JSON.stringify(value));
      }
      if (options?.search?.text) {
        where.push(`(${options.search.fields.map(() => 'instr(lower(value ->> ?), ?) > 0').join(' OR ')})`);
        for (const field of options.search.fields) params.push(`$.${field}`, options.search.text.toLowerCase());
      }
      const filter = where.join(' AND ');
      const total = (statement(`SELECT count(*) AS n FROM skylit_records WHERE ${filter}`).get(...params) as { n: number }).n;
      const rows = statement(`SELECT key, version, value, updated_at FROM skylit_records WHERE ${filter} AND key > ? ORDER BY key LIMIT ?`).all(
        ...params,
        options?.after ?? '',
        listLimit(options),
      ) as Row[];
      return { records: rows.map((row) => toRecord(row)!), total } as FindResult<T>;
    },
    async ping() {
      open();
      db.prepare('SELECT 1').get();
    },
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

function toRecord(row: Row | undefined): StoredRecord | null {
  if (!row) return null;
  return { key: row.key, version: row.version, value: JSON.parse(row.value) as JsonValue, updatedAt: row.updated_at };
}

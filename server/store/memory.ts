/**
 * The in-memory store: the same contract as the SQLite and PostgreSQL engines (compare-and-set by
 * version, idempotency keys, list by prefix), held in a Map. Nothing survives the process, so it
 * is for tests, demos and Storybook, where the tool handlers run in the browser.
 *
 * Values are kept as JSON text, so a caller can never change a stored record by mutating what it
 * passed in or got back. Each write runs to completion without awaiting, so concurrent writers are
 * ordered exactly as one transaction at a time.
 */
import {
  checkFind,
  checkKey,
  checkPut,
  checkRemove,
  matches,
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
  version: number;
  value: string;
  updatedAt: string;
}

interface IdempotencyRow {
  fingerprint: string;
  record: StoredRecord;
  createdAt: number;
}

/** Opens an empty in-memory store. */
export function openMemoryStore(): Store {
  const records = new Map<string, Row>();
  const idempotency = new Map<string, IdempotencyRow>();
  let closed = false;

  const open = () => {
    if (closed) throw new Error('the in-memory store is closed');
  };
  const read = (key: string): StoredRecord | null => {
    const row = records.get(key);
    return row ? { key, version: row.version, value: JSON.parse(row.value) as JsonValue, updatedAt: row.updatedAt } : null;
  };
  const remembered = (idemKey: string): IdempotencyRow | undefined => {
    const row = idempotency.get(idemKey);
    if (row && row.createdAt < Date.now() - IDEMPOTENCY_TTL_MS) {
      idempotency.delete(idemKey);
      return undefined;
    }
    return row;
  };

  return {
    kind: 'memory',
    async get<T extends JsonValue>(key: string) {
      open();
      checkKey(key);
      return read(key) as StoredRecord<T> | null;
    },
    async put<T extends JsonValue>(key: string, value: T, options: PutOptions) {
      open();
      checkPut(key, value, options);
      const idemKey = options.idempotencyKey;
      const fingerprint = idemKey ? writeFingerprint(key, options.expectedVersion) : '';
      if (idemKey) {
        const seen = remembered(idemKey);
        if (seen) {
          if (seen.fingerprint !== fingerprint) throw new IdempotencyKeyReuseError(idemKey);
          return { status: 'replayed', record: structuredClone(seen.record) } as PutOutcome<T>;
        }
      }
      const current = records.get(key);
      if ((current?.version ?? 0) !== options.expectedVersion) {
        return { status: 'conflict', current: read(key) } as PutOutcome<T>;
      }
      records.set(key, { version: options.expectedVersion + 1, value: JSON.stringify(value), updatedAt: new Date().toISOString() });
      const record = read(key)!;
      if (idemKey) idempotency.set(idemKey, { fingerprint, record: structuredClone(record), createdAt: Date.now() });
      return { status: 'written', record } as PutOutcome<T>;
    },
    async remove<T extends JsonValue>(key: string, options: PutOptions) {
      open();
      checkRemove(key, options);
      const idemKey = options.idempotencyKey;
      const fingerprint = idemKey ? writeFingerprint(key, options.expectedVersion, 'remove') : '';
      if (idemKey) {
        const seen = remembered(idemKey);
        if (seen) {
          if (seen.fingerprint !== fingerprint) throw new IdempotencyKeyReuseError(idemKey);
          return { status: 'replayed', record: structuredClone(seen.record) } as RemoveOutcome<T>;
        }
      }
      const current = read(key);
      if (!current || current.version !== options.expectedVersion) return { status: 'conflict', current } as RemoveOutcome<T>;
      records.delete(key);
      if (idemKey) idempotency.set(idemKey, { fingerprint, record: structuredClone(current), createdAt: Date.now() });
      return { status: 'removed', record: current } as RemoveOutcome<T>;
    },
    async list<T extends JsonValue>(prefix: string, options?: ListOptions) {
      open();
      const limit = listLimit(options);
      const after = options?.after ?? '';
      const keys = [...records.keys()].filter((key) => key.startsWith(prefix) && key > after).sort();
      return keys.slice(0, limit).map((key) => read(key)!) as StoredRecord<T>[];
    },
    async find<T extends JsonValue>(prefix: string, options?: FindOptions) {
      open();
      checkFind(options);
      const limit = listLimit(options);
      const after = options?.after ?? '';
      const keys = [...records.keys()].filter((key) => key.startsWith(prefix)).sort();
      const matching = keys.filter((key) => matches(JSON.parse(records.get(key)!.value) as JsonValue, options));
      const page = matching.filter((key) => key > after).slice(0, limit);
      return { records: page.map((key) => read(key)!), total: matching.length } as FindResult<T>;
    },
    async ping() {
      open();
    },
    async close() {
      closed = true;
    },
  };
}

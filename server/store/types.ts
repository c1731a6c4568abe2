/**
 * The tier-3 state store: one small interface, two engines (embedded SQLite, PostgreSQL).
 * Every write is a compare-and-set on a version, optionally under an idempotency key, in one
 * transaction: a conflict never overwrites, a retry never applies twice, a killed process never
 * leaves half a record.
 *
 * Imports nothing from Node: the in-memory engine and the tool handlers also run in a browser
 * (Storybook's host emulator).
 */
import { base64url, sha256 } from '../hash.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface StoredRecord<T extends JsonValue = JsonValue> {
  key: string;
  /** 1 after the first write, +1 on every write. */
  version: number;
  value: T;
  /** ISO time of the last write. */
  updatedAt: string;
}

export interface PutOptions {
  /** The version the caller last read; 0 means "create: the key must not exist yet". */
  expectedVersion: number;
  /**
   * Makes the write retry-safe: a later put with the same key returns the first outcome
   * (`replayed`) and is not applied again. Scope it to the caller, e.g. `${gameId}:${clientMoveId}`.
   */
  idempotencyKey?: string;
}

export type PutOutcome<T extends JsonValue = JsonValue> =
  /** Applied now. */
  | { status: 'written'; record: StoredRecord<T> }
  /** Applied earlier under the same idempotency key; this is the record that write produced. */
  | { status: 'replayed'; record: StoredRecord<T> }
  /** Not applied: the record is at another version (or exists / is missing). `current` lets the caller reconcile. */
  | { status: 'conflict'; current: StoredRecord<T> | null };

export type RemoveOutcome<T extends JsonValue = JsonValue> =
  /** Removed now; `record` is the record as it was. */
  | { status: 'removed'; record: StoredRecord<T> }
  /** Removed earlier under the same idempotency key; `record` is what was removed then. */
  | { status: 'replayed'; record: StoredRecord<T> }
  /** Not removed: the record is at another version, or missing (`current` null). */
  | { status: 'conflict'; current: StoredRecord<T> | null };

export interface ListOptions {
  /** At most this many records (default 100, at most 1000). */
  limit?: number;
  /** Only keys after this one (for paging). */
  after?: string;
}

/** A scalar a `find` can match a top-level field against. */
export type Scalar = string | number | boolean;

export interface FindOptions extends ListOptions {
  /** Only records whose value has these top-level fields equal to these values. */
  where?: Record<string, Scalar>;
  /** Only records where one of these top-level string fields contains `text`, ignoring case. */
  search?: { fields: string[]; text: string };
}

export interface FindResult<T extends JsonValue = JsonValue> {
  /** The page: matching records after `after`, in key order, at most `limit`. */
  records: StoredRecord<T>[];
  /** How many records match in all (every page). */
  total: number;
}

export interface Store {
  /** Which engine this is, for logs and /healthz. */
  readonly kind: 'sqlite' | 'postgres' | 'memory';
  get<T extends JsonValue = JsonValue>(key: string): Promise<StoredRecord<T> | null>;
  /** Compare-and-set by version, optionally idempotent. */
  put<T extends JsonValue = JsonValue>(key: string, value: T, options: PutOptions): Promise<PutOutcome<T>>;
  /** Removes a record by compare-and-set on its version (≥ 1), optionally idempotent. */
  remove<T extends JsonValue = JsonValue>(key: string, options: PutOptions): Promise<RemoveOutcome<T>>;
  /** Records whose key starts with `prefix`, in key order. */
  list<T extends JsonValue = JsonValue>(prefix: string, options?: ListOptions): Promise<StoredRecord<T>[]>;
  /**
   * Like `list`, filtered by top-level fields of the value (`where`, `search`) inside the engine,
   * with the total number of matches: one page of 10,000 records stays fast (no record is parsed
   * that is not returned).
   */
  find<T extends JsonValue = JsonValue>(prefix: string, options?: FindOptions): Promise<FindResult<T>>;
  /** Cheap liveness check. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Raised when an idempotency key comes back with a different write than the one it first named. */
export class IdempotencyKeyReuseError extends Error {
  constructor(readonly idempotencyKey: string) {
    super(
      `Idempotency key "${idempotencyKey}" was already used for a different write; use a new key for a new write.`,
    );
    this.name = 'IdempotencyKeyReuseError';
  }
}

export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 1000;
/** Idempotency records older than this are purged when a store opens. */
export const IDEMPOTENCY_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Checks arguments shared by both engines; throws a TypeError naming the bad one. */
export function checkPut(key: string, value: unknown, options: PutOptions): void {
  checkKey(key);
  if (!Number.isSafeInteger(options?.expectedVersion) || options.expectedVersion < 0) {
    throw new TypeError('put: expectedVersion must be an integer ≥ 0 (0 creates a new record)');
  }
  if (value === undefined) throw new TypeError('put: value must be JSON (not undefined)');
  if (options.idempotencyKey !== undefined && (typeof options.idempotencyKey !== 'string' || !options.idempotencyKey)) {
    throw new TypeError('put: idempotencyKey must be a non-empty string');
  }
}

/** Checks `remove` arguments: a remove names the version it removes (≥ 1). */
export function checkRemove(key: string, options: PutOptions): void {
  checkKey(key);
  if (!Number.isSafeInteger(options?.expectedVersion) || options.expectedVersion < 1) {
    throw new TypeError('remove: expectedVersion must be the version to remove (an integer ≥ 1)');
  }
  if (options.idempotencyKey !== undefined && (typeof options.idempotencyKey !== 'string' || !options.idempotencyKey)) {
    throw new TypeError('remove: idempotencyKey must be a non-empty string');
  }
}

export function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > 512) {
    throw new TypeError('store key must be a non-empty string of at most 512 characters');
  }
}

export function listLimit(options?: ListOptions): number {
  const limit = options?.limit ?? DEFAULT_LIST_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new TypeError('list: limit must be a positive integer');
  return Math.min(limit, MAX_LIST_LIMIT);
}

const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Checks `find` options shared by every engine; throws a TypeError naming the bad one. */
export function checkFind(options?: FindOptions): void {
  for (const [field, value] of Object.entries(options?.where ?? {})) {
    if (!FIELD.test(field)) throw new TypeError(`find: where field "${field}" must be a plain field name`);
    if (!['string', 'number', 'boolean'].includes(typeof value)) throw new TypeError(`find: where.${field} must be a string, number or boolean`);
  }
  const search = options?.search;
  if (search) {
    if (!Array.isArray(search.fields) || search.fields.length === 0 || !search.fields.every((f) => FIELD.test(f))) {
      throw new TypeError('find: search.fields must be plain field names');
    }
    if (typeof search.text !== 'string') throw new TypeError('find: search.text must be a string');
  }
}

/** The same filter in JavaScript (the in-memory engine, and a reference for the others). */
export function matches(value: JsonValue, options?: FindOptions): boolean {
  const record = (value ?? {}) as Record<string, JsonValue>;
  for (const [field, wanted] of Object.entries(options?.where ?? {})) if (record[field] !== wanted) return false;
  const search = options?.search;
  if (search?.text) {
    const text = search.text.toLowerCase();
    return search.fields.some((field) => typeof record[field] === 'string' && (record[field] as string).toLowerCase().includes(text));
  }
  return true;
}

/**
 * What an idempotency record remembers about the write, to refuse a key reused for another write.
 * The record key and expected version, not the value: a retry may recompute the value from newer
 * data, and must still be recognised as the same request.
 */
export function writeFingerprint(key: string, expectedVersion: number, op: 'put' | 'remove' = 'put'): string {
  return base64url(sha256(JSON.stringify(op === 'put' ? [key, expectedVersion] : [key, expectedVersion, op])));
}

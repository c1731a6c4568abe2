/**
 * The PostgreSQL store, for more than one server process (selected by DATABASE_URL). Same contract
 * as the embedded store: compare-and-set on a version row lock, idempotency record in the same
 * transaction, nothing half-written.
 */
import pg from 'pg';
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
  version: string | number;
  value: JsonValue;
  updated_at: Date;
}

/** Arbitrary constant for the advisory lock that serializes schema creation across processes. */
const SCHEMA_LOCK = 7_341_902;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS skylit_records (
  key TEXT COLLATE "C" PRIMARY KEY,
  version BIGINT NOT NULL,
  value JSONB NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS skylit_idempotency (
  idempotency_key TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  record JSONB,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
`;

const COLUMNS = 'key, version, value, updated_at';

/** Connects to `connectionString`, creates the tables if needed, and returns the store. */
export async function openPostgresStore(connectionString: string, options: { max?: number } = {}): Promise<Store> {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  await migrate(pool);

  const inTransaction = async <R>(work: (client: pg.PoolClient) => Promise<R>): Promise<R> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  };

  return {
    kind: 'postgres',
    async get<T extends JsonValue>(key: string) {
      checkKey(key);
      const { rows } = await pool.query<Row>(`SELECT ${COLUMNS} FROM skylit_records WHERE key = $1`, [key]);
      return toRecord(rows[0]) as StoredRecord<T> | null;
    },
    async put<T extends JsonValue>(key: string, value: T, options: PutOptions) {
      checkPut(key, value, options);
      return inTransaction(async (client): Promise<PutOutcome<T>> => {
        const idemKey = options.idempotencyKey;
        const fingerprint = idemKey ? writeFingerprint(key, options.expectedVersion) : '';
        if (idemKey) {
          // Claim the key; a concurrent claim of the same key waits here until the first commits or rolls back.
          const claimed = await client.query(
            `INSERT INTO skylit_idempotency (idempotency_key, fingerprint) VALUES ($1, $2)
             ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key`,
            [idemKey, fingerprint],
          );
          if (claimed.rowCount === 0) {
            const { rows } = await client.query<{ fingerprint: string; record: StoredRecord<T> }>(
              'SELECT fingerprint, record FROM skylit_idempotency WHERE idempotency_key = $1',
              [idemKey],
            );
            if (rows[0]!.fingerprint !== fingerprint) throw new IdempotencyKeyReuseError(idemKey);
            return { status: 'replayed', record: rows[0]!.record };
          }
        }
        const json = JSON.stringify(value);
        const { rows } =
          options.expectedVersion === 0
            ? await client.query<Row>(
                `INSERT INTO skylit_records (key, version, value, updated_at) VALUES ($1, 1, $2::jsonb, now())
                 ON CONFLICT (key) DO NOTHING RETURNING ${COLUMNS}`,
                [key, json],
              )
            : await client.query<Row>(
                `UPDATE skylit_records SET version = version + 1, value = $2::jsonb, updated_at = now()
                 WHERE key = $1 AND version = $3 RETURNING ${COLUMNS}`,
                [key, json, options.expectedVersion],
              );
        if (rows.length === 0) {
          // Undo the idempotency claim: a conflicting write is not remembered, a retry is judged afresh.
          await client.query('ROLLBACK');
          await client.query('BEGIN');
          const current = await client.query<Row>(`SELECT ${COLUMNS} FROM skylit_records WHERE key = $1`, [key]);
          return { status: 'conflict', current: toRecord(current.rows[0]) as StoredRecord<T> | null };
        }
        const record = toRecord(rows[0]) as StoredRecord<T>;
        if (idemKey) {
          await client.query('UPDATE skylit_idempotency SET record = $2::jsonb WHERE idempotency_key = $1', [
            idemKey,
            JSON.stringify(record),
          ]);
        }
        return { status: 'written', record };
      });
    },
    async remove<T extends JsonValue>(key: string, options: PutOptions) {
      checkRemove(key, options);
      return inTransaction(async (client): Promise<RemoveOutcome<T>> => {
        const idemKey = options.idempotencyKey;
        const fingerprint = idemKey ? writeFingerprint(key, options.expectedVersion, 'remove') : '';
        if (idemKey) {
          const claimed = await client.query(
            `INSERT INTO skylit_idempotency (idempotency_key, fingerprint) VALUES ($1, $2)
             ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key`,
            [idemKey, fingerprint],
          );
          if (claimed.rowCount === 0) {
            const { rows } = await client.query<{ fingerprint: string; record: StoredRecord<T> }>(
              'SELECT fingerprint, record FROM skylit_idempotency WHERE idempotency_key = $1',
              [idemKey],
            );
            if (rows[0]!.fingerprint !== fingerprint) throw new IdempotencyKeyReuseError(idemKey);
            return { status: 'replayed', record: rows[0]!.record };
          }
        }
        const { rows } = await client.query<Row>(`DELETE FROM skylit_records WHERE key = $1 AND version = $2 RETURNING ${COLUMNS}`, [
          key,
          options.expectedVersion,
        ]);
        if (rows.length === 0) {
          await client.query('ROLLBACK');
          await client.query('BEGIN');
          const current = await client.query<Row>(`SELECT ${COLUMNS} FROM skylit_records WHERE key = $1`, [key]);
          return { status: 'conflict', current: toRecord(current.rows[0]) as StoredRecord<T> | null };
        }
        const record = toRecord(rows[0]) as StoredRecord<T>;
        if (idemKey) {
          await client.query('UPDATE skylit_idempotency SET record = $2::jsonb WHERE idempotency_key = $1', [idemKey, JSON.stringify(record)]);
        }
        return { status: 'removed', record };
      });
    },
    async list<T extends JsonValue>(prefix: string, options?: ListOptions) {
      const { rows } = await pool.query<Row>(
        `SELECT ${COLUMNS} FROM skylit_records
         WHERE left(key, char_length($1)) = $1 AND key > $2 ORDER BY key LIMIT $3`,
        [prefix, options?.after ?? '', listLimit(options)],
      );
      return rows.map((row) => toRecord(row)!) as StoredRecord<T>[];
    },
    async find<T extends JsonValue>(prefix: string, options?: FindOptions) {
      checkFind(options);
      const params: unknown[] = [prefix];
      const where = ['left(key, char_length($1)) = $1'];
      const param = (value: unknown) => `$${params.push(value)}`;
      for (const [field, value] of Object.entries(options?.where ?? {})) {
        where.push(`(value -> ${param(field)}) = ${param(JSON.stringify(value))}::jsonb`);
      }
      if (options?.search?.text) {
        const text = param(options.search.text.toLowerCase());
        where.push(`(${options.search.fields.map((field) => `strpos(lower(value ->> ${param(field)}), ${text}) > 0`).join(' OR ')})`);
      }
      const filter = where.join(' AND ');
      const [count, page] = await Promise.all([
        pool.query<{ n: string }>(`SELECT count(*) AS n FROM skylit_records WHERE ${filter}`, params),
        pool.query<Row>(
          `SELECT ${COLUMNS} FROM skylit_records WHERE ${filter} AND key > $${params.length + 1} ORDER BY key LIMIT $${params.length + 2}`,
          [...params, options?.after ?? '', listLimit(options)],
        ),
      ]);
      return { records: page.rows.map((row) => toRecord(row)!), total: Number(count.rows[0]!.n) } as FindResult<T>;
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      await pool.end();
    },
  };
}

async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    await client.query(SCHEMA);
    await client.query(`DELETE FROM skylit_idempotency WHERE created_at < now() - $1::interval`, [
      `${Math.round(IDEMPOTENCY_TTL_MS / 1000)} seconds`,
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

function toRecord(row: Row | undefined): StoredRecord | null {
  if (!row) return null;
  return {
    key: row.key,
    version: Number(row.version),
    value: row.value,
    updatedAt: row.updated_at.toISOString(),
  };
}

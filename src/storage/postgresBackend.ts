import KeyvPostgres from '@keyv/postgres';
import pg from 'pg';
import { createAdvisoryLock } from './advisoryLock.js';
import type { Backend } from './backend.js';

/** One table shared by every store (and every namespace); Keyv prefixes each key with its namespace. */
export const POSTGRES_SCHEMA = 'public';
export const POSTGRES_TABLE = 'slack_zoom_keyv';
const QUALIFIED_TABLE = `${POSTGRES_SCHEMA}.${POSTGRES_TABLE}`;
const DATA_POOL_SIZE = 5;
/** Each outermost lock holder (and each waiter in PostgreSQL) occupies a connection; nested locks share it. */
export const LOCK_POOL_SIZE = 10;
/** Fail instead of hanging when the database is unreachable or every connection stays busy. */
const DATA_CONNECT_TIMEOUT_MS = 10_000;
const LOCK_CONNECT_TIMEOUT_MS = 30_000;
const EXPIRED_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/** keyPrefix: the start of every key this Storage owns, so housekeeping never touches other namespaces. */
export async function openPostgresBackend(databaseUrl: string, keyPrefix: string): Promise<Backend> {
  const dataPool = createPool(databaseUrl, DATA_POOL_SIZE, DATA_CONNECT_TIMEOUT_MS);
  const lockPool = createPool(databaseUrl, LOCK_POOL_SIZE, LOCK_CONNECT_TIMEOUT_MS);
  const endPools = () => Promise.all([dataPool.end(), lockPool.end()]).then(() => undefined);
  try {
    const store = keyvStoreOn(dataPool);
    // The adapter creates its table in the background and only reports failure as an event; this query
    // waits for that and fails the start if the table is not usable.
    await store.query(`SELECT 1 FROM ${QUALIFIED_TABLE} LIMIT 1`);

    // @keyv/postgres has no TTL support: Keyv writes `expires` into the JSON value and only drops an
    // expired row when it is read, so rows never read again (abandoned OAuth states) are swept here.
    const sweepExpired = () =>
      dataPool.query(`DELETE FROM ${QUALIFIED_TABLE} WHERE starts_with(key, $1) AND (value::jsonb ->> 'expires')::bigint < $2`, [keyPrefix, Date.now()]);
    await sweepExpired();
    const sweeper = setInterval(() => {
      // Housekeeping only: a failed sweep is retried at the next interval.
      sweepExpired().catch(() => undefined);
    }, EXPIRED_SWEEP_INTERVAL_MS);
    sweeper.unref();

    // Keyv's row shape ({"value", "expires"}), so the sweep above removes expired claims too.
    const claimSql =
      `INSERT INTO ${QUALIFIED_TABLE} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value ` +
      `WHERE (${QUALIFIED_TABLE}.value::jsonb ->> 'expires')::bigint <= $3 RETURNING key`;

    return {
      kind: 'postgres',
      store,
      claimOnce: async (key, ttlMs) => {
        const now = Date.now();
        const claimed = await dataPool.query(claimSql, [key, JSON.stringify({ value: true, expires: now + ttlMs }), now]);
        return claimed.rowCount === 1;
      },
      crossProcessLock: createAdvisoryLock(lockPool),
      ping: async () => {
        await dataPool.query('SELECT 1');
      },
      close: async () => {
        clearInterval(sweeper);
        await endPools();
      },
    };
  } catch (error) {
    await endPools();
    throw error;
  }
}

function createPool(connectionString: string, max: number, connectionTimeoutMillis: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis });
  // An idle connection dropped by the server (restart, failover) is removed by the pool and replaced on
  // the next query, where any lasting failure surfaces; unhandled, the event would crash the process.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * @keyv/postgres (2.x) keeps one module-wide pool per URL and ends it when any adapter disconnects, so two
 * Storages in one process (or a close and reopen) would break each other. This adapter runs on our pool.
 */
function keyvStoreOn(pool: pg.Pool): KeyvPostgres {
  class PooledKeyvPostgres extends KeyvPostgres {
    override async connect() {
      return async (sql: string, values?: unknown[]) => (await pool.query(sql, values)).rows;
    }

    override async disconnect() {
      // The pool belongs to the backend, which ends it on close.
    }
  }
  return new PooledKeyvPostgres({ schema: POSTGRES_SCHEMA, table: POSTGRES_TABLE });
}

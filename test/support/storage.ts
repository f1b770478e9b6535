import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Clock } from '../../src/clock.js';
import { createStorage } from '../../src/storage/createStorage.js';
import { EMBEDDED_STORE_FILE } from '../../src/storage/embeddedBackend.js';
import { POSTGRES_SCHEMA, POSTGRES_TABLE } from '../../src/storage/postgresBackend.js';
import type { Storage } from '../../src/storage/types.js';

export type StoreKind = 'embedded' | 'postgres';
export const STORE_KINDS: StoreKind[] = ['embedded', 'postgres'];
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Where one test's data lives: a fresh directory (embedded) or a fresh namespace on the test database
 * (PostgreSQL), so parallel test files never see each other. open() may be called again: a restart.
 */
export interface TestStoreLocation {
  kind: StoreKind;
  dataDir: string;
  databaseUrl?: string;
  namespace: string;
  encryptionKey: Buffer;
  open(clock: Clock): Promise<Storage>;
  /** Removes the directory and this test's rows; call after every Storage opened here is closed. */
  dispose(): Promise<void>;
}

export function testStoreLocation(kind: StoreKind): TestStoreLocation {
  const dataDir = mkdtempSync(join(tmpdir(), 'szs-test-'));
  const location: TestStoreLocation = {
    kind,
    dataDir,
    databaseUrl: kind === 'postgres' ? TEST_DATABASE_URL : undefined,
    namespace: `test-${randomUUID()}`,
    encryptionKey: randomBytes(32),
    open: (clock) =>
      createStorage({ databaseUrl: location.databaseUrl, dataDir, encryptionKey: location.encryptionKey, clock, namespace: location.namespace }),
    dispose: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      if (location.databaseUrl) await deletePostgresRows(location.databaseUrl, location.namespace);
    },
  };
  return location;
}

/** A record as the backend holds it: the key Keyv wrote and Keyv's serialized envelope. */
export interface RawRecord {
  key: string;
  value: string;
}

/**
 * The embedded store's rows as they sit on disk (the file and its write-ahead log), read from a copy: the
 * running store holds its file's lock. Its writes are synchronous, so the copy is never taken mid-write.
 */
export function embeddedStoreRows(dataDir: string): RawRecord[] {
  const copyDir = mkdtempSync(join(tmpdir(), 'szs-store-copy-'));
  try {
    const copy = join(copyDir, EMBEDDED_STORE_FILE);
    for (const suffix of ['', '-wal']) {
      const file = join(dataDir, EMBEDDED_STORE_FILE + suffix);
      if (existsSync(file)) copyFileSync(file, copy + suffix);
    }
    const db = new Database(copy);
    try {
      return db.prepare<[], RawRecord>('SELECT key, value FROM keyv ORDER BY key').all();
    } finally {
      db.close();
    }
  } finally {
    rmSync(copyDir, { recursive: true, force: true });
  }
}

async function onTestDatabase<T>(databaseUrl: string, query: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await query(client);
  } finally {
    await client.end();
  }
}

/** This namespace's rows in the test database, as stored. */
export function postgresRows(databaseUrl: string, namespace: string): Promise<RawRecord[]> {
  return onTestDatabase(databaseUrl, async (client) => {
    const { rows } = await client.query<RawRecord>(`SELECT key, value FROM ${POSTGRES_SCHEMA}.${POSTGRES_TABLE} WHERE starts_with(key, $1) ORDER BY key`, [`${namespace}:`]);
    return rows;
  });
}

export function deletePostgresRows(databaseUrl: string, namespace: string): Promise<void> {
  return onTestDatabase(databaseUrl, async (client) => {
    await client.query(`DELETE FROM ${POSTGRES_SCHEMA}.${POSTGRES_TABLE} WHERE starts_with(key, $1)`, [`${namespace}:`]);
  });
}

/** Records as text, one `key<TAB>value` line each. */
export const rowsAsText = (rows: RawRecord[]): string => rows.map((row) => `${row.key}\t${row.value}`).join('\n');

/** Everything a test's store holds at rest. */
export async function rawStoreText(location: TestStoreLocation): Promise<string> {
  return rowsAsText(location.databaseUrl ? await postgresRows(location.databaseUrl, location.namespace) : embeddedStoreRows(location.dataDir));
}

import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Clock } from '../../src/clock.js';
import { createStorage } from '../../src/storage/createStorage.js';
import { EMBEDDED_STORE_FILE } from '../../src/storage/embeddedBackend.js';
import { POSTGRES_SCHEMA, POSTGRES_TABLE } from '../../src/storage/postgresBackend.js';
import type { Storage } from '../../src/storage/types.js';

/** One test's storage world: a fresh temp dir (embedded) or a fresh namespace (PostgreSQL). */

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const BACKEND_KINDS = ['embedded', 'postgres'] as const;
export type BackendKind = (typeof BACKEND_KINDS)[number];

export interface FakeClock extends Clock {
  current: number;
}

/** A record as the backend holds it: the key Keyv wrote and Keyv's serialized envelope. */
export interface RawRecord {
  key: string;
  value: string;
}

export interface StorageHarness {
  readonly kind: BackendKind;
  readonly clock: FakeClock;
  readonly dataDir: string;
  /** Opens a Storage on this test's data (same dir or namespace, same key); closed by cleanup. */
  open(): Promise<Storage>;
  /** Everything stored at rest, exactly as it sits there: the file's text, or this namespace's rows. */
  rawText(): Promise<string>;
  rawRecords(): Promise<RawRecord[]>;
  cleanup(): Promise<void>;
}

export async function createHarness(kind: BackendKind): Promise<StorageHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'storage-test-'));
  const clock: FakeClock = { current: Date.UTC(2030, 0, 1), now: () => clock.current };
  const opened: Storage[] = [];
  const track = async (opening: Promise<Storage>) => {
    const storage = await opening;
    opened.push(storage);
    return storage;
  };
  const closeAll = async () => {
    await Promise.all(opened.map((storage) => storage.close()));
    await rm(dataDir, { recursive: true, force: true });
  };

  if (kind === 'embedded') {
    const storeFile = join(dataDir, EMBEDDED_STORE_FILE);
    const rawText = () => readFile(storeFile, 'utf8');
    return {
      kind,
      clock,
      dataDir,
      open: () => track(createStorage({ dataDir, clock })),
      rawText,
      rawRecords: async () => (JSON.parse(await rawText()) as { entries: Array<[string, { value: string }]> }).entries.map(([key, entry]) => ({ key, value: entry.value })),
      cleanup: closeAll,
    };
  }

  const namespace = `test-${randomUUID()}`;
  const encryptionKey = randomBytes(32);
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  const rawRecords = async () =>
    (await client.query<RawRecord>(`SELECT key, value FROM ${POSTGRES_SCHEMA}.${POSTGRES_TABLE} WHERE starts_with(key, $1) ORDER BY key`, [`${namespace}:`])).rows;
  return {
    kind,
    clock,
    dataDir,
    open: () => track(createStorage({ databaseUrl: TEST_DATABASE_URL, dataDir, encryptionKey, clock, namespace })),
    rawText: async () => (await rawRecords()).map((row) => `${row.key}\t${row.value}`).join('\n'),
    rawRecords,
    cleanup: async () => {
      await closeAll();
      await client.query(`DELETE FROM ${POSTGRES_SCHEMA}.${POSTGRES_TABLE} WHERE starts_with(key, $1)`, [`${namespace}:`]);
      await client.end();
    },
  };
}

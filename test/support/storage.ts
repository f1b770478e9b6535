import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Clock } from '../../src/clock.js';
import { createStorage } from '../../src/storage/createStorage.js';
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
      if (!location.databaseUrl) return;
      const client = new pg.Client({ connectionString: location.databaseUrl });
      await client.connect();
      try {
        await client.query(`DELETE FROM ${POSTGRES_SCHEMA}.${POSTGRES_TABLE} WHERE starts_with(key, $1)`, [`${location.namespace}:`]);
      } finally {
        await client.end();
      }
    },
  };
  return location;
}

import { randomBytes, randomUUID } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/clock.js';
import { createStorage } from '../../src/storage/createStorage.js';
import type { Storage } from '../../src/storage/types.js';
import { deletePostgresRows, embeddedStoreRows, postgresRows, rowsAsText, type RawRecord } from '../support/storage.js';

/** One test's storage world: a fresh temp dir (embedded) or a fresh namespace (PostgreSQL). */

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const BACKEND_KINDS = ['embedded', 'postgres'] as const;
export type BackendKind = (typeof BACKEND_KINDS)[number];

export interface FakeClock extends Clock {
  current: number;
}

export interface StorageHarness {
  readonly kind: BackendKind;
  readonly clock: FakeClock;
  readonly dataDir: string;
  /** PostgreSQL: the namespace prefixing this test's keys and lock names. */
  readonly namespace?: string;
  /** Opens a Storage on this test's data (same dir or namespace, same key); closed by cleanup. */
  open(): Promise<Storage>;
  /**
   * Opens a Storage on what is at rest right now, as the next process would find it had this one been
   * killed, while Storages opened before stay open: for the embedded store, a copy of the data dir (store
   * file, write-ahead log, key), since the store admits one process; for PostgreSQL, the same namespace.
   */
  openAsAfterCrash(): Promise<Storage>;
  /** Everything stored at rest, exactly as it sits there: this store's rows, one `key<TAB>value` line each. */
  rawText(): Promise<string>;
  rawRecords(): Promise<RawRecord[]>;
  cleanup(): Promise<void>;
}

export async function createHarness(kind: BackendKind): Promise<StorageHarness> {
  const root = await mkdtemp(join(tmpdir(), 'storage-test-'));
  const dataDir = join(root, 'data');
  const clock: FakeClock = { current: Date.UTC(2030, 0, 1), now: () => clock.current };
  const opened: Storage[] = [];
  const track = async (opening: Promise<Storage>) => {
    const storage = await opening;
    opened.push(storage);
    return storage;
  };
  const closeAll = async () => {
    await Promise.all(opened.map((storage) => storage.close()));
    await rm(root, { recursive: true, force: true });
  };

  if (kind === 'embedded') {
    const rawRecords = async () => embeddedStoreRows(dataDir);
    return {
      kind,
      clock,
      dataDir,
      open: () => track(createStorage({ dataDir, clock })),
      openAsAfterCrash: async () => {
        const copy = join(root, 'after-crash');
        await cp(dataDir, copy, { recursive: true });
        return track(createStorage({ dataDir: copy, clock }));
      },
      rawText: async () => rowsAsText(await rawRecords()),
      rawRecords,
      cleanup: closeAll,
    };
  }

  const namespace = `test-${randomUUID()}`;
  const encryptionKey = randomBytes(32);
  const rawRecords = () => postgresRows(TEST_DATABASE_URL, namespace);
  return {
    kind,
    clock,
    dataDir,
    namespace,
    open: () => track(createStorage({ databaseUrl: TEST_DATABASE_URL, dataDir, encryptionKey, clock, namespace })),
    openAsAfterCrash: () => track(createStorage({ databaseUrl: TEST_DATABASE_URL, dataDir, encryptionKey, clock, namespace })),
    rawText: async () => rowsAsText(await rawRecords()),
    rawRecords,
    cleanup: async () => {
      await closeAll();
      await deletePostgresRows(TEST_DATABASE_URL, namespace);
    },
  };
}

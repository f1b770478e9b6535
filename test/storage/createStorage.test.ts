import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { createStorage } from '../../src/storage/createStorage.js';
import { KEY_FILE_NAME } from '../../src/storage/crypto.js';
import { BACKEND_KINDS, createHarness, TEST_DATABASE_URL, type StorageHarness } from './harness.js';

describe.each(BACKEND_KINDS)('storage lifecycle (%s)', (kind) => {
  let harness: StorageHarness;
  beforeEach(async () => {
    harness = await createHarness(kind);
  });
  afterEach(() => harness.cleanup());

  it('reports its kind, answers ping, and closes more than once', async () => {
    const storage = await harness.open();
    expect(storage.kind).toBe(kind);
    await expect(storage.ping()).resolves.toBeUndefined();
    await storage.close();
    await storage.close();
  });

  it('reports a store failure instead of answering "not found"', async () => {
    const storage = await harness.open();
    await storage.close();

    await expect(storage.ping()).rejects.toThrow();
    await expect(storage.grants.get('T1', 'U1')).rejects.toThrow();
    await expect(storage.meetingPosts.save({ meetingId: 'm-1', teamId: 'T1', hostUserId: 'U1', channelId: 'C1', createdAt: 0 })).rejects.toThrow();
  });

  it('keeps namespaces apart on one store', async () => {
    const storage = await harness.open();
    const other = await createStorage({
      dataDir: join(harness.dataDir, 'other'),
      clock: harness.clock,
      ...(kind === 'postgres' ? { databaseUrl: TEST_DATABASE_URL, encryptionKey: randomBytes(32), namespace: `test-${randomUUID()}` } : {}),
    });
    try {
      await storage.meetingPosts.save({ meetingId: 'm-1', teamId: 'T1', hostUserId: 'U1', channelId: 'C1', createdAt: 0 });
      expect(await other.meetingPosts.get('m-1')).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});

describe('embedded storage setup', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), 'storage-setup-')), 'nested', 'data');
  });
  afterEach(() => rm(join(dataDir, '..', '..'), { recursive: true, force: true }));

  it('creates the data dir and a private key file on first start', async () => {
    const storage = await createStorage({ dataDir, clock: systemClock });
    await storage.installations.set('T1', { ok: true });
    await storage.close();

    expect((await stat(join(dataDir, KEY_FILE_NAME))).mode & 0o777).toBe(0o600);
  });

  it('refuses to read data with a different key than the one it was written with', async () => {
    const first = await createStorage({ dataDir, clock: systemClock, encryptionKey: randomBytes(32) });
    await first.installations.set('T1', { ok: true });
    await first.close();

    const second = await createStorage({ dataDir, clock: systemClock, encryptionKey: randomBytes(32) });
    await expect(second.installations.get('T1')).rejects.toThrow(/TOKEN_ENCRYPTION_KEY/);
    await second.close();
  });

  it('rejects an encryption key that is not 32 bytes', async () => {
    await expect(createStorage({ dataDir, clock: systemClock, encryptionKey: randomBytes(16) })).rejects.toThrow(/TOKEN_ENCRYPTION_KEY must be 32 bytes/);
  });
});

describe('postgres storage setup', () => {
  it('requires TOKEN_ENCRYPTION_KEY', async () => {
    await expect(createStorage({ databaseUrl: TEST_DATABASE_URL, dataDir: tmpdir(), clock: systemClock })).rejects.toThrow(/TOKEN_ENCRYPTION_KEY/);
  });

  it('fails to start when the database cannot be reached', async () => {
    await expect(
      createStorage({ databaseUrl: 'postgres://postgres@127.0.0.1:1/test', dataDir: tmpdir(), clock: systemClock, encryptionKey: randomBytes(32) }),
    ).rejects.toThrow();
  });
});

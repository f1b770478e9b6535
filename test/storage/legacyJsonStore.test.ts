import { randomBytes } from 'node:crypto';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.js';
import { createStorage } from '../../src/storage/createStorage.js';
import { LEGACY_STORE_FILE } from '../../src/storage/embeddedBackend.js';
import { IMPORTED_SUFFIX } from '../../src/storage/legacyJsonStore.js';
import type { Storage, ZoomGrant } from '../../src/storage/types.js';
import { embeddedStoreRows } from '../support/storage.js';

const clock = { now: () => Date.now() };
const grant: ZoomGrant = {
  teamId: 'T1',
  userId: 'U1',
  zoomUserId: 'zoom-U1',
  zoomAccountId: 'acct-1',
  zoomEmail: 'u1@example.com',
  zoomName: 'User U1',
  accessToken: 'access-token-U1',
  refreshToken: 'refresh-token-U1',
  accessTokenExpiresAt: Date.UTC(2030, 0, 1, 1),
  scope: 'meeting:write',
  createdAt: Date.UTC(2030, 0, 1),
  updatedAt: Date.UTC(2030, 0, 1),
  version: 3,
};

/** The JSON file store's format before SQLite: Keyv's keys and serialized values, with an expiry when set. */
interface LegacyFile {
  version: 1;
  entries: Array<[string, { value: string; expires?: number }]>;
}

describe('the old JSON store file', () => {
  let root: string;
  let dataDir: string;
  const encryptionKey = randomBytes(32);
  const opened: Storage[] = [];
  const open = async () => {
    const storage = await createStorage({ dataDir, clock, encryptionKey });
    opened.push(storage);
    return storage;
  };
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'legacy-store-'));
    dataDir = join(root, 'data');
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((storage) => storage.close()));
    await rm(root, { recursive: true, force: true });
  });

  /** Encrypted records exactly as the app wrote them (same key, same Keyv envelopes), in the old file's shape. */
  async function legacyFileWith(write: (storage: Storage) => Promise<void>): Promise<LegacyFile> {
    const writerDir = join(root, 'writer');
    const writer = await createStorage({ dataDir: writerDir, clock, encryptionKey });
    await write(writer);
    await writer.close();
    const entries = embeddedStoreRows(writerDir).map(({ key, value }): LegacyFile['entries'][number] => {
      const { expires } = JSON.parse(value) as { expires?: number | null };
      return [key, typeof expires === 'number' ? { value, expires } : { value }];
    });
    return { version: 1, entries };
  }

  it('is imported once on first start: its grants read through the stores, the file renamed, and never imported again', async () => {
    const legacy = await legacyFileWith(async (storage) => {
      await storage.grants.save(grant);
      await storage.meetingPosts.save({ meetingId: 'm-1', teamId: 'T1', hostUserId: 'U1', channelId: 'C1', createdAt: 0 });
    });
    // An entry whose ttl ran out while the bot was stopped is left behind.
    legacy.entries.push(['slack-zoom-scheduler:oauth-states:gone', { value: '{"value":"v1:x","expires":1}', expires: 1 }]);
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, LEGACY_STORE_FILE), JSON.stringify(legacy));

    const first = await open();
    expect(await first.grants.get('T1', 'U1')).toEqual(grant);
    expect((await first.grants.listByTeam('T1')).map((g) => g.userId)).toEqual(['U1']);
    expect(await first.meetingPosts.get('m-1')).toMatchObject({ channelId: 'C1' });
    await expect(access(join(dataDir, LEGACY_STORE_FILE))).rejects.toThrow();
    expect(JSON.parse(await readFile(join(dataDir, LEGACY_STORE_FILE + IMPORTED_SUFFIX), 'utf8'))).toEqual(legacy);
    expect(embeddedStoreRows(dataDir).some((row) => row.key.endsWith(':gone'))).toBe(false);

    // Disconnected after the import; the backup file beside the store does not bring the grant back.
    await first.grants.delete('T1', 'U1');
    await first.close();
    const second = await open();
    expect(await second.grants.get('T1', 'U1')).toBeUndefined();
  });

  it('stops the start, imports nothing and stays in place when it cannot be read whole', async () => {
    const legacy = await legacyFileWith((storage) => storage.grants.save(grant));
    const torn = JSON.stringify(legacy).slice(0, 60);
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, LEGACY_STORE_FILE), torn);

    const error = await createStorage({ dataDir, clock, encryptionKey }).catch((reason: unknown) => reason);
    expect(isAppError(error, 'STORE_NOT_OPENED')).toBe(true);
    expect((error as Error).message).toMatch(/store\.json \(the old embedded store, to be imported\) is not valid JSON/);
    expect(await readFile(join(dataDir, LEGACY_STORE_FILE), 'utf8')).toBe(torn);

    await writeFile(join(dataDir, LEGACY_STORE_FILE), '{"cache":[]}');
    await expect(createStorage({ dataDir, clock, encryptionKey })).rejects.toThrow(/is not a store file of this app/);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ZoomGrant } from '../../src/storage/types.js';
import { BACKEND_KINDS, createHarness, type StorageHarness } from './harness.js';

function grant(overrides: Partial<ZoomGrant> = {}): ZoomGrant {
  const userId = overrides.userId ?? 'U1';
  return {
    teamId: 'T1',
    userId,
    zoomUserId: `zoom-${userId}`,
    zoomAccountId: 'acct-1',
    zoomEmail: `${userId.toLowerCase()}@example.com`,
    zoomName: `User ${userId}`,
    accessToken: `access-token-${userId}-0123456789abcdef`,
    refreshToken: `refresh-token-${userId}-fedcba9876543210`,
    accessTokenExpiresAt: Date.UTC(2030, 0, 1, 1),
    scope: 'meeting:write',
    createdAt: Date.UTC(2030, 0, 1),
    updatedAt: Date.UTC(2030, 0, 1),
    version: 1,
    ...overrides,
  };
}

const keysOf = (grants: ZoomGrant[]) => grants.map((g) => `${g.teamId}/${g.userId}`).sort();

describe.each(BACKEND_KINDS)('grant store (%s)', (kind) => {
  let harness: StorageHarness;
  beforeEach(async () => {
    harness = await createHarness(kind);
  });
  afterEach(() => harness.cleanup());

  it('returns a saved grant unchanged and undefined for an unknown user', async () => {
    const storage = await harness.open();
    const saved = grant();
    await storage.grants.save(saved);

    expect(await storage.grants.get('T1', 'U1')).toEqual(saved);
    expect(await storage.grants.get('T1', 'U2')).toBeUndefined();
    expect(await storage.grants.get('T2', 'U1')).toBeUndefined();
  });

  it('keeps tokens out of the file or table in plain text', async () => {
    const storage = await harness.open();
    const saved = grant();
    await storage.grants.save(saved);

    const raw = await harness.rawText();
    expect(raw.length).toBeGreaterThan(0);
    expect(raw).not.toContain(saved.accessToken);
    expect(raw).not.toContain(saved.refreshToken);
    expect(raw).not.toContain(Buffer.from(saved.accessToken).toString('base64'));
    expect(raw).not.toContain(saved.zoomEmail);
  });

  it('survives a restart, closed cleanly or not closed at all (a crash right after the save)', async () => {
    const first = await harness.open();
    await first.grants.save(grant({ userId: 'U1' }));
    await first.close();
    const second = await harness.open();
    await second.grants.save(grant({ userId: 'U2', version: 7 }));

    // No close: whatever save resolved must already be where the next process reads it.
    const third = await harness.openAsAfterCrash();
    expect(await third.grants.get('T1', 'U1')).toEqual(grant({ userId: 'U1' }));
    expect(await third.grants.get('T1', 'U2')).toEqual(grant({ userId: 'U2', version: 7 }));
    expect(keysOf(await third.grants.listByTeam('T1'))).toEqual(['T1/U1', 'T1/U2']);
  });

  it('lists grants by Enterprise Grid org, and moves them when a grant changes org or goes', async () => {
    const storage = await harness.open();
    await storage.grants.save(grant({ teamId: 'TW', userId: 'U1', enterpriseId: 'E1' }));
    await storage.grants.save(grant({ teamId: 'TE', userId: 'U2', enterpriseId: 'E1' }));
    await storage.grants.save(grant({ teamId: 'T9', userId: 'U3' }));
    expect(keysOf(await storage.grants.listByEnterprise('E1'))).toEqual(['TE/U2', 'TW/U1']);

    await storage.grants.save(grant({ teamId: 'TW', userId: 'U1', enterpriseId: 'E2' }));
    await storage.grants.delete('TE', 'U2');
    expect(await storage.grants.listByEnterprise('E1')).toEqual([]);
    expect(keysOf(await storage.grants.listByEnterprise('E2'))).toEqual(['TW/U1']);
  });

  it('lists grants by Zoom user across teams and by team', async () => {
    const storage = await harness.open();
    await storage.grants.save(grant({ teamId: 'T1', userId: 'U1', zoomUserId: 'Z1' }));
    await storage.grants.save(grant({ teamId: 'T2', userId: 'U9', zoomUserId: 'Z1' }));
    await storage.grants.save(grant({ teamId: 'T1', userId: 'U2', zoomUserId: 'Z2' }));

    expect(keysOf(await storage.grants.listByZoomUser('Z1'))).toEqual(['T1/U1', 'T2/U9']);
    expect(keysOf(await storage.grants.listByZoomUser('Z2'))).toEqual(['T1/U2']);
    expect(await storage.grants.listByZoomUser('Z3')).toEqual([]);
    expect(keysOf(await storage.grants.listByTeam('T1'))).toEqual(['T1/U1', 'T1/U2']);
    expect(keysOf(await storage.grants.listByTeam('T2'))).toEqual(['T2/U9']);
    expect(await storage.grants.listByTeam('T3')).toEqual([]);
  });

  it('lists the latest version of an updated grant once', async () => {
    const storage = await harness.open();
    await storage.grants.save(grant({ version: 1 }));
    await storage.grants.save(grant({ version: 2, accessToken: 'access-token-refreshed' }));

    const [listed, ...others] = await storage.grants.listByZoomUser('zoom-U1');
    expect(others).toEqual([]);
    expect(listed).toMatchObject({ version: 2, accessToken: 'access-token-refreshed' });
    expect(await storage.grants.listByTeam('T1')).toHaveLength(1);
  });

  it('moves the Zoom user index entry when a save changes zoomUserId', async () => {
    const storage = await harness.open();
    await storage.grants.save(grant({ zoomUserId: 'Z-old' }));
    await storage.grants.save(grant({ zoomUserId: 'Z-new' }));

    expect(await storage.grants.listByZoomUser('Z-old')).toEqual([]);
    expect(keysOf(await storage.grants.listByZoomUser('Z-new'))).toEqual(['T1/U1']);
    expect(keysOf(await storage.grants.listByTeam('T1'))).toEqual(['T1/U1']);
  });

  it('removes a deleted grant from both indexes and leaves the others', async () => {
    const storage = await harness.open();
    await storage.grants.save(grant({ userId: 'U1', zoomUserId: 'Z1' }));
    await storage.grants.save(grant({ userId: 'U2', zoomUserId: 'Z1' }));
    await storage.grants.delete('T1', 'U1');
    await storage.grants.delete('T1', 'U-never-saved');

    expect(await storage.grants.get('T1', 'U1')).toBeUndefined();
    expect(keysOf(await storage.grants.listByZoomUser('Z1'))).toEqual(['T1/U2']);
    expect(keysOf(await storage.grants.listByTeam('T1'))).toEqual(['T1/U2']);

    await storage.grants.delete('T1', 'U2');
    expect(await storage.grants.listByZoomUser('Z1')).toEqual([]);
    expect(await storage.grants.listByTeam('T1')).toEqual([]);
  });

  it('indexes all of 20 grants of one team saved concurrently', async () => {
    const storage = await harness.open();
    const userIds = Array.from({ length: 20 }, (_, i) => `U${String(i).padStart(2, '0')}`);
    await Promise.all(userIds.map((userId) => storage.grants.save(grant({ userId, zoomUserId: 'Z-shared' }))));

    const expected = userIds.map((userId) => `T1/${userId}`);
    expect(keysOf(await storage.grants.listByTeam('T1'))).toEqual(expected);
    expect(keysOf(await storage.grants.listByZoomUser('Z-shared'))).toEqual(expected);
  });

  it.runIf(kind === 'postgres')('indexes every grant when two instances save concurrently', async () => {
    const [a, b] = await Promise.all([harness.open(), harness.open()]);
    const userIds = Array.from({ length: 20 }, (_, i) => `U${String(i).padStart(2, '0')}`);
    await Promise.all(userIds.map((userId, i) => (i % 2 === 0 ? a : b).grants.save(grant({ userId, zoomUserId: 'Z-shared' }))));

    const expected = userIds.map((userId) => `T1/${userId}`);
    expect(keysOf(await a.grants.listByTeam('T1'))).toEqual(expected);
    expect(keysOf(await b.grants.listByZoomUser('Z-shared'))).toEqual(expected);
  });
});

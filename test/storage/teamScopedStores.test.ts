import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MeetingPost, PendingCommand } from '../../src/storage/types.js';
import { BACKEND_KINDS, createHarness, type StorageHarness } from './harness.js';

/** An uninstalled workspace leaves nothing behind: its cards and pending commands go with deleteTeam. */
describe.each(BACKEND_KINDS)('workspace-scoped records (%s)', (kind) => {
  let harness: StorageHarness;
  beforeEach(async () => {
    harness = await createHarness(kind);
  });
  afterEach(async () => {
    await harness.cleanup();
  });

  const post = (meetingId: string, teamId: string): MeetingPost => ({ meetingId, teamId, hostUserId: 'U1', channelId: 'C1', messageTs: '1.2', createdAt: harness.clock.now() });
  const command = (id: string, teamId: string): PendingCommand => ({ id, teamId, userId: 'U1', kind: 'create-meeting', payload: { topic: 'x' }, createdAt: harness.clock.now() });

  it('deleteTeam forgets that team\'s meeting cards only, including ones saved concurrently', async () => {
    const storage = await harness.open();
    await Promise.all([...Array.from({ length: 15 }, (_, i) => storage.meetingPosts.save(post(`a${i}`, 'TA'))), storage.meetingPosts.save(post('b1', 'TB'))]);
    await storage.meetingPosts.deleteTeam('TA');
    for (let i = 0; i < 15; i++) expect(await storage.meetingPosts.get(`a${i}`)).toBeUndefined();
    expect(await storage.meetingPosts.get('b1')).toMatchObject({ teamId: 'TB' });
  });

  it('a deleted card does not come back with deleteTeam, and a later card of the team is found', async () => {
    const storage = await harness.open();
    await storage.meetingPosts.save(post('a1', 'TA'));
    await storage.meetingPosts.delete('a1');
    await storage.meetingPosts.save(post('a2', 'TA'));
    await storage.meetingPosts.deleteTeam('TA');
    expect(await storage.meetingPosts.get('a1')).toBeUndefined();
    expect(await storage.meetingPosts.get('a2')).toBeUndefined();
  });

  it('deleteTeam drops that team\'s pending commands; others stay takeable once', async () => {
    const storage = await harness.open();
    await storage.pendingCommands.put(command('c1', 'TA'));
    await storage.pendingCommands.put(command('c2', 'TB'));
    await storage.pendingCommands.deleteTeam('TA');
    expect(await storage.pendingCommands.takeForUser('TA', 'U1')).toEqual([]);
    expect(await storage.pendingCommands.takeForUser('TB', 'U1')).toMatchObject([{ id: 'c2', teamId: 'TB' }]);
    expect(await storage.pendingCommands.takeForUser('TB', 'U1')).toEqual([]);
  });

  it('takeForUser takes only that user\'s commands, oldest first', async () => {
    const storage = await harness.open();
    await storage.pendingCommands.put({ ...command('late', 'TA'), createdAt: 2 });
    await storage.pendingCommands.put({ ...command('early', 'TA'), createdAt: 1 });
    await storage.pendingCommands.put({ ...command('other', 'TA'), userId: 'U2' });
    expect((await storage.pendingCommands.takeForUser('TA', 'U1')).map((c) => c.id)).toEqual(['early', 'late']);
    expect((await storage.pendingCommands.takeForUser('TA', 'U2')).map((c) => c.id)).toEqual(['other']);
  });

  it('the workspace index survives a restart', async () => {
    const first = await harness.open();
    await first.meetingPosts.save(post('a1', 'TA'));
    await first.close();
    const second = await harness.open();
    await second.meetingPosts.deleteTeam('TA');
    expect(await second.meetingPosts.get('a1')).toBeUndefined();
  });
});

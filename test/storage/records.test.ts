import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MeetingPost } from '../../src/storage/types.js';
import { BACKEND_KINDS, createHarness, type StorageHarness } from './harness.js';

const post = (overrides: Partial<MeetingPost> = {}): MeetingPost => ({
  meetingId: '81234567890',
  teamId: 'T1',
  hostUserId: 'U1',
  channelId: 'C1',
  messageTs: '1700000000.000100',
  createdAt: Date.UTC(2030, 0, 1),
  ...overrides,
});

const installation = {
  team: { id: 'T1', name: 'Acme' },
  enterprise: undefined,
  bot: { token: 'xoxb-1234-5678-abcdefghijklmnop', scopes: ['commands', 'chat:write'], id: 'B1', userId: 'UB1' },
  user: { id: 'U1', token: undefined, scopes: undefined },
  isEnterpriseInstall: false,
};

describe.each(BACKEND_KINDS)('meeting posts (%s)', (kind) => {
  let harness: StorageHarness;
  beforeEach(async () => {
    harness = await createHarness(kind);
  });
  afterEach(() => harness.cleanup());

  it('saves, overwrites and deletes a post', async () => {
    const storage = await harness.open();
    await storage.meetingPosts.save(post());
    expect(await storage.meetingPosts.get('81234567890')).toEqual(post());

    await storage.meetingPosts.save(post({ channelId: 'C2', messageTs: undefined }));
    const updated = await storage.meetingPosts.get('81234567890');
    expect(updated).toEqual(post({ channelId: 'C2', messageTs: undefined }));
    expect(updated).not.toHaveProperty('messageTs');

    await storage.meetingPosts.delete('81234567890');
    expect(await storage.meetingPosts.get('81234567890')).toBeUndefined();
    expect(await storage.meetingPosts.get('unknown')).toBeUndefined();
  });

  it('keeps posts across a restart', async () => {
    const first = await harness.open();
    await first.meetingPosts.save(post());
    await first.close();

    const second = await harness.open();
    expect(await second.meetingPosts.get('81234567890')).toEqual(post());
  });
});

describe.each(BACKEND_KINDS)('installations (%s)', (kind) => {
  let harness: StorageHarness;
  beforeEach(async () => {
    harness = await createHarness(kind);
  });
  afterEach(() => harness.cleanup());

  it('round-trips a JSON value and deletes it', async () => {
    const storage = await harness.open();
    await storage.installations.set('T1', installation);
    expect(await storage.installations.get('T1')).toEqual(JSON.parse(JSON.stringify(installation)));

    await storage.installations.delete('T1');
    expect(await storage.installations.get('T1')).toBeUndefined();
  });

  it('keeps the bot token out of the file or table in plain text', async () => {
    const storage = await harness.open();
    await storage.installations.set('T1', installation);

    const raw = await harness.rawText();
    expect(raw).toContain('installations');
    expect(raw).not.toContain('xoxb-');
    expect(raw).not.toContain('"name":"Acme"');
  });

  it('keeps installations across a restart', async () => {
    const first = await harness.open();
    await first.installations.set('T1', installation);
    await first.close();

    const second = await harness.open();
    expect(await second.installations.get('T1')).toEqual(JSON.parse(JSON.stringify(installation)));
  });

  it('keeps different keys and different stores apart', async () => {
    const storage = await harness.open();
    await storage.installations.set('81234567890', { which: 'installation' });
    await storage.meetingPosts.save(post());

    expect(await storage.installations.get('81234567890')).toEqual({ which: 'installation' });
    expect(await storage.meetingPosts.get('81234567890')).toEqual(post());
    expect(await storage.installations.get('T2')).toBeUndefined();
  });
});

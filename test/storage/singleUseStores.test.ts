import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PENDING_COMMAND_TTL_MS } from '../../src/storage/pendingCommandStore.js';
import { SCHEDULE_CONFIRMATION_TTL_MS } from '../../src/storage/scheduleConfirmationStore.js';
import type { OAuthStateRecord, PendingCommand, ScheduleConfirmation, Storage } from '../../src/storage/types.js';
import { BACKEND_KINDS, createHarness, type StorageHarness } from './harness.js';

/** OAuth states, pending commands and schedule confirmations share one contract: put, then take at most once, across instances. */

interface SingleUseCase<T> {
  name: string;
  put(storage: Storage, id: string, record: T): Promise<void>;
  take(storage: Storage, id: string): Promise<T | undefined>;
  record(harness: StorageHarness, id: string): T;
  /** The keyv TTL the store should set, from the record and the test clock. */
  expectedTtlMs(harness: StorageHarness, record: T): number;
}

const OAUTH_STATE_GRACE_MS = 60_000;

const oauthStates: SingleUseCase<OAuthStateRecord> = {
  name: 'oauth states',
  put: (storage, id, record) => storage.oauthStates.put(id, record),
  take: (storage, id) => storage.oauthStates.take(id),
  record: (harness) => ({
    teamId: 'T1',
    userId: 'U1',
    codeVerifier: 'verifier-0123456789-abcdefghijklmnopqrstuvwxyz',
    createdAt: harness.clock.now(),
    expiresAt: harness.clock.now() + 10 * 60_000,
  }),
  expectedTtlMs: (harness, record) => record.expiresAt - harness.clock.now() + OAUTH_STATE_GRACE_MS,
};

const pendingCommands: SingleUseCase<PendingCommand> = {
  name: 'pending commands',
  put: (storage, _id, record) => storage.pendingCommands.put(record),
  // One user per id, so taking one id's commands leaves the others (takeForUser takes all of a user's).
  take: async (storage, id) => (await storage.pendingCommands.takeForUser('T1', `U-${id}`))[0],
  record: (harness, id) => ({
    id,
    teamId: 'T1',
    userId: `U-${id}`,
    kind: 'create-meeting',
    payload: { topic: 'Planning', startsAt: '2030-01-02T10:00:00Z', attendees: ['U2', 'U3'] },
    createdAt: harness.clock.now(),
  }),
  expectedTtlMs: () => PENDING_COMMAND_TTL_MS,
};

const scheduleConfirmations: SingleUseCase<ScheduleConfirmation> = {
  name: 'schedule confirmations',
  put: (storage, _id, record) => storage.scheduleConfirmations.put(record),
  take: (storage, id) => storage.scheduleConfirmations.take('T1', 'U1', id),
  record: (harness, id) => ({
    id,
    teamId: 'T1',
    userId: 'U1',
    channelId: 'C1',
    topic: 'Planning',
    startTime: Date.parse('2030-01-02T10:00:00Z'),
    durationMinutes: 45,
    timeZone: 'Asia/Kolkata',
    createdAt: harness.clock.now(),
  }),
  expectedTtlMs: () => SCHEDULE_CONFIRMATION_TTL_MS,
};

const cases = BACKEND_KINDS.flatMap((kind) => [oauthStates, pendingCommands, scheduleConfirmations].map((store) => ({ kind, store: store as SingleUseCase<unknown> })));

describe.each(cases)('$store.name ($kind)', ({ kind, store }) => {
  let harness: StorageHarness;
  beforeEach(async () => {
    harness = await createHarness(kind);
  });
  afterEach(async () => {
    vi.useRealTimers();
    await harness.cleanup();
  });

  it('gives a record back once, then never again', async () => {
    const storage = await harness.open();
    const record = store.record(harness, 'id-1');
    await store.put(storage, 'id-1', record);

    expect(await store.take(storage, 'id-1')).toEqual(record);
    expect(await store.take(storage, 'id-1')).toBeUndefined();
    expect(await store.take(storage, 'id-unknown')).toBeUndefined();
  });

  it('hands a record to exactly one of 10 concurrent takers', async () => {
    const storage = await harness.open();
    const record = store.record(harness, 'id-race');
    await store.put(storage, 'id-race', record);

    const results = await Promise.all(Array.from({ length: 10 }, () => store.take(storage, 'id-race')));
    expect(results.filter((result) => result !== undefined)).toEqual([record]);
  });

  it.runIf(kind === 'postgres')('hands a record to exactly one of two instances racing to take it', async () => {
    const [a, b] = await Promise.all([harness.open(), harness.open()]);
    const ids = Array.from({ length: 10 }, (_, i) => `id-${i}`);
    await Promise.all(ids.map((id) => store.put(a, id, store.record(harness, id))));

    for (const id of ids) {
      const results = await Promise.all([a, b, a, b].map((storage) => store.take(storage, id)));
      expect(results.filter((result) => result !== undefined)).toEqual([store.record(harness, id)]);
    }
  });

  it('keeps a record across a restart', async () => {
    const first = await harness.open();
    const record = store.record(harness, 'id-restart');
    await store.put(first, 'id-restart', record);
    await first.close();

    const second = await harness.open();
    expect(await store.take(second, 'id-restart')).toEqual(record);
  });

  it('stores the record encrypted, with a cleanup TTL on it', async () => {
    const storage = await harness.open();
    const record = store.record(harness, 'id-ttl');
    const before = Date.now();
    await store.put(storage, 'id-ttl', record);
    const after = Date.now();

    // Pending commands also keep a per-workspace index row beside the record.
    const rows = (await harness.rawRecords()).filter((row) => !row.key.includes('-indexes:'));
    expect(rows).toHaveLength(1);
    const envelope = JSON.parse(rows[0]!.value) as { value: string; expires: number };
    expect(envelope.value).toMatch(/^v1:/);
    expect(rows[0]!.value).not.toContain('"teamId"');
    const ttl = store.expectedTtlMs(harness, record);
    expect(envelope.expires).toBeGreaterThanOrEqual(before + ttl);
    expect(envelope.expires).toBeLessThanOrEqual(after + ttl);
  });

  it('drops the record once its TTL has passed, also from the file or table', async () => {
    const storage = await harness.open();
    const record = store.record(harness, 'id-expiring');
    await store.put(storage, 'id-expiring', record);
    await store.put(storage, 'id-other', store.record(harness, 'id-other'));

    // Keyv and the stores read Date.now() for TTLs; only Date is faked, I/O timers stay real.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + store.expectedTtlMs(harness, record) + 1000);
    expect(await store.take(storage, 'id-expiring')).toBeUndefined();
    await storage.close();

    // Reopening sweeps expired rows (PostgreSQL); the embedded store prunes them on each write.
    const reopened = await harness.open();
    await reopened.meetingPosts.save({ meetingId: 'm-1', teamId: 'T1', hostUserId: 'U1', channelId: 'C1', createdAt: 0 });
    const keys = (await harness.rawRecords()).map((row) => row.key);
    expect(keys.some((key) => key.includes('id-expiring') || key.includes('id-other'))).toBe(false);
  });
});

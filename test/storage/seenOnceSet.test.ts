import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Storage } from '../../src/storage/types.js';
import { BACKEND_KINDS, createHarness, type StorageHarness } from './harness.js';

/** Slack requests (and install states) count once, across instances: one atomic statement, no lock, no read first. */
describe.each(BACKEND_KINDS)('seen-once sets (%s)', (kind) => {
  let harness: StorageHarness;
  let storage: Storage;
  beforeEach(async () => {
    harness = await createHarness(kind);
    storage = await harness.open();
  });
  afterEach(async () => {
    vi.useRealTimers();
    await harness.cleanup();
  });

  it('of 20 racing claims of one id exactly one wins; other ids and the other set are apart', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => storage.seenSlackRequests.claim('trigger:123.456', 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await storage.seenSlackRequests.claim('trigger:123.457', 60_000)).toBe(true);
    expect(await storage.spentInstallStates.claim('trigger:123.456', 60_000)).toBe(true);
  });

  it('an id is claimable again once its time is up', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    expect(await storage.seenSlackRequests.claim('event:Ev1', 60_000)).toBe(true);
    vi.setSystemTime(Date.now() + 59_000);
    expect(await storage.seenSlackRequests.claim('event:Ev1', 60_000)).toBe(false);
    vi.setSystemTime(Date.now() + 2_000);
    expect(await storage.seenSlackRequests.claim('event:Ev1', 60_000)).toBe(true);
    expect(await storage.seenSlackRequests.claim('event:Ev1', 60_000)).toBe(false);
  });

  it('keeps no id in plain text (an install state is a secret until used)', async () => {
    await storage.spentInstallStates.claim('state-secret-abcdef', 60_000);
    expect(await harness.rawText()).not.toContain('state-secret-abcdef');
  });

  it.skipIf(kind !== 'postgres')('two instances on one store: one claim wins', async () => {
    const other = await harness.open();
    const results = await Promise.all([storage, other, storage, other].map((s) => s.seenSlackRequests.claim('signature:v0=abc', 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

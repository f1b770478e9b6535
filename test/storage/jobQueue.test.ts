import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobLeaseLostError, type Job } from '../../src/jobs/types.js';
import { JOB_DEDUPE_MS } from '../../src/storage/jobQueue.js';
import type { Storage } from '../../src/storage/types.js';
import { BACKEND_KINDS, createHarness, type StorageHarness } from './harness.js';

const LEASE_MS = 60_000;

const newJob = (id: string, extra: { teamId?: string; runAt?: number } = {}) => ({ id, kind: 'test', payload: { secret: `payload-of-${id}` }, ...extra });
const ids = (jobs: Job[]) => jobs.map((job) => job.id).sort();

describe.each(BACKEND_KINDS)('job queue (%s)', (kind) => {
  let harness: StorageHarness;
  let storage: Storage;
  beforeEach(async () => {
    harness = await createHarness(kind);
    storage = await harness.open();
  });
  afterEach(() => harness.cleanup());
  const now = () => harness.clock.now();

  it('records a job once per id', async () => {
    expect(await storage.jobs.enqueue(newJob('a', { teamId: 'T1' }))).toBe(true);
    expect(await storage.jobs.enqueue({ ...newJob('a'), payload: { other: true } })).toBe(false);

    const job = await storage.jobs.get('a');
    expect(job).toEqual({ id: 'a', kind: 'test', teamId: 'T1', payload: { secret: 'payload-of-a' }, attempts: 0, runAt: now(), createdAt: now() });
  });

  it('fences a runner whose lease ran out: once claimed again, its checkpoint, retry and completion are refused', async () => {
    await storage.jobs.enqueue(newJob('a', { teamId: 'T1' }));
    const [first] = await storage.jobs.claimDue(now(), LEASE_MS, 10);
    harness.clock.current += LEASE_MS + 1;
    const [second] = await storage.jobs.claimDue(now(), LEASE_MS, 10);
    expect(second!.attempts).toBe(first!.attempts + 1);

    await expect(storage.jobs.checkpoint('a', { step: 'stale' }, undefined, first!.attempts)).rejects.toBeInstanceOf(JobLeaseLostError);
    await expect(storage.jobs.retryAt('a', now(), 'X', first!.attempts)).rejects.toBeInstanceOf(JobLeaseLostError);
    await expect(storage.jobs.complete('a', first!.attempts)).rejects.toBeInstanceOf(JobLeaseLostError);
    expect(await storage.jobs.get('a')).toMatchObject({ attempts: second!.attempts, leaseUntil: now() + LEASE_MS });
    expect((await storage.jobs.get('a'))!.state).toBeUndefined();

    // The current holder goes on; once it is done, the stale runner's checkpoint is refused too.
    await storage.jobs.checkpoint('a', { step: 'current' }, undefined, second!.attempts);
    expect(await storage.jobs.get('a')).toMatchObject({ id: 'a', teamId: 'T1', state: { step: 'current' } });
    await storage.jobs.complete('a', second!.attempts);
    await expect(storage.jobs.checkpoint('a', { step: 'stale' }, undefined, first!.attempts)).rejects.toBeInstanceOf(JobLeaseLostError);
    expect(await storage.jobs.get('a')).toBeUndefined();
  });

  it('releases leases cut off by a crash: those jobs are due at once, claimed with a new fence', async () => {
    await storage.jobs.enqueue(newJob('cut-off'));
    await storage.jobs.enqueue(newJob('waiting', { runAt: now() + 10_000 }));
    const [dead] = await storage.jobs.claimDue(now(), LEASE_MS, 10);
    expect(await storage.jobs.claimDue(now(), LEASE_MS, 10)).toEqual([]);

    expect(await storage.jobs.releaseLeases()).toBe(1);
    const [again] = await storage.jobs.claimDue(now(), LEASE_MS, 10);
    expect(again).toMatchObject({ id: 'cut-off', attempts: dead!.attempts + 1 });
    expect(await storage.jobs.get('waiting')).toMatchObject({ attempts: 0, runAt: now() + 10_000 });
  });

  it('keeps jobs encrypted at rest', async () => {
    await storage.jobs.enqueue(newJob('a'));
    expect(await harness.rawText()).not.toContain('payload-of-a');
  });

  it('claims due jobs oldest first, up to the limit, and leases them', async () => {
    await storage.jobs.enqueue(newJob('later', { runAt: now() + 1_000 }));
    await storage.jobs.enqueue(newJob('second', { runAt: now() - 1_000 }));
    await storage.jobs.enqueue(newJob('first', { runAt: now() - 2_000 }));
    await storage.jobs.enqueue(newJob('third'));

    const claimed = await storage.jobs.claimDue(now(), LEASE_MS, 2);
    expect(claimed.map((job) => job.id)).toEqual(['first', 'second']);
    expect(claimed[0]).toMatchObject({ attempts: 1, leaseUntil: now() + LEASE_MS });
    expect(await storage.jobs.get('first')).toMatchObject({ attempts: 1, leaseUntil: now() + LEASE_MS });

    // The leased ones are not claimed again; the one not yet due is not claimed at all.
    expect(ids(await storage.jobs.claimDue(now(), LEASE_MS, 10))).toEqual(['third']);
    expect(await storage.jobs.claimDue(now(), LEASE_MS, 10)).toEqual([]);
    harness.clock.current += 1_000;
    expect(ids(await storage.jobs.claimDue(now(), LEASE_MS, 10))).toEqual(['later']);
  });

  it('records a job already claimed by its submitter, so no poll takes it first', async () => {
    expect(await storage.jobs.enqueueClaimed(newJob('a', { teamId: 'T1' }), LEASE_MS)).toMatchObject({ id: 'a', teamId: 'T1', attempts: 1, leaseUntil: now() + LEASE_MS });
    expect(await storage.jobs.claimDue(now(), LEASE_MS, 10)).toEqual([]);
    expect(await storage.jobs.enqueueClaimed(newJob('a'), LEASE_MS)).toBeUndefined();
    expect(await storage.jobs.enqueue(newJob('a'))).toBe(false);
    // Its lease runs out like any other.
    harness.clock.current += LEASE_MS;
    expect(await storage.jobs.claimDue(now(), LEASE_MS, 10)).toMatchObject([{ id: 'a', attempts: 2 }]);
  });

  it('gives a job whose runner died to the next claim once the lease runs out, with its last checkpoint', async () => {
    await storage.jobs.enqueueClaimed(newJob('a'), LEASE_MS);
    await storage.jobs.checkpoint('a', { phase: 'zoom-called', calledAt: now() });

    harness.clock.current += LEASE_MS - 1;
    expect(await storage.jobs.claimDue(now(), LEASE_MS, 10)).toEqual([]);
    harness.clock.current += 1;
    const [again] = await storage.jobs.claimDue(now(), LEASE_MS, 10);
    expect(again).toMatchObject({ id: 'a', attempts: 2, state: { phase: 'zoom-called', calledAt: now() - LEASE_MS } });
  });

  it('extends the lease with a checkpoint', async () => {
    await storage.jobs.enqueueClaimed(newJob('a'), LEASE_MS);
    await storage.jobs.checkpoint('a', { step: 1 }, now() + 3 * LEASE_MS);

    harness.clock.current += 2 * LEASE_MS;
    expect(await storage.jobs.claimDue(now(), LEASE_MS, 10)).toEqual([]);
    harness.clock.current += LEASE_MS;
    expect(ids(await storage.jobs.claimDue(now(), LEASE_MS, 10))).toEqual(['a']);
  });

  it('releases a failed job to run again at the retry time, with its error code', async () => {
    await storage.jobs.enqueueClaimed(newJob('a'), LEASE_MS);
    await storage.jobs.retryAt('a', now() + 5_000, 'ZOOM_UNAVAILABLE');

    const waiting = await storage.jobs.get('a');
    expect(waiting).toMatchObject({ runAt: now() + 5_000, lastError: 'ZOOM_UNAVAILABLE', attempts: 1 });
    expect(waiting?.leaseUntil).toBeUndefined();
    harness.clock.current += 4_999;
    expect(await storage.jobs.claimDue(now(), LEASE_MS, 10)).toEqual([]);
    harness.clock.current += 1;
    expect(await storage.jobs.claimDue(now(), LEASE_MS, 10)).toMatchObject([{ id: 'a', attempts: 2, lastError: 'ZOOM_UNAVAILABLE' }]);
  });

  it('remembers a completed id for the dedupe window, then forgets it', async () => {
    await storage.jobs.enqueueClaimed(newJob('a', { teamId: 'T1' }), LEASE_MS);
    await storage.jobs.complete('a');

    expect(await storage.jobs.get('a')).toBeUndefined();
    expect(await storage.jobs.claimDue(now() + LEASE_MS, LEASE_MS, 10)).toEqual([]);
    harness.clock.current += JOB_DEDUPE_MS - 1;
    expect(await storage.jobs.enqueue(newJob('a'))).toBe(false);
    harness.clock.current += 1;
    expect(await storage.jobs.enqueue(newJob('a'))).toBe(true);
  });

  it('drops the jobs of an uninstalled workspace, and only those', async () => {
    await storage.jobs.enqueue(newJob('t1-a', { teamId: 'T1' }));
    await storage.jobs.enqueueClaimed(newJob('t1-b', { teamId: 'T1' }), LEASE_MS);
    await storage.jobs.enqueue(newJob('t2', { teamId: 'T2' }));
    await storage.jobs.enqueue(newJob('no-team'));

    await storage.jobs.deleteTeam('T1');

    expect(await storage.jobs.get('t1-a')).toBeUndefined();
    expect(await storage.jobs.get('t1-b')).toBeUndefined();
    expect(ids(await storage.jobs.claimDue(now() + LEASE_MS, LEASE_MS, 10))).toEqual(['no-team', 't2']);
    // A runner still holding a dropped job cannot write it back.
    await expect(storage.jobs.checkpoint('t1-b', { step: 1 })).rejects.toBeInstanceOf(JobLeaseLostError);
    await storage.jobs.retryAt('t1-b', now(), 'INTERNAL');
    expect(await storage.jobs.get('t1-b')).toBeUndefined();
  });

  it('keeps jobs across a restart', async () => {
    await storage.jobs.enqueue(newJob('a'));
    await storage.close();
    const reopened = await harness.open();
    expect(ids(await reopened.jobs.claimDue(now(), LEASE_MS, 10))).toEqual(['a']);
  });

  it.runIf(kind === 'postgres')('never gives one job to two instances claiming at once', async () => {
    const other = await harness.open();
    const count = 40;
    for (let i = 0; i < count; i += 1) await storage.jobs.enqueue(newJob(`job-${i}`));

    const drain = async (instance: Storage) => {
      const taken: string[] = [];
      for (;;) {
        const batch = await instance.jobs.claimDue(now(), LEASE_MS, 3);
        if (batch.length === 0) return taken;
        taken.push(...batch.map((job) => job.id));
      }
    };
    const [mineA, theirsA, mineB, theirsB] = await Promise.all([drain(storage), drain(other), drain(storage), drain(other)]);
    const mine = [...mineA, ...mineB];
    const theirs = [...theirsA, ...theirsB];

    const all = [...mine, ...theirs];
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(count);
    expect(mine.length).toBeGreaterThan(0);
    expect(theirs.length).toBeGreaterThan(0);
  });

  it.runIf(kind === 'postgres')('gives a job submitted on two instances at once to exactly one', async () => {
    const other = await harness.open();
    const claims = await Promise.all([storage, other, storage, other].map((instance) => instance.jobs.enqueueClaimed(newJob('a'), LEASE_MS)));
    expect(claims.filter((job) => job !== undefined)).toHaveLength(1);
  });

  it.runIf(kind === 'postgres')('records a job enqueued on two instances at once once', async () => {
    const other = await harness.open();
    const recorded = await Promise.all([storage, other, storage, other].map((instance) => instance.jobs.enqueue(newJob('a'))));
    expect(recorded.filter(Boolean)).toHaveLength(1);
  });
});

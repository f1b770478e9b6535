import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { createJobRunner, DEFAULT_LEASE_MS, retryDelayMs } from '../../src/jobs/runner.js';
import type { Job, JobHandler, JobRunner } from '../../src/jobs/types.js';
import { createLogger } from '../../src/logger.js';
import type { Storage } from '../../src/storage/types.js';
import { BACKEND_KINDS, createHarness, type StorageHarness } from '../storage/harness.js';

/** Retries wait the middle of their jitter range. */
const HALF = () => 0.5;

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}
function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('retryDelayMs', () => {
  it('doubles from 2 s up to 10 min, half of it jittered', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, () => 0))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, () => 0.999999))).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(retryDelayMs(30, () => 0)).toBe(300_000);
  });
});

describe.each(BACKEND_KINDS)('job runner (%s)', (kind) => {
  let harness: StorageHarness;
  let storage: Storage;
  let logs: string[];
  let runner: JobRunner;
  const runners: JobRunner[] = [];
  const newRunner = (on: Storage, pollMs = 3_600_000) => {
    const created = createJobRunner({ queue: on.jobs, clock: harness.clock, logger: createLogger({ level: 'debug', sink: (line) => logs.push(line) }), pollMs, random: HALF });
    runners.push(created);
    return created;
  };

  beforeEach(async () => {
    harness = await createHarness(kind);
    storage = await harness.open();
    logs = [];
    runner = newRunner(storage);
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop(1_000)));
    await harness.cleanup();
  });
  const advance = (ms: number) => {
    harness.clock.current += ms;
  };

  it('runs a submitted job at once, once per id', async () => {
    const runs: Job[] = [];
    runner.register('greet', { run: async (job) => (runs.push(job), { status: 'done' }) });

    expect(await runner.submit({ id: 'g1', kind: 'greet', payload: { to: 'U1' } })).toEqual({ recorded: true });
    expect(runs).toMatchObject([{ id: 'g1', payload: { to: 'U1' }, attempts: 1 }]);
    expect(await storage.jobs.get('g1')).toBeUndefined();

    // A repeat (a button clicked twice) is the same job, already done.
    expect(await runner.submit({ id: 'g1', kind: 'greet', payload: { to: 'U1' } })).toEqual({ recorded: false });
    expect(await runner.runDue()).toBe(0);
    expect(runs).toHaveLength(1);
  });

  it('retries a failing job with backoff, logs its code, and gives up after maxAttempts', async () => {
    let runs = 0;
    const gaveUp: Array<{ job: Job; error: unknown }> = [];
    runner.register('flaky', {
      maxAttempts: 3,
      run: async () => {
        runs += 1;
        throw new AppError('ZOOM_UNAVAILABLE', 'Zoom answered 503');
      },
      onGiveUp: async (job, error) => void gaveUp.push({ job, error }),
    });

    await runner.submit({ id: 'f1', kind: 'flaky', payload: {} });
    expect(runs).toBe(1);
    expect(await storage.jobs.get('f1')).toMatchObject({ lastError: 'ZOOM_UNAVAILABLE', runAt: harness.clock.now() + retryDelayMs(1, HALF) });
    expect(logs.some((line) => line.includes('ZOOM_UNAVAILABLE') && line.includes('f1'))).toBe(true);

    advance(retryDelayMs(1, HALF) - 1);
    expect(await runner.runDue()).toBe(0);
    advance(1);
    expect(await runner.runDue()).toBe(1);
    expect(runs).toBe(2);

    advance(retryDelayMs(2, HALF));
    expect(await runner.runDue()).toBe(1);
    expect(runs).toBe(3);
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]?.job).toMatchObject({ id: 'f1', attempts: 3 });
    expect(await storage.jobs.get('f1')).toBeUndefined();

    advance(60 * 60_000);
    expect(await runner.runDue()).toBe(0);
    expect(runs).toBe(3);
    expect(gaveUp).toHaveLength(1);
  });

  it('runs a job that asks to be retried again after the time it asked, keeping its checkpoint', async () => {
    const seen: Array<Record<string, unknown> | undefined> = [];
    runner.register<Record<string, unknown>, { searches: number }>('poll', {
      maxAttempts: 2,
      run: async (job, context) => {
        seen.push(job.state);
        const searches = (job.state?.searches ?? 0) + 1;
        await context.checkpoint({ searches });
        return searches < 4 ? { status: 'retry', afterMs: 30_000, reason: 'not found yet' } : { status: 'done' };
      },
    });

    await runner.submit({ id: 'p1', kind: 'poll', payload: {} });
    for (let pass = 0; pass < 3; pass += 1) {
      expect(await runner.runDue()).toBe(0);
      advance(30_000);
      expect(await runner.runDue()).toBe(1);
    }
    // Asked-for retries are not failures: maxAttempts does not end them.
    expect(seen).toEqual([undefined, { searches: 1 }, { searches: 2 }, { searches: 3 }]);
    expect(await storage.jobs.get('p1')).toBeUndefined();
  });

  it('does not start a job again in this process while its run is still going', async () => {
    const release = deferred();
    let runs = 0;
    runner.register('slow', {
      run: async () => {
        runs += 1;
        await release.promise;
        return { status: 'done' };
      },
    });

    const submitted = runner.submit({ id: 's1', kind: 'slow', payload: {} });
    await expect.poll(() => runs, { timeout: 5000 }).toBe(1);
    advance(DEFAULT_LEASE_MS);
    // Not even claimed: a new claim would fence the run still going out of its own job.
    expect(await runner.runDue()).toBe(0);
    expect(runs).toBe(1);
    release.resolve();
    await submitted;
    expect(await storage.jobs.get('s1')).toBeUndefined();
  });

  it('fails a job of a kind nobody registered, to run again later', async () => {
    await storage.jobs.enqueue({ id: 'u1', kind: 'unknown', payload: {} });
    expect(await runner.runDue()).toBe(1);
    expect(await storage.jobs.get('u1')).toMatchObject({ lastError: 'INTERNAL', attempts: 1 });
    expect(logs.some((line) => line.includes('no handler registered for job kind'))).toBe(true);
  });

  it('polls on real time once started, and a stop waits for the run under way', async () => {
    const polled = newRunner(storage, 10);
    const started = deferred();
    const release = deferred();
    let finished = false;
    polled.register('bg', {
      run: async () => {
        started.resolve();
        await release.promise;
        finished = true;
        return { status: 'done' };
      },
    });
    await storage.jobs.enqueue({ id: 'b1', kind: 'bg', payload: {} });
    polled.start();
    await started.promise;

    const stopped = polled.stop(5_000);
    setTimeout(() => release.resolve(), 20);
    await stopped;
    expect(finished).toBe(true);
    expect(await storage.jobs.get('b1')).toBeUndefined();
  });

  it('gives up waiting at stop after the grace, leaving the job to its lease', async () => {
    const polled = newRunner(storage, 10);
    const started = deferred();
    polled.register('stuck', {
      run: async () => {
        started.resolve();
        await new Promise(() => {});
        return { status: 'done' };
      },
    });
    await storage.jobs.enqueue({ id: 'x1', kind: 'stuck', payload: {} });
    polled.start();
    await started.promise;
    await polled.stop(50);

    expect(await storage.jobs.get('x1')).toMatchObject({ attempts: 1, leaseUntil: harness.clock.now() + DEFAULT_LEASE_MS });
  });

  it.runIf(kind === 'postgres')('runs each job once when two instances pass over the queue at once', async () => {
    const other = await harness.open();
    const runs = new Map<string, number>();
    const handler: JobHandler = {
      run: async (job) => {
        runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
        await other.ping();
        return { status: 'done' };
      },
    };
    const otherRunner = newRunner(other);
    runner.register('work', handler);
    otherRunner.register('work', handler);
    for (let i = 0; i < 25; i += 1) await storage.jobs.enqueue({ id: `w${i}`, kind: 'work', payload: {} });

    for (let pass = 0; pass < 4; pass += 1) await Promise.all([runner.runDue(), otherRunner.runDue(), runner.runDue(), otherRunner.runDue()]);

    expect(runs.size).toBe(25);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
  });
});

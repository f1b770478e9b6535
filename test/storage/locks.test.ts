import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_POOL_SIZE } from '../../src/storage/postgresBackend.js';
import type { Storage } from '../../src/storage/types.js';
import { waitForLockWaiters } from '../support/pgLocks.js';
import { BACKEND_KINDS, createHarness, type StorageHarness } from './harness.js';

/** Counts how many critical sections run at once; each section yields to I/O so overlap can happen. */
function overlapProbe() {
  let inside = 0;
  let maxInside = 0;
  let runs = 0;
  return {
    get maxInside() {
      return maxInside;
    },
    get runs() {
      return runs;
    },
    section: (storage: Storage) => async () => {
      inside += 1;
      maxInside = Math.max(maxInside, inside);
      // Real round trips (and turns of the event loop) while "inside".
      await storage.ping();
      await new Promise((resolve) => setImmediate(resolve));
      await storage.ping();
      inside -= 1;
      runs += 1;
    },
  };
}

describe.each(BACKEND_KINDS)('locks (%s)', (kind) => {
  let harness: StorageHarness;
  beforeEach(async () => {
    harness = await createHarness(kind);
  });
  afterEach(() => harness.cleanup());

  it('runs holders of one name one at a time', async () => {
    const storage = await harness.open();
    const probe = overlapProbe();
    await Promise.all(Array.from({ length: 20 }, () => storage.locks.withLock('job', probe.section(storage))));

    expect(probe.runs).toBe(20);
    expect(probe.maxInside).toBe(1);
  });

  it('detects overlap when sections run without a lock (the probe works)', async () => {
    const storage = await harness.open();
    const probe = overlapProbe();
    await Promise.all(Array.from({ length: 20 }, () => probe.section(storage)()));

    expect(probe.maxInside).toBe(20);
  });

  it('lets holders of different names run at the same time', async () => {
    const storage = await harness.open();
    let bEntered!: () => void;
    const bInside = new Promise<void>((resolve) => (bEntered = resolve));

    // a finishes only once b is inside: if the names excluded each other, this would never finish.
    const both = await Promise.all([
      storage.locks.withLock('job-a', async () => {
        await bInside;
        return 'a';
      }),
      storage.locks.withLock('job-b', async () => {
        bEntered();
        return 'b';
      }),
    ]);
    expect(both).toEqual(['a', 'b']);
  });

  it('returns what fn returns', async () => {
    const storage = await harness.open();
    expect(await storage.locks.withLock('job', async () => 42)).toBe(42);
  });

  it('propagates an error from fn and releases the lock', async () => {
    const storage = await harness.open();
    const failure = new Error('boom');
    await expect(storage.locks.withLock('job', async () => Promise.reject(failure))).rejects.toBe(failure);
    await expect(
      storage.locks.withLock('job', () => {
        throw failure;
      }),
    ).rejects.toBe(failure);

    // Would wait forever (and time out) if the lock were still held.
    expect(await storage.locks.withLock('job', async () => 'acquired again')).toBe('acquired again');
  });

  it('keeps queued holders running after one of them throws', async () => {
    const storage = await harness.open();
    const order: string[] = [];
    const results = await Promise.allSettled([
      storage.locks.withLock('job', async () => {
        order.push('first');
        throw new Error('first fails');
      }),
      storage.locks.withLock('job', async () => {
        order.push('second');
        return 'second done';
      }),
    ]);

    expect(order).toEqual(['first', 'second']);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled']);
  });

  it.runIf(kind === 'postgres')('excludes holders of one name across two instances', async () => {
    const [a, b] = await Promise.all([harness.open(), harness.open()]);
    const probe = overlapProbe();
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).locks.withLock('job', probe.section(i % 2 === 0 ? a : b))));

    expect(probe.runs).toBe(20);
    expect(probe.maxInside).toBe(1);
  });

  it.runIf(kind === 'postgres')('makes another instance wait until the holder releases', async () => {
    const [a, b] = await Promise.all([harness.open(), harness.open()]);
    const events: string[] = [];
    let letGo!: () => void;
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));

    const first = a.locks.withLock('job', async () => {
      events.push('a acquired');
      held();
      await new Promise<void>((resolve) => (letGo = resolve));
      events.push('a releasing');
    });
    await holding;
    const second = b.locks.withLock('job', async () => {
      events.push('b acquired');
    });
    // b waits in PostgreSQL itself, as pg_locks shows: not merely slow.
    await waitForLockWaiters(`${harness.namespace}:job`, 1);
    expect(events).toEqual(['a acquired']);
    letGo();
    await Promise.all([first, second]);

    expect(events).toEqual(['a acquired', 'a releasing', 'b acquired']);
  });

  it('does not run out of connections when every holder nests a lock (like a grant save inside a refresh lock)', async () => {
    const storage = await harness.open();
    const holders = LOCK_POOL_SIZE;
    let inside = 0;
    let allInside!: () => void;
    const everyoneInside = new Promise<void>((resolve) => (allInside = resolve));

    await Promise.all(
      Array.from({ length: holders }, (_, i) =>
        storage.locks.withLock(`refresh:U${i}`, async () => {
          inside += 1;
          if (inside === holders) allInside();
          // Every outer lock is held before any nested one is asked for.
          await everyoneInside;
          await storage.locks.withLock('inner', () => storage.ping());
        }),
      ),
    );
    expect(inside).toBe(holders);
  });

  it.runIf(kind === 'postgres')('holds a nested lock against other instances until it is released', async () => {
    const [a, b] = await Promise.all([harness.open(), harness.open()]);
    const events: string[] = [];
    let letGo!: () => void;
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));

    const first = a.locks.withLock('outer', () =>
      a.locks.withLock('inner', async () => {
        events.push('a holds inner');
        held();
        await new Promise<void>((resolve) => (letGo = resolve));
        events.push('a releasing inner');
      }),
    );
    await holding;
    const second = b.locks.withLock('inner', async () => {
      events.push('b holds inner');
    });
    await waitForLockWaiters(`${harness.namespace}:inner`, 1);
    expect(events).toEqual(['a holds inner']);
    letGo();
    await Promise.all([first, second]);

    expect(events).toEqual(['a holds inner', 'a releasing inner', 'b holds inner']);
    // Both sessions gave their locks back: each instance can take both names again.
    await Promise.all([a, b].map((storage) => storage.locks.withLock('outer', () => storage.locks.withLock('inner', () => storage.ping()))));
  });
});

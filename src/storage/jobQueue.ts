import type { Clock } from '../clock.js';
import { JobLeaseLostError, type Job, type JobQueue, type NewJob } from '../jobs/types.js';
import { groupCommit } from './groupCommit.js';
import type { KeyValue, LockManager } from './types.js';

/** How long a completed id is remembered, so a late duplicate (a webhook redelivered hours later) is refused. */
export const JOB_DEDUPE_MS = 24 * 60 * 60 * 1000;

/** The lock every change to the queue's index takes: claims must be exclusive across instances. */
const QUEUE_LOCK = 'job-queue';
/** One job's lock: its claim and its runner's checkpoints never interleave. */
const jobLock = (id: string) => `job:${id}`;
/** The index of unfinished jobs: id → runAt. A lease lives on the job alone, so a checkpoint leaves the index be. */
const DUE_INDEX_KEY = 'due';

type DueIndex = Record<string, number>;

interface CompletedMarker {
  /** ms epoch on the app clock until which the id is refused. */
  until: number;
}

/**
 * The durable job queue over the shared encrypted records and locks, so it behaves the same on every
 * backend and across instances. A job's record changes under the job's own lock; the index of due jobs
 * changes under one queue lock (a PostgreSQL advisory lock across instances), held as briefly as it can be:
 * claims (and the rare sweeps: releasing leases, an uninstall) take it, then each job's lock; every other
 * change writes the job's record first, under its lock alone, then its index entry, in a group. A crash in
 * between leaves a new record never run (before any outside effect: its submitter had not started), a
 * retry's index entry earlier than its record (a claim reads the record and waits for its runAt) or an
 * index entry without a record (the next claim drops it). Claims read one index record and the record of
 * each due job. A job's workspace is found on its record: unfinished jobs are few, so no per-workspace
 * index (and its lock, which every create in a workspace would wait on) is kept.
 */
export function createJobQueue(deps: {
  jobs: KeyValue;
  indexes: KeyValue;
  completed: KeyValue;
  locks: LockManager;
  clock: Clock;
  dedupeMs?: number;
}): JobQueue {
  const { jobs, indexes, completed, locks, clock } = deps;
  const dedupeMs = deps.dedupeMs ?? JOB_DEDUPE_MS;
  const exclusive = <T>(fn: () => Promise<T>) => locks.withLock(QUEUE_LOCK, fn);
  const withJob = <T>(id: string, fn: () => Promise<T>) => locks.withLock(jobLock(id), fn);

  const readDue = async () => (await indexes.get<DueIndex>(DUE_INDEX_KEY)) ?? {};
  const writeDue = (due: DueIndex) => (Object.keys(due).length > 0 ? indexes.set(DUE_INDEX_KEY, due) : indexes.delete(DUE_INDEX_KEY));
  // Every create records its job and completes it: one queue lock and index write per change made concurrent
  // creates wait on each other (200 ms each at 8 at once on PostgreSQL), so changes are written in groups.
  const indexChanges = groupCommit<string, number | undefined>((changes) =>
    exclusive(async () => {
      const due = await readDue();
      for (const [id, at] of changes) {
        if (at === undefined) delete due[id];
        else due[id] = at;
      }
      await writeDue(due);
    }),
  );

  /** Leases one job that is due and free. Call under the job's lock; claims elsewhere wait on the queue lock. */
  const lease = async (job: Job, now: number, leaseMs: number): Promise<Job | undefined> => {
    if (job.runAt > now || (job.leaseUntil ?? 0) > now) return undefined;
    const leased: Job = { ...job, attempts: job.attempts + 1, leaseUntil: now + leaseMs };
    await jobs.set(job.id, leased);
    return leased;
  };

  /** The job as the caller claimed it (undefined when dropped); JobLeaseLostError when it was claimed again since. */
  const fenced = async (id: string, fence: number | undefined): Promise<Job | undefined> => {
    const job = await jobs.get<Job>(id);
    if (fence !== undefined && job !== undefined && job.attempts !== fence) throw new JobLeaseLostError(id);
    return job;
  };

  /** Records a new job (leased to the caller when leaseMs is given), unless its id exists or completed lately. */
  const record = async (job: NewJob, leaseMs?: number): Promise<Job | undefined> => {
    const recorded = await withJob(job.id, async () => {
      if ((await jobs.get(job.id)) !== undefined) return undefined;
      const done = await completed.get<CompletedMarker>(job.id);
      const now = clock.now();
      if (done && done.until > now) return undefined;
      const fresh: Job = { id: job.id, kind: job.kind, payload: job.payload, attempts: 0, runAt: job.runAt ?? now, createdAt: now };
      if (job.teamId !== undefined) fresh.teamId = job.teamId;
      if (leaseMs !== undefined) Object.assign(fresh, { attempts: 1, leaseUntil: now + leaseMs });
      await jobs.set(fresh.id, fresh);
      return fresh;
    });
    // Not nested in the job's lock: claims take the queue lock first, then a job's.
    if (recorded) await indexChanges.set(recorded.id, recorded.runAt);
    return recorded;
  };

  return {
    enqueue: async (job: NewJob) => (await record(job)) !== undefined,

    enqueueClaimed: (job, leaseMs) => record(job, leaseMs),

    claimDue: (now, leaseMs, limit, skip) =>
      exclusive(async () => {
        const due = await readDue();
        const ready = Object.entries(due)
          .filter(([id, at]) => at <= now && !skip?.has(id))
          .sort((a, b) => a[1] - b[1]);
        const claimed: Job[] = [];
        let indexChanged = false;
        for (const [id] of ready) {
          if (claimed.length >= limit) break;
          const leased = await withJob(id, async () => {
            const job = await jobs.get<Job>(id);
            if (!job) {
              delete due[id];
              indexChanged = true;
            }
            return job && lease(job, now, leaseMs);
          });
          if (leased) claimed.push(leased);
        }
        if (indexChanged) await writeDue(due);
        return claimed;
      }),

    checkpoint: (id, state, leaseUntil, fence) =>
      withJob(id, async () => {
        const job = await fenced(id, fence);
        // Finished by another runner, or dropped (its workspace uninstalled): no more outside effects.
        if (!job) throw new JobLeaseLostError(id);
        await jobs.set(id, { ...job, state, leaseUntil: leaseUntil ?? job.leaseUntil });
      }),

    retryAt: async (id, runAt, lastError, fence) => {
      const released = await withJob(id, async () => {
        const job = await fenced(id, fence);
        if (!job) return false;
        const { leaseUntil: _released, ...rest } = job;
        await jobs.set(id, { ...rest, runAt, lastError });
        return true;
      });
      if (released) await indexChanges.set(id, runAt);
    },

    complete: async (id, fence) => {
      await withJob(id, async () => {
        await fenced(id, fence);
        await completed.set<CompletedMarker>(id, { until: clock.now() + dedupeMs }, dedupeMs);
        await jobs.delete(id);
      });
      await indexChanges.set(id, undefined);
    },

    get: (id) => jobs.get<Job>(id),

    releaseLeases: () =>
      exclusive(async () => {
        const due = await readDue();
        let released = 0;
        for (const id of Object.keys(due)) {
          await withJob(id, async () => {
            const job = await jobs.get<Job>(id);
            if (job?.leaseUntil === undefined) return;
            const { leaseUntil: _dead, ...rest } = job;
            await jobs.set(id, rest);
            released += 1;
          });
        }
        return released;
      }),

    deleteTeam: (teamId) =>
      exclusive(async () => {
        const due = await readDue();
        for (const id of Object.keys(due)) {
          await withJob(id, async () => {
            if ((await jobs.get<Job>(id))?.teamId !== teamId) return;
            await jobs.delete(id);
            delete due[id];
          });
        }
        await writeDue(due);
      }),
  };
}


import type { Clock } from '../clock.js';
import { JobLeaseLostError, type Job, type JobQueue, type NewJob } from '../jobs/types.js';
import { teamScopedRecords } from './teamScopedRecords.js';
import type { KeyValue, LockManager } from './types.js';

/** How long a completed id is remembered, so a late duplicate (a webhook redelivered hours later) is refused. */
export const JOB_DEDUPE_MS = 24 * 60 * 60 * 1000;

/** The lock every change to the queue takes: claims must be exclusive across instances. */
const QUEUE_LOCK = 'job-queue';
/** The index of unfinished jobs: id → when it may next be claimed (runAt, or the lease's end). */
const DUE_INDEX_KEY = 'due';

type DueIndex = Record<string, number>;

interface CompletedMarker {
  /** ms epoch on the app clock until which the id is refused. */
  until: number;
}

const dueAt = (job: Job) => Math.max(job.runAt, job.leaseUntil ?? 0);

/**
 * The durable job queue over the shared encrypted records and locks, so it behaves the same on every
 * backend and across instances. Every change runs under one queue lock (a PostgreSQL advisory lock across
 * instances). Claims read one index record (ids and due times), not every job. Jobs of a workspace are
 * also indexed by team, so an uninstall drops them. Writes go index first, record after: a crash leaves at
 * most an index entry without a record, which the next claim drops.
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
  const byTeam = teamScopedRecords(jobs, indexes, locks, 'job-team-index');
  const exclusive = <T>(fn: () => Promise<T>) => locks.withLock(QUEUE_LOCK, fn);

  const readDue = async () => (await indexes.get<DueIndex>(DUE_INDEX_KEY)) ?? {};
  const writeDue = (due: DueIndex) => (Object.keys(due).length > 0 ? indexes.set(DUE_INDEX_KEY, due) : indexes.delete(DUE_INDEX_KEY));
  const setDue = async (id: string, at: number | undefined) => {
    const due = await readDue();
    if (at === undefined) delete due[id];
    else due[id] = at;
    await writeDue(due);
  };

  /** Saves a changed job and its due time (the job already exists, so its team index holds it). */
  const update = async (job: Job) => {
    await setDue(job.id, dueAt(job));
    await jobs.set(job.id, job);
  };

  /** Leases one job that is due and free; claims of the same job elsewhere wait on the queue lock. */
  const lease = async (job: Job, now: number, leaseMs: number): Promise<Job | undefined> => {
    if (dueAt(job) > now) return undefined;
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

  /** Records a new job (leased to the caller when leaseMs is given), unless its id exists or completed lately. Call under the queue lock. */
  const record = async (job: NewJob, leaseMs?: number): Promise<Job | undefined> => {
    if ((await jobs.get(job.id)) !== undefined) return undefined;
    const done = await completed.get<CompletedMarker>(job.id);
    const now = clock.now();
    if (done && done.until > now) return undefined;
    const recorded: Job = { id: job.id, kind: job.kind, payload: job.payload, attempts: 0, runAt: job.runAt ?? now, createdAt: now };
    if (job.teamId !== undefined) recorded.teamId = job.teamId;
    if (leaseMs !== undefined) Object.assign(recorded, { attempts: 1, leaseUntil: now + leaseMs });
    await setDue(recorded.id, dueAt(recorded));
    await (recorded.teamId === undefined ? jobs.set(recorded.id, recorded) : byTeam.set(recorded.teamId, recorded.id, recorded));
    return recorded;
  };

  return {
    enqueue: async (job: NewJob) => (await exclusive(() => record(job))) !== undefined,

    enqueueClaimed: (job, leaseMs) => exclusive(() => record(job, leaseMs)),

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
          const job = await jobs.get<Job>(id);
          const leased = job && (await lease(job, now, leaseMs));
          if (!job) delete due[id];
          else if (leased) {
            due[id] = dueAt(leased);
            claimed.push(leased);
          } else due[id] = dueAt(job);
          indexChanged = true;
        }
        if (indexChanged) await writeDue(due);
        return claimed;
      }),

    checkpoint: (id, state, leaseUntil, fence) =>
      exclusive(async () => {
        const job = await fenced(id, fence);
        // Finished by another runner, or dropped (its workspace uninstalled): no more outside effects.
        if (!job) throw new JobLeaseLostError(id);
        await update({ ...job, state, leaseUntil: leaseUntil ?? job.leaseUntil });
      }),

    retryAt: (id, runAt, lastError, fence) =>
      exclusive(async () => {
        const job = await fenced(id, fence);
        if (!job) return;
        const { leaseUntil: _released, ...rest } = job;
        await update({ ...rest, runAt, lastError });
      }),

    complete: (id, fence) =>
      exclusive(async () => {
        const job = await fenced(id, fence);
        await completed.set<CompletedMarker>(id, { until: clock.now() + dedupeMs }, dedupeMs);
        if (job?.teamId !== undefined) await byTeam.forget(id, job.teamId);
        else await jobs.delete(id);
        await setDue(id, undefined);
      }),

    get: (id) => jobs.get<Job>(id),

    releaseLeases: () =>
      exclusive(async () => {
        const due = await readDue();
        let released = 0;
        for (const id of Object.keys(due)) {
          const job = await jobs.get<Job>(id);
          if (job?.leaseUntil === undefined) continue;
          const { leaseUntil: _dead, ...rest } = job;
          await update(rest);
          released += 1;
        }
        return released;
      }),

    forTeam: async (teamId) => {
      const found = await Promise.all((await byTeam.keys(teamId)).map((id) => jobs.get<Job>(id)));
      return found.filter((job): job is Job => job !== undefined);
    },

    deleteTeam: (teamId) =>
      exclusive(async () => {
        const ids = await byTeam.keys(teamId);
        await byTeam.deleteTeam(teamId);
        const due = await readDue();
        for (const id of ids) delete due[id];
        await writeDue(due);
      }),
  };
}

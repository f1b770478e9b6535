import type { Clock } from '../clock.js';
import { toAppError } from '../errors.js';
import { createInFlight } from '../inFlight.js';
import type { Logger } from '../logger.js';
import { JobLeaseLostError, type Job, type JobHandler, type JobQueue, type JobRunner, type NewJob } from './types.js';

export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_LEASE_MS = 60_000;
export const DEFAULT_POLL_MS = 5_000;
/** Jobs claimed per pass: a pass ends quickly, and other instances get their share. */
const CLAIM_BATCH = 10;
const BACKOFF_BASE_MS = 2_000;
const BACKOFF_MAX_MS = 10 * 60_000;

export interface JobRunnerDeps {
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  /** Real time between polls. */
  pollMs?: number;
  /** [0, 1): the jitter of retries; tests pass a fixed one. */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (1 = after the first failure): doubling from 2 s up to 10 min, with
 * "equal jitter" (half fixed, half random) so instances retrying the same outage do not hit Zoom in step.
 */
export function retryDelayMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Runs jobs of registered kinds: at once where they were submitted, and on every poll whatever is due on
 * the app clock (a retry, or a job whose runner died and whose lease ran out), on whichever instance polls
 * first. The queue's lease keeps instances apart; `running` keeps one process from starting a job twice.
 */
export function createJobRunner(deps: JobRunnerDeps): JobRunner {
  const { queue, clock, logger } = deps;
  const pollMs = deps.pollMs ?? DEFAULT_POLL_MS;
  const random = deps.random ?? Math.random;
  const handlers = new Map<string, JobHandler>();
  /** Jobs running in this process: never claimed again here while they run (their writes are fenced by their claim). */
  const running = new Set<string>();
  const inFlight = createInFlight();
  let timer: NodeJS.Timeout | undefined;
  let polling = false;

  const leaseFor = (kind: string) => handlers.get(kind)?.leaseMs ?? DEFAULT_LEASE_MS;
  /** claimDue leases a batch of mixed kinds at once, so for the longest any handler asks. */
  const longestLease = () => Math.max(DEFAULT_LEASE_MS, ...[...handlers.values()].map((handler) => handler.leaseMs ?? 0));

  const fail = async (job: Job, handler: JobHandler | undefined, error: unknown) => {
    if (error instanceof JobLeaseLostError) {
      // Another instance claimed the job after this run's lease ran out: the outcome is that run's.
      logger.info(`job ${job.kind} ${job.id}: another runner took it over; this run stops`);
      return;
    }
    const appError = toAppError(error);
    const maxAttempts = handler?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const givingUp = job.attempts >= maxAttempts;
    logger.warn(`job ${job.kind} ${job.id} failed (attempt ${job.attempts} of ${maxAttempts}, ${appError.code}): ${appError.message}${givingUp ? '; giving up' : ''}`);
    if (!givingUp) {
      await queue.retryAt(job.id, clock.now() + retryDelayMs(job.attempts, random), appError.code, job.attempts);
      return;
    }
    try {
      await handler?.onGiveUp?.(job, error);
    } catch (giveUpError) {
      logger.error(`job ${job.kind} ${job.id}: giving up failed too (${toAppError(giveUpError).code}): ${toAppError(giveUpError).message}`);
    }
    await queue.complete(job.id, job.attempts);
  };

  const execute = async (job: Job) => {
    running.add(job.id);
    const handler = handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler registered for job kind "${job.kind}"`);
      const leaseMs = leaseFor(job.kind);
      const result = await handler.run(job, {
        // Each checkpoint also renews the lease: a handler that makes progress keeps its job.
        checkpoint: (state) => queue.checkpoint(job.id, state, clock.now() + leaseMs, job.attempts),
      });
      if (result.status === 'done') await queue.complete(job.id, job.attempts);
      else await queue.retryAt(job.id, clock.now() + result.afterMs, result.reason, job.attempts);
    } catch (error) {
      await fail(job, handler, error);
    } finally {
      running.delete(job.id);
    }
  };

  const launch = (job: Job) =>
    inFlight.track(
      execute(job).catch((error: unknown) => {
        // The store failed while recording the outcome: the lease runs out and the job runs again.
        logger.error(`job ${job.kind} ${job.id}: could not record its outcome (${toAppError(error).code}): ${toAppError(error).message}`);
      }),
    );

  const runDue = async () => {
    // A run still going here keeps its claim, however long it takes: claiming it again would fence it out mid-way.
    const jobs = await queue.claimDue(clock.now(), longestLease(), CLAIM_BATCH, new Set(running));
    await Promise.all(jobs.map(launch));
    return jobs.length;
  };

  /** One pass at a time: a slow pass (a long run) is not overlapped by the next tick. */
  const poll = () => {
    if (polling) return;
    polling = true;
    void inFlight.track(
      runDue()
        .catch((error: unknown) => logger.error(`job poll failed (${toAppError(error).code}): ${toAppError(error).message}`))
        .finally(() => {
          polling = false;
        }),
    );
  };

  return {
    register<P = Record<string, unknown>, S = Record<string, unknown>>(kind: string, handler: JobHandler<P, S>) {
      if (handlers.has(kind)) throw new Error(`a handler for job kind "${kind}" is already registered`);
      handlers.set(kind, handler as unknown as JobHandler);
    },

    async submit(job: NewJob) {
      const claimed = await queue.enqueueClaimed(job, leaseFor(job.kind));
      if (claimed) await launch(claimed);
      return { recorded: claimed !== undefined };
    },

    runDue,

    start() {
      if (timer) return;
      timer = setInterval(poll, pollMs);
      timer.unref();
    },

    async stop(timeoutMs: number) {
      clearInterval(timer);
      timer = undefined;
      await inFlight.drain(timeoutMs);
    },
  };
}

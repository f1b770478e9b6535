/**
 * The durable job mechanism: work with outside effects (a Zoom create, a Slack post owed to a user, a
 * Zoom webhook event to process) is recorded in the store before it is done, then run, retried and
 * reconciled by whichever instance is alive. One mechanism serves the create intents and the webhook queue.
 *
 * Contract (implemented by src/storage/jobQueue.ts over the shared store and locks, so it behaves the same
 * on the embedded store and on PostgreSQL, and across instances):
 * - enqueue is idempotent by id: the same id recorded twice is one job (a webhook delivered twice, a
 *   button clicked twice). A completed id is remembered for `dedupeMs`, so a late duplicate is still refused.
 * - a job is claimed by one runner at a time, for a lease; a runner that dies leaves the lease to run out,
 *   then any instance claims the job again (the handler sees its last checkpoint and reconciles).
 * - a handler's checkpoint is saved before the next outside effect, so a re-run knows what was done.
 */

/** What a job carries. Everything here is encrypted at rest like every other record. */
export interface Job<P = Record<string, unknown>, S = Record<string, unknown>> {
  /** Caller-chosen, stable: the idempotency key (e.g. `create:T1:<trigger id>`, `zoom:<event>:<hash>`). */
  id: string;
  /** Names the handler registered with the runner. */
  kind: string;
  /** The workspace it belongs to, when any: an uninstall drops the workspace's jobs. */
  teamId?: string;
  payload: P;
  /** Progress the handler saved (e.g. { phase: 'zoom-called', calledAt }); undefined before the first checkpoint. */
  state?: S;
  /** How many times a runner has started it (incremented on every claim). */
  attempts: number;
  /** ms epoch: when it is due (again). */
  runAt: number;
  createdAt: number;
  /** ms epoch: while in the future, the job belongs to the runner that claimed it. */
  leaseUntil?: number;
  /** The last failure's error code, for logs and metrics. */
  lastError?: string;
}

export interface NewJob<P = Record<string, unknown>> {
  id: string;
  kind: string;
  teamId?: string;
  payload: P;
  /** Default: now. */
  runAt?: number;
}

/** The store side: records, claims, checkpoints and retires jobs. */
export interface JobQueue {
  /** Records the job unless a job with this id exists or completed within dedupeMs; true when recorded now. */
  enqueue(job: NewJob): Promise<boolean>;
  /**
   * Claims up to `limit` jobs due at `now` whose lease is free or ran out, except those in `skip` (the caller
   * runs them still); each is leased until now + leaseMs and its attempts incremented.
   */
  claimDue(now: number, leaseMs: number, limit: number, skip?: ReadonlySet<string>): Promise<Job[]>;
  /**
   * Records the job already claimed by the caller, who runs it at once (so no other instance's poll takes it
   * first): leased until now + leaseMs, attempts 1. Undefined when enqueue would refuse it.
   */
  enqueueClaimed(job: NewJob, leaseMs: number): Promise<Job | undefined>;
  /**
   * Saves the handler's progress; the lease is kept (or extended to leaseUntil). `fence` is the attempts
   * count the caller claimed the job with: when the job was claimed again since (this runner's lease ran
   * out under a slow run), JobLeaseLostError, so the old run stops before its next outside effect.
   */
  checkpoint(id: string, state: Record<string, unknown>, leaseUntil?: number, fence?: number): Promise<void>;
  /** Releases the job to run again at runAt, with the failure's code. JobLeaseLostError as for checkpoint. */
  retryAt(id: string, runAt: number, lastError: string, fence?: number): Promise<void>;
  /** The job is done (or given up): removed, its id remembered for dedupe. JobLeaseLostError as for checkpoint. */
  complete(id: string, fence?: number): Promise<void>;
  get(id: string): Promise<Job | undefined>;
  /**
   * Frees every lease, so the jobs run at once (their claims are fenced, so nothing runs twice at a time).
   * Only for a store one process owns, at its start: any lease found then belongs to a process that died.
   */
  releaseLeases(): Promise<number>;
  /** Drops every job of a workspace (it uninstalled the app). */
  deleteTeam(teamId: string): Promise<void>;
}

/** The job was claimed by another runner since this one claimed it, or is gone: this run must stop, its outcome is not its own. */
export class JobLeaseLostError extends Error {
  constructor(readonly jobId: string) {
    super(`job ${jobId} is no longer this runner's: claimed again, finished or dropped`);
    this.name = 'JobLeaseLostError';
  }
}

/** What a handler tells the runner. Throwing is a failure: retried with backoff until maxAttempts. */
export type JobResult = { status: 'done' } | { status: 'retry'; afterMs: number; reason: string };

export interface JobContext {
  /** Saves progress before the next outside effect. */
  checkpoint(state: Record<string, unknown>): Promise<void>;
}

export interface JobHandler<P = Record<string, unknown>, S = Record<string, unknown>> {
  run(job: Job<P, S>, context: JobContext): Promise<JobResult>;
  /** Default 8. After the last attempt fails, onGiveUp runs (tell the user, once) and the job completes. */
  maxAttempts?: number;
  /** How long one run may hold its lease; default 60 s. */
  leaseMs?: number;
  onGiveUp?(job: Job<P, S>, lastError: unknown): Promise<void>;
}

/** The process side: runs due jobs of registered kinds, here or on any other instance. */
export interface JobRunner {
  register<P = Record<string, unknown>, S = Record<string, unknown>>(kind: string, handler: JobHandler<P, S>): void;
  /** Records the job, then (when newly recorded) runs it at once in this process; resolves when that run ends. */
  submit(job: NewJob): Promise<{ recorded: boolean }>;
  /** One pass over due jobs (the poll loop calls this; tests call it after moving the clock). */
  runDue(): Promise<number>;
  /** Starts polling every pollMs (real time); due-ness is judged on the app clock. */
  start(): void;
  /** Stops polling and waits up to timeoutMs for runs under way. */
  stop(timeoutMs: number): Promise<void>;
}

import type { Clock } from '../../clock.js';
import { AppError, isAppError } from '../../errors.js';
import { JobLeaseLostError, type Job, type JobContext, type JobHandler, type JobResult } from '../../jobs/types.js';
import type { Logger } from '../../logger.js';
import type { KeyValue } from '../../storage/types.js';
import type { ZoomApi } from '../../zoom/api.js';
import type { CreateMeetingInput, ZoomMeeting } from '../../zoom/types.js';
import type { MeetingRequest, ZoomHostResolver } from '../types.js';
import { announceMeeting, type AnnounceMeetingDeps } from './announceMeeting.js';
import { sameMeetingKey, type CreateIntent, type CreateNotifier, type CreateProgress } from './createIntent.js';
import { findCreatedMeeting } from './findCreatedMeeting.js';

/** How often a create whose answer was lost is looked for in Zoom. */
export const RECONCILE_EVERY_MS = 30_000;
/** "Nothing was made" needs this many searches that found nothing… */
export const SEARCHES_BEFORE_NOT_MADE = 3;
/** …and this long since Zoom was asked: a create Zoom finishes late shows up within it. */
export const NOT_MADE_AFTER_MS = 2 * 60_000;
/** While Zoom cannot even be searched, the user waits at most this long for an honest "don't know". */
export const GIVE_UP_AFTER_MS = 30 * 60_000;

export interface CreateMeetingJobDeps extends AnnounceMeetingDeps {
  hosts: ZoomHostResolver;
  zoomApi: ZoomApi;
  notify: CreateNotifier;
  /** Marks the meetings being looked for (sameMeetingKey), so a repeat is refused meanwhile. */
  beingChecked: KeyValue;
  clock: Clock;
  logger: Logger;
}

/** Where a run can start from: anything but done. */
type Unfinished = Exclude<CreateProgress, { phase: 'announced' }> | undefined;
type Reconciling = Extract<CreateProgress, { phase: 'reconciling' }>;
/** Whether this create is marked as being looked for (so its mark goes when it is settled). */
interface Looking {
  marked: boolean;
}

function zoomCreateInput(request: MeetingRequest): CreateMeetingInput {
  return {
    topic: request.topic,
    type: request.startTime === undefined ? 1 : request.weeklyOccurrences ? 8 : 2,
    startTime: request.startTime,
    durationMinutes: request.durationMinutes,
    timezone: request.timeZone,
    agenda: request.agenda,
    settings: { waitingRoom: request.waitingRoom, autoPasscode: request.passcode },
    recurrence: request.weeklyOccurrences ? { occurrences: request.weeklyOccurrences } : undefined,
  };
}

/** Failures that say nothing about the create: the runner retries the job (the store is down, or another instance took it). */
const isRunnerProblem = (error: unknown) => error instanceof JobLeaseLostError || isAppError(error, 'STORE_UNAVAILABLE');

/**
 * Runs a create intent from wherever it stopped: calls Zoom once, ever; after a lost answer, looks for the
 * meeting every 30 s until it is found (then announced as usual) or it is certain nothing was made (then
 * the user is told so, once). Every outcome reaches the user through the notifier.
 */
export function createMeetingJob(deps: CreateMeetingJobDeps): JobHandler<CreateIntent, CreateProgress> {
  const { clock, notify } = deps;

  /** The meeting Zoom made, or undefined while it is still being looked for (the job runs again). */
  async function obtain(job: Job<CreateIntent, CreateProgress>, progress: Unfinished, context: JobContext, looking: Looking): Promise<ZoomMeeting | undefined> {
    if (progress === undefined) {
      const host = await deps.hosts.forSlackUser(job.payload.requester);
      const calledAt = clock.now();
      await context.checkpoint({ phase: 'calling-zoom', calledAt });
      try {
        return await deps.zoomApi.createMeeting(host.auth, host.zoomUserId, zoomCreateInput(job.payload.request));
      } catch (error) {
        if (!isAppError(error, 'ZOOM_OUTCOME_UNKNOWN')) throw error;
        deps.logger.warn(`create ${job.id}: Zoom's answer was lost (${error.message}); looking for the meeting`);
        return reconcile(job, { phase: 'reconciling', calledAt, searches: 0, toldChecking: false }, context, looking);
      }
    }
    if (progress.phase === 'calling-zoom') {
      // A run stopped while Zoom was being asked (a crash, a restart): its answer is lost.
      return reconcile(job, { phase: 'reconciling', calledAt: progress.calledAt, searches: 0, toldChecking: false }, context, looking);
    }
    if (progress.phase === 'reconciling') return reconcile(job, progress, context, looking);
    return progress.meeting;
  }

  async function reconcile(job: Job<CreateIntent, CreateProgress>, state: Reconciling, context: JobContext, looking: Looking): Promise<ZoomMeeting | undefined> {
    const { request, requester } = job.payload;
    const topic = request.topic;
    if (request.startTime === undefined) {
      // Zoom does not list instant meetings, so there is nothing to look in: say so honestly.
      throw new AppError('ZOOM_OUTCOME_UNKNOWN', 'the answer to an instant meeting create was lost', { topic });
    }
    const input = { ...zoomCreateInput(request), startTime: request.startTime };
    let searched = false;
    try {
      const host = await deps.hosts.forSlackUser(requester);
      const isAnnounced = async (meetingId: string) => (await deps.meetingPosts.get(meetingId)) !== undefined;
      const found = await findCreatedMeeting(deps.zoomApi, host, input, { at: state.calledAt, isAnnounced });
      if (found) return found;
      searched = true;
    } catch (error) {
      if (isRunnerProblem(error)) throw error;
      // Zoom (or the link to it) failed us: we still know nothing. Count nothing, look again later.
      deps.logger.warn(`create ${job.id}: looking for the meeting in Zoom failed`, error);
    }
    const searches = state.searches + (searched ? 1 : 0);
    const waited = clock.now() - state.calledAt;
    if (searches >= SEARCHES_BEFORE_NOT_MADE && waited >= NOT_MADE_AFTER_MS) {
      throw new AppError('ZOOM_UNAVAILABLE', 'Zoom did not create the meeting (looked for it after its answer was lost)', { reconciled: true, topic });
    }
    if (waited >= GIVE_UP_AFTER_MS) {
      throw new AppError('ZOOM_OUTCOME_UNKNOWN', 'could not find out from Zoom whether the meeting was created', { topic });
    }
    if (!state.toldChecking) {
      await deps.beingChecked.set(sameMeetingKey(job.payload), job.id, GIVE_UP_AFTER_MS + 2 * RECONCILE_EVERY_MS);
      looking.marked = true;
      // Told before the checkpoint: at worst twice after a crash, never "nothing was created" meanwhile.
      await notify.checking(job.payload).catch((error: unknown) => deps.logger.warn(`create ${job.id}: could not say we are checking`, error));
    }
    await context.checkpoint({ phase: 'reconciling', calledAt: state.calledAt, searches, toldChecking: true });
    return undefined;
  }

  async function run(job: Job<CreateIntent, CreateProgress>, context: JobContext): Promise<JobResult> {
    const intent = job.payload;
    const progress = job.state;
    if (progress?.phase === 'announced') return { status: 'done' };
    const looking = { marked: progress?.phase === 'reconciling' };
    const result = await settle(job, progress, context, looking);
    if (result.status === 'done' && looking.marked) {
      // Found, or known not made: asking for it again is fine now.
      await deps.beingChecked.delete(sameMeetingKey(intent)).catch((error: unknown) => deps.logger.warn(`create ${job.id}: could not clear its mark`, error));
    }
    return result;
  }

  async function settle(job: Job<CreateIntent, CreateProgress>, progress: Unfinished, context: JobContext, looking: Looking): Promise<JobResult> {
    const intent = job.payload;
    // Progress recorded once the effect it names is out: failing to record it must not repeat that effect.
    const noteDone = (state: CreateProgress) =>
      context.checkpoint(state).catch((error: unknown) => {
        if (error instanceof JobLeaseLostError) throw error;
        deps.logger.warn(`create ${job.id}: could not record its progress (${state.phase})`, error);
      });
    try {
      const meeting = await obtain(job, progress, context, looking);
      if (!meeting) return { status: 'retry', afterMs: RECONCILE_EVERY_MS, reason: 'ZOOM_OUTCOME_UNKNOWN' };
      if (progress?.phase !== 'created' && progress?.phase !== 'card-posted') await context.checkpoint({ phase: 'created', meeting });
      await announceMeeting(deps, {
        ...intent,
        meeting,
        posted: progress?.phase === 'card-posted' ? progress.post : undefined,
        onCardPosted: (post) => noteDone({ phase: 'card-posted', meeting, post }),
      });
      await noteDone({ phase: 'announced' });
      await notify.created(intent, meeting);
      return { status: 'done' };
    } catch (error) {
      if (isRunnerProblem(error)) throw error;
      await notify.failed(intent, error);
      return { status: 'done' };
    }
  }

  return {
    run,
    // Each attempt is a claim: the run itself answers every Zoom outcome, so attempts are spent only on
    // store outages and crashed runs.
    maxAttempts: 20,
    async onGiveUp(job, lastError) {
      const zoomAsked = job.state !== undefined;
      await notify.failed(job.payload, zoomAsked ? new AppError('ZOOM_OUTCOME_UNKNOWN', 'gave up on a create', { topic: job.payload.request.topic }, { cause: lastError }) : lastError);
    },
  };
}

import { createHash } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { AppError } from '../../errors.js';
import type { JobRunner } from '../../jobs/types.js';
import type { KeyValue, MeetingPost } from '../../storage/types.js';
import type { ZoomMeeting } from '../../zoom/types.js';
import type { Destination, MeetingRequest, Requester } from '../types.js';
import { validateMeetingRequest } from '../validateMeetingRequest.js';

export const CREATE_MEETING_JOB = 'create-meeting';

/** A meeting someone asked for: recorded in the store before Zoom is called, so no instance loses it. */
export interface CreateIntent {
  requester: Requester;
  destination: Destination;
  request: MeetingRequest;
  /** Private answers about this create go here while it lives (a response_url), else by DM. */
  replyUrl?: string;
  /** A dead Zoom link keeps the request, to schedule it after reconnecting (not for a request already resumed). */
  resumable: boolean;
  /** 'after-reconnect': the user is told it was scheduled as they asked before reconnecting. */
  origin: 'request' | 'after-reconnect';
}

/**
 * How far a create got, saved before each outside effect. 'calling-zoom' without a later phase means the
 * answer was lost (timeout, 5xx, crash): the meeting is looked for, never created again.
 */
export type CreateProgress =
  | { phase: 'calling-zoom'; calledAt: number }
  | { phase: 'reconciling'; calledAt: number; searches: number; toldChecking: boolean }
  | { phase: 'created'; meeting: ZoomMeeting }
  | { phase: 'card-posted'; meeting: ZoomMeeting; post: MeetingPost }
  /** Card, record and start link are out: a re-run has nothing left to do. */
  | { phase: 'announced' };

/** What the user hears about a create, whichever instance runs it and however late. Implemented by Slack. */
export interface CreateNotifier {
  /** The meeting is announced: refresh what the user sees. */
  created(intent: CreateIntent, meeting: ZoomMeeting): Promise<void>;
  /** Zoom's answer was lost: say we are checking with Zoom (once). */
  checking(intent: CreateIntent): Promise<void>;
  /** It failed, or was not fully announced: say why, once. */
  failed(intent: CreateIntent, error: unknown): Promise<void>;
}

/** `key` makes the request idempotent: the same trigger, form or click twice is one meeting. */
export type CreateMeeting = (intent: CreateIntent & { key: string }) => Promise<void>;

/** The same meeting, as far as a repeat goes: same person, topic and start. Hashed: keys are not encrypted. */
export function sameMeetingKey({ requester, request }: Pick<CreateIntent, 'requester' | 'request'>): string {
  const what = createHash('sha256').update(`${request.topic}\u0000${request.startTime ?? 'now'}`).digest('base64url');
  return `${requester.teamId}:${requester.userId}:${what}`;
}

/**
 * Schedules a meeting as a durable job: checked, recorded, then run here at once; what happens after a
 * lost answer or a crash is the job's (createMeetingJob.ts). Throws only before anything is recorded
 * (bad input, the store down, the same meeting still being looked for in Zoom: asking again would make
 * the duplicate we avoid); after that, the job tells the user.
 */
export function createMeetingUseCase(deps: { jobs: Pick<JobRunner, 'submit'>; beingChecked: KeyValue; clock: Clock }): CreateMeeting {
  return async ({ key, ...intent }) => {
    validateMeetingRequest(intent.request, deps.clock.now());
    if ((await deps.beingChecked.get(sameMeetingKey(intent))) !== undefined) {
      throw new AppError('MEETING_CREATE_PENDING', 'the same meeting is still being looked for in Zoom', { topic: intent.request.topic });
    }
    const { teamId } = intent.requester;
    await deps.jobs.submit({ id: `create:${teamId}:${key}`, kind: CREATE_MEETING_JOB, teamId, payload: intent as unknown as Record<string, unknown> });
  };
}

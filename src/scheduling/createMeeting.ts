import type { Clock } from '../clock.js';
import type { ZoomApi } from '../zoom/api.js';
import { AppError, type AnnounceProblem, isAppError, toAppError } from '../errors.js';
import type { CreateMeetingInput, ZoomMeeting } from '../zoom/types.js';
import { findLostCreate } from './reconcileCreate.js';
import type { Reminders } from './reminders.js';
import type { MeetingPost, MeetingPostStore } from '../storage/types.js';
import type { Destination, MeetingPublisher, MeetingRequest, Requester, ZoomHostResolver } from './types.js';
import { validateMeetingRequest } from './validateMeetingRequest.js';

export interface CreateMeetingDeps {
  hosts: ZoomHostResolver;
  zoomApi: ZoomApi;
  publisher: MeetingPublisher;
  meetingPosts: MeetingPostStore;
  /** The reminder is scheduled once the card is recorded; a failure there is retried by the sweep, never the user's. */
  reminders: Pick<Reminders, 'sync'>;
  clock: Clock;
}

export type CreateMeeting = (requester: Requester, destination: Destination, request: MeetingRequest) => Promise<ZoomMeeting>;

/**
 * Creates the meeting on the requester's Zoom account, then announces it: card first, then the record
 * of the post and the host's start link. Once Zoom has created the meeting, any later failure is a
 * MEETING_NOT_FULLY_ANNOUNCED: the user must hear that the meeting exists (or they retry and make a
 * duplicate), and the host must still get the start link.
 */
export function createMeetingUseCase(deps: CreateMeetingDeps): CreateMeeting {
  return async (requester, destination, request) => {
    validateMeetingRequest(request, deps.clock.now());
    const host = await deps.hosts.forSlackUser(requester);
    const input: CreateMeetingInput = {
      topic: request.topic,
      type: request.startTime === undefined ? 1 : request.weeklyOccurrences ? 8 : 2,
      startTime: request.startTime,
      durationMinutes: request.durationMinutes,
      timezone: request.timeZone,
      agenda: request.agenda,
      settings: { waitingRoom: request.waitingRoom, autoPasscode: request.passcode },
      recurrence: request.weeklyOccurrences ? { occurrences: request.weeklyOccurrences } : undefined,
    };
    const meeting = await deps.zoomApi.createMeeting(host.auth, host.zoomUserId, input).catch((error: unknown) => {
      if (isAppError(error, 'ZOOM_OUTCOME_UNKNOWN')) return findLostCreate(deps.zoomApi, host, input, error);
      throw error;
    });

    let post: MeetingPost;
    try {
      post = await deps.publisher.postCard(requester, destination, meeting, request);
    } catch (error) {
      // No card, so no start link sent either: the private failure reply carries it.
      throw notFullyAnnounced(meeting, destination, 'card', false, error);
    }
    // Each step runs whatever happened to the other. The record goes first, so once the start link
    // arrives the card can be edited or cancelled.
    const recorded = await settle(deps.meetingPosts.save(post));
    const linked = await settle(deps.publisher.sendStartLink(requester, post, destination, meeting));
    if (recorded.ok) await settle(deps.reminders.sync(post.meetingId));
    // The first problem is reported; the words add the start link whenever it did not arrive.
    if (!recorded.ok) throw notFullyAnnounced(meeting, destination, 'record', linked.ok, recorded.error);
    if (!linked.ok) throw notFullyAnnounced(meeting, destination, 'start-link', false, linked.error);
    return meeting;
  };
}

type Settled = { ok: true } | { ok: false; error: unknown };

async function settle(work: Promise<unknown>): Promise<Settled> {
  try {
    await work;
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

function notFullyAnnounced(meeting: ZoomMeeting, destination: Destination, problem: AnnounceProblem, startLinkSent: boolean, cause: unknown): AppError {
  const failure = toAppError(cause);
  return new AppError(
    'MEETING_NOT_FULLY_ANNOUNCED',
    `Zoom meeting ${meeting.id} was created, but the ${problem} step failed: ${failure.code} ${failure.message}`,
    {
      problem,
      topic: meeting.topic,
      channelId: destination.channelId,
      joinUrl: meeting.joinUrl,
      startUrl: meeting.startUrl,
      startLinkSent,
      ...(typeof failure.details.slackError === 'string' ? { slackError: failure.details.slackError } : {}),
    },
    { cause },
  );
}

import type { Clock } from '../clock.js';
import type { ZoomApi } from '../zoom/api.js';
import { isAppError } from '../errors.js';
import type { CreateMeetingInput, ZoomMeeting } from '../zoom/types.js';
import { findLostCreate } from './reconcileCreate.js';
import type { MeetingPostStore } from '../storage/types.js';
import type { Destination, MeetingPublisher, MeetingRequest, Requester, ZoomHostResolver } from './types.js';
import { validateMeetingRequest } from './validateMeetingRequest.js';

export interface CreateMeetingDeps {
  hosts: ZoomHostResolver;
  zoomApi: ZoomApi;
  publisher: MeetingPublisher;
  meetingPosts: MeetingPostStore;
  clock: Clock;
}

export type CreateMeeting = (requester: Requester, destination: Destination, request: MeetingRequest) => Promise<ZoomMeeting>;

/** Creates the meeting on the requester's Zoom account, then announces it: card first, then the host's start link. */
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
    const post = await deps.publisher.postCard(requester, destination, meeting, request);
    // Recorded before anything else can fail, so the card can always be edited or cancelled later.
    await deps.meetingPosts.save(post);
    await deps.publisher.sendStartLink(requester, post, destination, meeting);
    return meeting;
  };
}

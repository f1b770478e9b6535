import { AppError } from '../errors.js';
import type { LockManager, MeetingPost, MeetingPostStore } from '../storage/types.js';
import { meetingLock, type Reminders } from './reminders.js';
import { shownMeeting } from './shownMeeting.js';
import type { ZoomApi } from '../zoom/api.js';
import type { ZoomMeeting } from '../zoom/types.js';
import type { Requester, ZoomHostResolver } from './types.js';
import { validateMeetingRequest } from './validateMeetingRequest.js';
import type { Clock } from '../clock.js';

/** Updates or retires a posted meeting card. Implemented on the Slack side. */
export interface MeetingCardUpdater {
  showUpdated(post: MeetingPost, meeting: ZoomMeeting): Promise<void>;
  showCancelled(post: MeetingPost, meeting: { topic: string; startTime?: number }, cancelledBy: string): Promise<void>;
}

export interface ManageMeetingsDeps {
  hosts: ZoomHostResolver;
  zoomApi: ZoomApi;
  meetingPosts: MeetingPostStore;
  cards: MeetingCardUpdater;
  reminders: Pick<Reminders, 'sync' | 'forget'>;
  locks: LockManager;
  clock: Clock;
}

export interface MeetingChanges {
  topic: string;
  startTime: number;
  durationMinutes: number;
  timeZone: string;
  agenda?: string;
}

/** Only the Slack user who scheduled a meeting may change it from Slack. */
async function hostedPost(deps: ManageMeetingsDeps, requester: Requester, meetingId: string): Promise<MeetingPost> {
  const post = await deps.meetingPosts.get(meetingId);
  if (!post) throw new AppError('ZOOM_MEETING_NOT_FOUND', `no record of meeting ${meetingId}`);
  if (post.hostUserId !== requester.userId || post.teamId !== requester.teamId) throw new AppError('NOT_MEETING_HOST', 'not the host');
  return post;
}

/** Keeps the record's copy of what the card shows in step with Zoom (the reminder and Zoom events read it). */
export function recordShown(deps: { meetingPosts: MeetingPostStore; locks: LockManager }, meetingId: string, meeting: ZoomMeeting): Promise<MeetingPost | undefined> {
  return deps.locks.withLock(meetingLock(meetingId), async () => {
    const post = await deps.meetingPosts.get(meetingId);
    if (!post) return undefined;
    const instant = post.shown !== undefined && post.shown.startTime === undefined;
    const updated: MeetingPost = { ...post, shown: shownMeeting(meeting, instant) };
    await deps.meetingPosts.save(updated);
    return updated;
  });
}

export function manageMeetingsUseCases(deps: ManageMeetingsDeps) {
  return {
    /** Throws NOT_MEETING_HOST (or ZOOM_MEETING_NOT_FOUND) unless the requester may change this meeting. Reads only our own store. */
    async assertHost(requester: Requester, meetingId: string): Promise<void> {
      await hostedPost(deps, requester, meetingId);
    },

    /** The meeting as Zoom has it now, for prefilling the edit form. Host only. */
    async load(requester: Requester, meetingId: string): Promise<ZoomMeeting> {
      await hostedPost(deps, requester, meetingId);
      const host = await deps.hosts.forSlackUser(requester);
      return deps.zoomApi.getMeeting(host.auth, meetingId);
    },

    async update(requester: Requester, meetingId: string, changes: MeetingChanges): Promise<ZoomMeeting> {
      validateMeetingRequest(changes, deps.clock.now());
      const post = await hostedPost(deps, requester, meetingId);
      const host = await deps.hosts.forSlackUser(requester);
      await deps.zoomApi.updateMeeting(host.auth, meetingId, {
        topic: changes.topic,
        startTime: changes.startTime,
        durationMinutes: changes.durationMinutes,
        timezone: changes.timeZone,
        agenda: changes.agenda,
      });
      // Zoom has the change now: whatever fails below must not read as "not changed".
      try {
        const meeting = await deps.zoomApi.getMeeting(host.auth, meetingId);
        const updated = await recordShown(deps, meetingId, meeting);
        await deps.cards.showUpdated(updated ?? post, meeting);
        await deps.reminders.sync(meetingId);
        return meeting;
      } catch (cause) {
        throw new AppError('MEETING_CARD_NOT_REFRESHED', 'the edit was applied but the card was not refreshed', { topic: changes.topic }, { cause });
      }
    },

    async cancel(requester: Requester, meetingId: string): Promise<void> {
      const post = await hostedPost(deps, requester, meetingId);
      const host = await deps.hosts.forSlackUser(requester);
      const meeting = await deps.zoomApi.getMeeting(host.auth, meetingId).catch((error: unknown) => {
        // Already deleted in Zoom: still retire the card below.
        if (error instanceof AppError && error.code === 'ZOOM_MEETING_NOT_FOUND') return undefined;
        throw error;
      });
      if (meeting) await deps.zoomApi.deleteMeeting(host.auth, meetingId);
      await deps.cards.showCancelled(post, meeting ?? { topic: 'This meeting' }, requester.userId);
      await deps.reminders.forget(meetingId);
    },

    /** One page of the requester's upcoming meetings. */
    async listUpcoming(requester: Requester, pageToken?: string) {
      const host = await deps.hosts.forSlackUser(requester);
      return deps.zoomApi.listUpcomingMeetings(host.auth, host.zoomUserId, { pageToken, pageSize: 10 });
    },
  };
}

export type ManageMeetings = ReturnType<typeof manageMeetingsUseCases>;

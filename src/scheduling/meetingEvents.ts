import type { Clock } from '../clock.js';
import { isAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { DeliveryTarget, InstanceState, LockManager, MeetingPost, MeetingPostStore, UserSettingsStore } from '../storage/types.js';
import type { ZoomApi } from '../zoom/api.js';
import type { ZoomMeetingEvent } from '../zoom/events.js';
import type { ZoomAiSummary } from '../zoom/types.js';
import { recordShown } from './manageMeetings.js';
import { meetingLock, type Reminders } from './reminders.js';
import type { ZoomHostResolver } from './types.js';
import { settingsOf } from './userSettings.js';

/** What the meeting's life looks like in Slack. Implemented on the Slack side. */
export interface LifecyclePublisher {
  /** Redraws the card from the record (idempotent: the same record draws the same card). */
  showCard(post: MeetingPost): Promise<void>;
  showCancelledInZoom(post: MeetingPost): Promise<void>;
  postRecording(post: MeetingPost, to: Exclude<DeliveryTarget, 'off'>, recording: { shareUrl: string; passcode?: string }): Promise<void>;
  postSummary(post: MeetingPost, to: Exclude<DeliveryTarget, 'off'>, summary: ZoomAiSummary): Promise<void>;
}

export interface MeetingEventDeps {
  meetingPosts: MeetingPostStore;
  userSettings: UserSettingsStore;
  locks: LockManager;
  reminders: Pick<Reminders, 'sync' | 'forget'>;
  publisher: LifecyclePublisher;
  hosts: ZoomHostResolver;
  zoomApi: Pick<ZoomApi, 'getMeeting' | 'getPastMeeting' | 'getMeetingSummary'>;
  clock: Clock;
  logger: Logger;
}

export type MeetingEventOutcome = 'applied' | 'ignored';

/** The people in, by name (a guest who re-joined under a new id is one person), in order of arrival. */
export function peopleIn(instance: InstanceState): string[] {
  const inside = Object.values(instance.participants)
    .filter((p) => p.joinedAt !== undefined && (p.leftAt === undefined || p.joinedAt > p.leftAt))
    .sort((a, b) => (a.joinedAt ?? 0) - (b.joinedAt ?? 0));
  return [...new Set(inside.map((p) => p.name))];
}

/**
 * Applies one Zoom event to the meeting's record and to Slack, idempotently: every step reads the record
 * under the meeting's lock, and a post (recording, summary) is recorded as done in the same locked step,
 * so duplicates, retries and two instances racing end in the same place with each post made once.
 * Events of meetings we did not post are ignored.
 */
export function createMeetingEventHandler(deps: MeetingEventDeps) {
  const { meetingPosts } = deps;
  const hostOf = (post: MeetingPost) => deps.hosts.forSlackUser({ teamId: post.teamId, userId: post.hostUserId });

  /** Runs `change` on the record under its lock; when it returns a new record, saves it and redraws the card. */
  async function withRecord(meetingId: string, change: (post: MeetingPost) => Promise<MeetingPost | undefined> | MeetingPost | undefined): Promise<MeetingEventOutcome> {
    return deps.locks.withLock(meetingLock(meetingId), async () => {
      const post = await meetingPosts.get(meetingId);
      if (!post || post.lifecycle?.cancelled) return 'ignored';
      const changed = await change(post);
      if (!changed) return 'ignored';
      await meetingPosts.save(changed);
      // Drawn under the lock, from the record just saved: two instances never leave an older card on top.
      await deps.publisher.showCard(changed);
      return 'applied';
    });
  }

  /** An instance event that belongs to the card only if it is the instance shown, or a newer one. */
  function instanceFor(post: MeetingPost, uuid: string, startedAt: number | undefined, eventTs: number): InstanceState | 'stale' | undefined {
    const current = post.lifecycle?.instance;
    if (!current || current.uuid === uuid) return current;
    // Another instance: a restart or the next occurrence replaces it, a late event of an earlier one does not.
    const newer = startedAt !== undefined && current.startedAt !== undefined ? startedAt > current.startedAt : eventTs > current.lastEventTs;
    return newer ? undefined : 'stale';
  }

  const withInstance = (post: MeetingPost, instance: InstanceState): MeetingPost => ({ ...post, lifecycle: { ...post.lifecycle, instance } });

  async function updated(meetingId: string): Promise<MeetingEventOutcome> {
    const post = await meetingPosts.get(meetingId);
    if (!post || post.lifecycle?.cancelled) return 'ignored';
    // Zoom's own answer is the truth: the event may carry only what changed, and arrive out of order.
    const meeting = await deps.zoomApi.getMeeting((await hostOf(post)).auth, meetingId).catch((error: unknown) => {
      if (isAppError(error, 'ZOOM_MEETING_NOT_FOUND')) return undefined;
      throw error;
    });
    if (!meeting) return deleted(meetingId);
    const saved = await recordShown(deps, meetingId, meeting);
    if (!saved) return 'ignored';
    await deps.locks.withLock(meetingLock(meetingId), async () => {
      const latest = await meetingPosts.get(meetingId);
      if (latest) await deps.publisher.showCard(latest);
    });
    await deps.reminders.sync(meetingId);
    return 'applied';
  }

  async function deleted(meetingId: string): Promise<MeetingEventOutcome> {
    const post = await meetingPosts.get(meetingId);
    if (!post) return 'ignored';
    await deps.publisher.showCancelledInZoom(post);
    await deps.reminders.forget(meetingId);
    return 'applied';
  }

  async function endedTimes(post: MeetingPost, uuid: string, startedAt?: number, endedAt?: number): Promise<{ startedAt?: number; endedAt?: number }> {
    if (startedAt !== undefined && endedAt !== undefined) return { startedAt, endedAt };
    const past = await deps.zoomApi.getPastMeeting((await hostOf(post)).auth, uuid).catch((error: unknown) => {
      deps.logger.warn(`no times for ended instance of meeting ${post.meetingId}`, error);
      return undefined;
    });
    return { startedAt: startedAt ?? past?.startTime, endedAt: endedAt ?? past?.endTime };
  }

  async function deliver(
    meetingId: string,
    uuid: string,
    kind: 'recordingsPosted' | 'summariesPosted',
    target: (post: MeetingPost) => Promise<DeliveryTarget>,
    post_: (post: MeetingPost, to: Exclude<DeliveryTarget, 'off'>) => Promise<void>,
  ): Promise<MeetingEventOutcome> {
    return deps.locks.withLock(meetingLock(meetingId), async () => {
      const post = await meetingPosts.get(meetingId);
      if (!post || post.lifecycle?.[kind]?.includes(uuid)) return 'ignored';
      const to = await target(post);
      if (to !== 'off') await post_(post, to);
      // Recorded before anything else happens: a retry of this job (or a duplicate) finds it done.
      await meetingPosts.save({ ...post, lifecycle: { ...post.lifecycle, [kind]: [...(post.lifecycle?.[kind] ?? []), uuid] } });
      return to === 'off' ? 'ignored' : 'applied';
    });
  }

  return async function handle(event: ZoomMeetingEvent): Promise<MeetingEventOutcome> {
    switch (event.kind) {
      case 'updated':
        return updated(event.meetingId);
      case 'deleted':
        // Some occurrences of a series deleted: the series lives on, changed.
        return event.partial ? updated(event.meetingId) : deleted(event.meetingId);
      case 'started':
        return withRecord(event.meetingId, (post) => {
          const current = instanceFor(post, event.uuid, event.startedAt, event.eventTs);
          if (current === 'stale' || current) return undefined; // a late start of an old instance, or a duplicate (live or already ended)
          return withInstance(post, { uuid: event.uuid, status: 'live', startedAt: event.startedAt ?? event.eventTs, lastEventTs: event.eventTs, participants: {} });
        });
      case 'ended':
        return withRecord(event.meetingId, async (post) => {
          const current = instanceFor(post, event.uuid, event.startedAt, event.eventTs);
          if (current === 'stale' || current?.status === 'ended') return undefined;
          const times = await endedTimes(post, event.uuid, event.startedAt ?? current?.startedAt, event.endedAt);
          return withInstance(post, { uuid: event.uuid, participants: {}, ...current, status: 'ended', ...times, lastEventTs: Math.max(event.eventTs, current?.lastEventTs ?? 0) });
        });
      case 'joined':
      case 'left':
        return withRecord(event.meetingId, (post) => {
          const current = instanceFor(post, event.uuid, undefined, event.eventTs);
          if (current === 'stale') return undefined;
          // No meeting.started seen (Zoom does not always send it): a join says the instance is live.
          const instance: InstanceState = current ?? { uuid: event.uuid, status: 'live', startedAt: event.participant.at, lastEventTs: event.eventTs, participants: {} };
          const { key, name, at } = event.participant;
          const before = instance.participants[key] ?? { name };
          const field = event.kind === 'joined' ? 'joinedAt' : 'leftAt';
          // Latest time wins per field, so order of arrival does not matter and a duplicate changes nothing.
          if ((before[field] ?? -Infinity) >= at && current) return undefined;
          const participant = { ...before, name, [field]: Math.max(at, before[field] ?? -Infinity) };
          return withInstance(post, { ...instance, lastEventTs: Math.max(instance.lastEventTs, event.eventTs), participants: { ...instance.participants, [key]: participant } });
        });
      case 'recording':
        return deliver(
          event.meetingId,
          event.uuid,
          'recordingsPosted',
          async (post) => (event.shareUrl ? (await settingsOf(deps.userSettings, { teamId: post.teamId, userId: post.hostUserId })).recordingTo : 'off'),
          async (post, to) => {
            const settings = await settingsOf(deps.userSettings, { teamId: post.teamId, userId: post.hostUserId });
            await deps.publisher.postRecording(post, to, { shareUrl: event.shareUrl!, passcode: settings.recordingPasscode ? event.passcode : undefined });
          },
        );
      case 'summary':
        return deliver(
          event.meetingId,
          event.uuid,
          'summariesPosted',
          async (post) => (await settingsOf(deps.userSettings, { teamId: post.teamId, userId: post.hostUserId })).summaryTo,
          async (post, to) => {
            const summary = await deps.zoomApi.getMeetingSummary((await hostOf(post)).auth, event.uuid);
            await deps.publisher.postSummary(post, to, summary);
          },
        );
    }
  };
}

export type MeetingEventHandler = ReturnType<typeof createMeetingEventHandler>;

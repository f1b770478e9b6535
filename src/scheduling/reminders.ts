import type { Clock } from '../clock.js';
import { isAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { LockManager, MeetingPost, MeetingPostStore, ScheduledReminder } from '../storage/types.js';

/** Slack's queue of scheduled messages, as the reminder use case needs it. Implemented on the Slack side. */
export interface ReminderQueue {
  /** Puts the reminder in Slack's queue. SLACK_API_FAILED (details.slackError) when Slack refused it. */
  schedule(post: MeetingPost, postAt: number): Promise<ScheduledReminder>;
  /** Takes it out; false when Slack no longer holds it (posted, posting within the minute, or gone). */
  unschedule(post: MeetingPost, reminder: ScheduledReminder): Promise<boolean>;
  /** The meeting's reminder waiting for postAt, if a request whose answer was lost made one. */
  find(post: MeetingPost, postAt: number): Promise<ScheduledReminder | undefined>;
}

/** Slack schedules at most 120 days ahead; a day's margin keeps clock skew from tipping us over. */
export const REMINDER_HORIZON_MS = 119 * 24 * 60 * 60 * 1000;
/** Slack refuses to delete a scheduled message within 60 s of its post_at; closer than this, we leave it be. */
export const REMINDER_DELETE_CUTOFF_MS = 60_000;
/** A reminder that would post sooner than this is pointless (and could not be taken back): none is scheduled. */
export const REMINDER_MIN_LEAD_MS = 2 * 60_000;
/** How often the periodic sweep runs. */
export const REMINDER_SWEEP_INTERVAL_MS = 60 * 60_000;

/** Errors after which trying again cannot help: the bot cannot post in that channel. */
const HOPELESS = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'no_permission', 'restricted_action', 'team_access_not_granted']);

type Wanted = { postAt: number } | { later: true } | undefined;

/** When the reminder should post: the next start (of a series, the next occurrence) minus the lead time. */
export function wantedReminder(post: MeetingPost, now: number): Wanted {
  const minutes = post.reminderMinutes ?? 0;
  const shown = post.shown;
  if (!shown || minutes <= 0 || post.lifecycle?.cancelled) return undefined;
  const starts = shown.occurrences?.length ? shown.occurrences : shown.startTime === undefined ? [] : [shown.startTime];
  const postAt = starts.map((start) => start - minutes * 60_000).find((at) => at - now >= REMINDER_MIN_LEAD_MS);
  if (postAt === undefined) return undefined;
  return postAt - now > REMINDER_HORIZON_MS ? { later: true } : { postAt };
}

/** The meeting lock every change to a meeting's record takes (reminder, Zoom events, edits). */
export const meetingLock = (meetingId: string) => `meeting:${meetingId}`;

export interface Reminders {
  /** Brings the meeting's reminder in line with its record: schedules, moves or removes it. Idempotent. */
  sync(meetingId: string): Promise<void>;
  /** The meeting is gone (cancelled, deleted in Zoom): its reminder goes, then its record, under one lock so no sync revives either. */
  forget(meetingId: string): Promise<void>;
  /** Syncs every meeting waiting for the horizon (or a retry); returns how many it looked at. */
  sweep(): Promise<number>;
}

/**
 * A meeting's reminder is one Slack scheduled message, recorded on the meeting's record before and after it
 * is asked for: a run cut off between the two finds the message in Slack's queue instead of making a second.
 */
export function createReminders(deps: { meetingPosts: MeetingPostStore; locks: LockManager; queue: ReminderQueue; clock: Clock; logger: Logger }): Reminders {
  const { meetingPosts, queue } = deps;

  async function settle(post: MeetingPost, wanted: Wanted): Promise<MeetingPost> {
    let current = post.reminder;
    if (current && current.id === undefined) {
      // An earlier run asked Slack and did not live to record the answer.
      current = await queue.find(post, current.postAt);
      post = { ...post, reminder: current };
      await meetingPosts.save(post);
    }
    const postAt = wanted && 'postAt' in wanted ? wanted.postAt : undefined;
    if (current && current.postAt === postAt) return post;
    if (current) {
      // Inside the last minute Slack keeps it (and it is about to post anyway).
      if (current.postAt - deps.clock.now() > REMINDER_DELETE_CUTOFF_MS) await queue.unschedule(post, current);
      post = { ...post, reminder: undefined };
      await meetingPosts.save(post);
    }
    if (postAt === undefined) return post;
    post = { ...post, reminder: { channelId: post.channelId, postAt } };
    await meetingPosts.save(post);
    try {
      const scheduled = await queue.schedule(post, postAt);
      post = { ...post, reminder: scheduled };
      await meetingPosts.save(post);
    } catch (error) {
      const slackError = isAppError(error, 'SLACK_API_FAILED') ? error.details.slackError : undefined;
      if (!slackError) throw error; // no answer: the record says "asked", the next run looks first
      post = { ...post, reminder: undefined };
      await meetingPosts.save(post);
      if (HOPELESS.has(slackError)) {
        deps.logger.warn(`no reminder for meeting ${post.meetingId}: Slack said ${slackError}`);
        return post;
      }
      throw error;
    }
    return post;
  }

  async function sync(meetingId: string): Promise<void> {
    let watch = false;
    try {
      await deps.locks.withLock(meetingLock(meetingId), async () => {
        const post = await meetingPosts.get(meetingId);
        if (!post) return;
        const wanted = wantedReminder(post, deps.clock.now());
        // A series keeps being watched: each occurrence's reminder comes after the one before.
        watch = wanted !== undefined && ('later' in wanted || (post.shown?.occurrences?.length ?? 0) > 1);
        await settle(post, wanted);
      });
    } catch (error) {
      watch = true; // the sweep tries again
      throw error;
    } finally {
      await (watch ? meetingPosts.watchReminder(meetingId) : meetingPosts.unwatchReminder(meetingId));
    }
  }

  return {
    sync,
    forget: (meetingId) =>
      deps.locks.withLock(meetingLock(meetingId), async () => {
        const post = await meetingPosts.get(meetingId);
        if (post) await settle(post, undefined);
        await meetingPosts.delete(meetingId);
        await meetingPosts.unwatchReminder(meetingId);
      }),
    // One sweep at a time across instances; each meeting's sync is locked and idempotent anyway.
    sweep: () =>
      deps.locks.withLock('reminder-sweep', async () => {
        const ids = await meetingPosts.watchedReminders();
        for (const id of ids) {
          await sync(id).catch((error: unknown) => deps.logger.warn(`reminder of meeting ${id} not scheduled yet`, error));
        }
        return ids.length;
      }),
  };
}

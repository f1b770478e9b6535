import { createKeyIndex } from './keyIndex.js';
import { teamScopedRecords } from './teamScopedRecords.js';
import type { KeyValue, LockManager, MeetingPost, MeetingPostStore } from './types.js';

/**
 * Cards of meetings long past are kept no longer: a weekly series runs at most 50 weeks, and nobody
 * edits or cancels a meeting from a card a year after it was posted.
 */
export const MEETING_POST_TTL_MS = 400 * 24 * 60 * 60 * 1000;

export function createMeetingPostStore(records: KeyValue, indexes: KeyValue, locks: LockManager): MeetingPostStore {
  const byTeam = teamScopedRecords(records, indexes, locks, 'meeting-post-index');
  const watchList = createKeyIndex(indexes);
  const WATCHED = 'reminders-waiting';
  const watching = <T>(fn: () => Promise<T>) => locks.withLock('meeting-reminder-watch', fn);
  const save = (post: MeetingPost) => byTeam.set(post.teamId, post.meetingId, post, MEETING_POST_TTL_MS);
  return {
    get: (meetingId) => records.get<MeetingPost>(meetingId),
    save,
    watchReminder: (meetingId) => watching(async () => void (await watchList.add(WATCHED, meetingId))),
    unwatchReminder: (meetingId) => watching(() => watchList.remove(WATCHED, meetingId)),
    watchedReminders: () => watchList.keys(WATCHED),
    async delete(meetingId) {
      const post = await records.get<MeetingPost>(meetingId);
      if (post) await byTeam.forget(meetingId, post.teamId);
    },
    deleteTeam: (teamId) => byTeam.deleteTeam(teamId),
  };
}

import { teamScopedRecords } from './teamScopedRecords.js';
import type { KeyValue, LockManager, MeetingPost, MeetingPostStore } from './types.js';

/**
 * Cards of meetings long past are kept no longer: a weekly series runs at most 50 weeks, and nobody
 * edits or cancels a meeting from a card a year after it was posted.
 */
export const MEETING_POST_TTL_MS = 400 * 24 * 60 * 60 * 1000;

export function createMeetingPostStore(records: KeyValue, indexes: KeyValue, locks: LockManager): MeetingPostStore {
  const byTeam = teamScopedRecords(records, indexes, locks, 'meeting-post-index');
  return {
    get: (meetingId) => records.get<MeetingPost>(meetingId),
    save: (post) => byTeam.set(post.teamId, post.meetingId, post, MEETING_POST_TTL_MS),
    async delete(meetingId) {
      const post = await records.get<MeetingPost>(meetingId);
      if (post) await byTeam.forget(meetingId, post.teamId);
    },
    deleteTeam: (teamId) => byTeam.deleteTeam(teamId),
  };
}

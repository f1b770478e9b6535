import { teamScopedRecords } from './teamScopedRecords.js';
import type { KeyValue, LockManager, MeetingPost, MeetingPostStore } from './types.js';

export function createMeetingPostStore(records: KeyValue, indexes: KeyValue, locks: LockManager): MeetingPostStore {
  const byTeam = teamScopedRecords(records, indexes, locks, 'meeting-post-index');
  return {
    get: (meetingId) => records.get<MeetingPost>(meetingId),
    save: (post) => byTeam.set(post.teamId, post.meetingId, post),
    delete: async (meetingId) => byTeam.forget(meetingId, (await records.get<MeetingPost>(meetingId))?.teamId),
    deleteTeam: (teamId) => byTeam.deleteTeam(teamId),
  };
}

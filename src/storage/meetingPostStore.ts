import type { KeyValue, MeetingPost, MeetingPostStore } from './types.js';

export function createMeetingPostStore(records: KeyValue): MeetingPostStore {
  return {
    get: (meetingId) => records.get<MeetingPost>(meetingId),
    save: (post) => records.set(post.meetingId, post),
    delete: (meetingId) => records.delete(meetingId),
  };
}

import type { MeetingCardUpdater } from '../scheduling/manageMeetings.js';
import { cancelledMeetingCard, meetingCard } from './blocks/meetingCard.js';
import type { SlackClients } from './clients.js';

/** Keeps posted cards true after an edit or a cancel (cards posted through response_url have no ts to update). */
export function createMeetingCardUpdater(deps: { clients: SlackClients }): MeetingCardUpdater {
  return {
    async showUpdated(post, meeting) {
      if (!post.messageTs) return;
      const client = await deps.clients.forTeam(post);
      const card = meetingCard({
        meetingId: meeting.id,
        topic: meeting.topic,
        startTime: meeting.startTime,
        durationMinutes: meeting.durationMinutes,
        joinUrl: meeting.joinUrl,
        hostUserId: post.hostUserId,
        agenda: meeting.agenda,
        invitees: post.invitees,
        weeklyOccurrences: post.weeklyOccurrences,
        passcode: meeting.password,
      });
      await client.chat.update({ channel: post.channelId, ts: post.messageTs, ...card });
    },
    async showCancelled(post, meeting, cancelledBy) {
      if (!post.messageTs) return;
      const client = await deps.clients.forTeam(post);
      await client.chat.update({ channel: post.channelId, ts: post.messageTs, ...cancelledMeetingCard({ ...meeting, cancelledBy }) });
    },
  };
}

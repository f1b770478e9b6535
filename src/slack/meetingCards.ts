import type { MeetingCardUpdater } from '../scheduling/manageMeetings.js';
import { peopleIn, type LifecyclePublisher } from '../scheduling/meetingEvents.js';
import type { MeetingPost } from '../storage/types.js';
import { recordingMessage, summaryMessage } from './blocks/afterMeeting.js';
import { cancelledMeetingCard, meetingCard, type CardStatus } from './blocks/meetingCard.js';
import type { SlackClients } from './clients.js';
import { sendDirectMessage } from './privateReplies.js';
import { cardThread } from './reminderQueue.js';

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

function statusOf(post: MeetingPost): CardStatus | undefined {
  const instance = post.lifecycle?.instance;
  if (!instance) return undefined;
  if (instance.status === 'live') return { kind: 'live', people: peopleIn(instance) };
  const { startedAt, endedAt } = instance;
  return { kind: 'ended', minutes: startedAt !== undefined && endedAt !== undefined ? Math.round((endedAt - startedAt) / 60_000) : undefined };
}

/** The card through the meeting's life (live, who is in, ended), and what comes after it: recording and summary. */
export function createLifecyclePublisher(deps: { clients: SlackClients }): LifecyclePublisher {
  async function reply(post: MeetingPost, to: 'thread' | 'dm', message: { text: string; blocks: unknown[] }): Promise<void> {
    const client = await deps.clients.forTeam(post);
    if (to === 'dm') return sendDirectMessage(client, post.hostUserId, message);
    const threadTs = cardThread(post);
    await client.chat.postMessage({ channel: post.channelId, text: message.text, blocks: message.blocks as never, unfurl_links: false, ...(threadTs ? { thread_ts: threadTs } : {}) });
  }
  return {
    async showCard(post) {
      if (!post.messageTs || !post.shown) return;
      const client = await deps.clients.forTeam(post);
      const { shown } = post;
      const card = meetingCard({
        meetingId: post.meetingId,
        topic: shown.topic,
        startTime: shown.startTime,
        durationMinutes: shown.durationMinutes,
        joinUrl: shown.joinUrl,
        hostUserId: post.hostUserId,
        agenda: shown.agenda,
        invitees: post.invitees,
        weeklyOccurrences: post.weeklyOccurrences,
        passcode: shown.passcode,
        status: statusOf(post),
      });
      await client.chat.update({ channel: post.channelId, ts: post.messageTs, ...card });
    },
    async showCancelledInZoom(post) {
      if (!post.messageTs) return;
      const client = await deps.clients.forTeam(post);
      await client.chat.update({ channel: post.channelId, ts: post.messageTs, ...cancelledMeetingCard({ topic: post.shown?.topic ?? 'This meeting', startTime: post.shown?.startTime }) });
    },
    postRecording: (post, to, recording) => reply(post, to, recordingMessage(post.shown?.topic ?? 'the meeting', recording.shareUrl, recording.passcode)),
    postSummary: (post, to, summary) => reply(post, to, summaryMessage(post.shown?.topic ?? 'the meeting', summary)),
  };
}

import type { WebClient } from '@slack/web-api';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { MeetingPublisher } from '../scheduling/types.js';
import { meetingCard } from './blocks/meetingCard.js';
import { startLinkMessage } from './blocks/privateMessages.js';
import type { SlackClients } from './clients.js';
import { postToResponseUrl } from './responseUrl.js';
import { slackErrorCode } from './slackErrors.js';

/** Errors that mean "the bot cannot post here", where the response_url still can. */
const CANNOT_POST_HERE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

export function createMeetingPublisher(deps: { clients: SlackClients; clock: Clock; logger: Logger }): MeetingPublisher {
  return {
    async postCard(requester, destination, meeting, request) {
      const client = await deps.clients.forTeam(requester);
      const card = meetingCard({
        meetingId: meeting.id,
        topic: meeting.topic,
        startTime: request.startTime === undefined ? undefined : meeting.startTime,
        durationMinutes: meeting.durationMinutes,
        joinUrl: meeting.joinUrl,
        hostUserId: requester.userId,
        agenda: request.agenda,
        invitees: request.invitees,
        weeklyOccurrences: request.weeklyOccurrences,
        passcode: meeting.password,
      });
      let messageTs: string | undefined;
      try {
        const posted = await client.chat.postMessage({ channel: destination.channelId, thread_ts: destination.threadTs, ...card, unfurl_links: false });
        messageTs = posted.ts;
      } catch (error) {
        const code = slackErrorCode(error);
        if (!destination.responseUrl || !code || !CANNOT_POST_HERE.has(code)) {
          throw new AppError(
            'SLACK_API_FAILED',
            `The meeting was created in Zoom, but I could not post it to <#${destination.channelId}> (${code ?? 'error'}). Invite me with \`/invite\`, then share this link: ${meeting.joinUrl}`,
            {},
            { cause: error },
          );
        }
        deps.logger.info(`chat.postMessage failed with ${code}; posting through response_url`);
        await postToResponseUrl(destination.responseUrl, { response_type: 'in_channel', ...card });
      }
      return {
        meetingId: meeting.id,
        teamId: requester.teamId,
        hostUserId: requester.userId,
        channelId: destination.channelId,
        messageTs,
        invitees: request.invitees,
        weeklyOccurrences: request.weeklyOccurrences,
        createdAt: deps.clock.now(),
      };
    },

    /** The start link goes to the host alone: ephemeral where the card is, else by DM. */
    async sendStartLink(requester, post, destination, meeting) {
      const message = startLinkMessage({ topic: meeting.topic, startUrl: meeting.startUrl, startTime: meeting.type === 1 ? undefined : meeting.startTime });
      if (post.messageTs === undefined && destination.responseUrl) {
        await postToResponseUrl(destination.responseUrl, { response_type: 'ephemeral', ...message });
        return;
      }
      const client = await deps.clients.forTeam(requester);
      try {
        await client.chat.postEphemeral({ channel: post.channelId, user: requester.userId, thread_ts: destination.threadTs, ...message });
      } catch (error) {
        deps.logger.info(`chat.postEphemeral failed (${slackErrorCode(error)}); sending the start link by DM`);
        await sendDirectMessage(client, requester.userId, message);
      }
    },
  };
}

export async function sendDirectMessage(client: WebClient, userId: string, message: { text: string; blocks?: unknown[] }): Promise<void> {
  const opened = await client.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (!channel) throw new AppError('SLACK_API_FAILED', 'could not open a DM');
  await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks as never });
}

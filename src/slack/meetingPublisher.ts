import type { Clock } from '../clock.js';
import { AppError, isAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Destination, MeetingPublisher, MeetingRequest, Requester } from '../scheduling/types.js';
import { shownMeeting } from '../scheduling/shownMeeting.js';
import type { MeetingPost } from '../storage/types.js';
import type { ZoomMeeting } from '../zoom/types.js';
import { meetingCard } from './blocks/meetingCard.js';
import { startLinkMessage } from './blocks/privateMessages.js';
import type { SlackClients } from './clients.js';
import { sendDirectMessage } from './privateReplies.js';
import { postToResponseUrl } from './responseUrl.js';
import { slackErrorCode } from './slackErrors.js';

/** Errors that mean "the bot cannot post here", where the response_url still can. */
const CANNOT_POST_HERE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

/**
 * Any failure as an AppError (a Slack Web API error becomes SLACK_API_FAILED with details.slackError),
 * logged here with its cause. No words for users: the caller knows the meeting exists and says so.
 */
function slackFailure(logger: Logger, what: string, error: unknown): AppError {
  logger.warn(`${what} failed`, error);
  if (isAppError(error)) return error;
  const code = slackErrorCode(error);
  const said = code ?? (error instanceof Error ? error.message : String(error));
  return new AppError('SLACK_API_FAILED', `${what} failed (${said})`, code ? { slackError: code } : {}, { cause: error });
}

export function createMeetingPublisher(deps: { clients: SlackClients; clock: Clock; logger: Logger }): MeetingPublisher {
  async function postCard(requester: Requester, destination: Destination, meeting: ZoomMeeting, request: MeetingRequest): Promise<MeetingPost> {
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
      if (!destination.responseUrl || !code || !CANNOT_POST_HERE.has(code)) throw error;
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
      threadTs: destination.threadTs,
      shown: shownMeeting(meeting, request.startTime === undefined),
      reminderMinutes: request.reminderMinutes,
      createdAt: deps.clock.now(),
    };
  }

  /** The start link goes to the host alone: ephemeral where the card is, else by DM. */
  async function sendStartLink(requester: Requester, post: MeetingPost, destination: Destination, meeting: ZoomMeeting): Promise<void> {
    const message = startLinkMessage({ topic: meeting.topic, startUrl: meeting.startUrl, startTime: meeting.type === 1 ? undefined : meeting.startTime, timeZone: meeting.timezone });
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
  }

  return {
    postCard: (requester, destination, meeting, request) =>
      postCard(requester, destination, meeting, request).catch((error: unknown) => {
        throw slackFailure(deps.logger, `posting meeting ${meeting.id} to ${destination.channelId}`, error);
      }),
    sendStartLink: (requester, post, destination, meeting) =>
      sendStartLink(requester, post, destination, meeting).catch((error: unknown) => {
        throw slackFailure(deps.logger, `sending the start link of meeting ${meeting.id}`, error);
      }),
  };
}

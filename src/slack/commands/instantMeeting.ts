import type { MeetingRequest } from '../../scheduling/types.js';
import type { SlackListenerDeps } from '../deps.js';
import { inviteesOf, readSlackText } from '../inboundText.js';
import { fetchUserProfile } from '../userProfile.js';
import { ephemeralReply } from '../privateReplies.js';
import { requesterOf, type SubcommandHandler } from './types.js';

const INSTANT_DEFAULT_MINUTES = 60;

/** `/zoom` and `/zoom now [topic]`: a meeting that starts now, posted to the channel. `rest` is as Slack sent it. */
export function instantMeetingCommand(deps: SlackListenerDeps): SubcommandHandler {
  return async (args, rest) => {
    const { command, ack, client } = args;
    await ack();
    const requester = requesterOf(command);
    const destination = { channelId: command.channel_id, responseUrl: command.response_url };
    let request: MeetingRequest | undefined;
    try {
      const [{ timeZone }, typed] = await Promise.all([fetchUserProfile(client, requester.userId), readSlackText(client, rest)]);
      const invitees = inviteesOf(typed, requester);
      const topic = typed.text.replace(/\s+/g, ' ').trim() || `${command.user_name}'s Zoom meeting`;
      request = { topic, durationMinutes: INSTANT_DEFAULT_MINUTES, timeZone, ...(invitees.length > 0 ? { invitees } : {}) };
      const intent = { requester, destination, request, replyUrl: command.response_url, resumable: true, origin: 'request' } as const;
      await deps.createMeeting({ key: command.trigger_id, ...intent });
    } catch (error) {
      await deps.reportFailure(error, ephemeralReply(args, requester.userId), { requester, resumable: request && { destination, request } });
    }
  };
}

import { randomUUID } from 'node:crypto';
import { parseMeetingRequest, topicWithoutTime } from '../../scheduling/parseMeetingRequest.js';
import type { Destination, MeetingRequest } from '../../scheduling/types.js';
import { settingsOf } from '../../scheduling/userSettings.js';
import { scheduleQuestion } from '../blocks/scheduleConfirmation.js';
import type { SlackListenerDeps } from '../deps.js';
import { decodeSlackText, inviteesOf, readSlackText } from '../inboundText.js';
import type { OpenScheduleModal } from '../modals/openScheduleModal.js';
import { fetchUserProfile } from '../userProfile.js';
import { ephemeralReply } from '../privateReplies.js';
import { requesterOf, type SubcommandHandler } from './types.js';

/**
 * `/zoom new <topic> <when> [<duration>]`. With no time in the text at all, the form opens (topic
 * filled in); that is decided before any Slack call, while the trigger_id is fresh. `rest` is as
 * Slack sent it: read as words here (mentions become invitees), never passed on raw. A start read with
 * a doubt creates nothing: the user is asked privately, and the request waits in the store for their click.
 */
export function newMeetingCommand(deps: SlackListenerDeps, openModal: OpenScheduleModal): SubcommandHandler {
  return async (args, rest) => {
    const { command, ack, client } = args;
    await ack();
    const requester = requesterOf(command);
    const reply = ephemeralReply(args, requester.userId);
    // Mentions without a name read as their ids here: enough to tell whether a time is in the text.
    if (topicWithoutTime(decodeSlackText(rest).text, deps.clock.now()) !== undefined) {
      const prefill = async () => {
        const typed = await readSlackText(client, rest);
        return { topic: topicWithoutTime(typed.text, deps.clock.now()) || undefined, invitees: inviteesOf(typed, requester), channelId: command.channel_id };
      };
      await openModal(client, command.trigger_id, requester, prefill).catch((error: unknown) => deps.reportFailure(error, reply, { requester }));
      return;
    }
    const destination: Destination = { channelId: command.channel_id, responseUrl: command.response_url };
    let request: MeetingRequest | undefined;
    try {
      const [{ timeZone }, settings, typed] = await Promise.all([fetchUserProfile(client, requester.userId), settingsOf(deps.userSettings, requester), readSlackText(client, rest)]);
      const { doubt, ...read } = parseMeetingRequest(typed.text, { now: deps.clock.now(), timeZone, defaultDurationMinutes: settings.defaultDurationMinutes });
      const invitees = inviteesOf(typed, requester);
      const understood = { ...read, timeZone, reminderMinutes: settings.reminderMinutes, ...(invitees.length > 0 ? { invitees } : {}) };
      if (doubt) {
        const asked = { id: randomUUID(), ...requester, channelId: command.channel_id, ...understood, createdAt: deps.clock.now() };
        await deps.scheduleConfirmations.put(asked);
        await reply(scheduleQuestion(asked, doubt));
        return;
      }
      request = understood;
      const intent = { requester, destination, request, replyUrl: command.response_url, resumable: true, origin: 'request' } as const;
      await deps.createMeeting({ key: command.trigger_id, ...intent });
    } catch (error) {
      await deps.reportFailure(error, reply, { requester, resumable: request && { destination, request } });
    }
  };
}

import { randomUUID } from 'node:crypto';
import { parseMeetingRequest, topicWithoutTime } from '../../scheduling/parseMeetingRequest.js';
import type { Destination, MeetingRequest } from '../../scheduling/types.js';
import { settingsOf } from '../../scheduling/userSettings.js';
import { scheduleQuestion } from '../blocks/scheduleConfirmation.js';
import type { SlackListenerDeps } from '../deps.js';
import type { OpenScheduleModal } from '../modals/openScheduleModal.js';
import { fetchUserProfile } from '../userProfile.js';
import { ephemeralReply } from '../privateReplies.js';
import { requesterOf, type SubcommandHandler } from './types.js';

/**
 * `/zoom new <topic> <when> [<duration>]`. With no time in the text at all, the form opens (topic
 * filled in); that is decided before any Slack call, while the trigger_id is fresh. A start read with
 * a doubt creates nothing: the user is asked privately, and the request waits in the store for their click.
 */
export function newMeetingCommand(deps: SlackListenerDeps, openModal: OpenScheduleModal): SubcommandHandler {
  return async (args, rest) => {
    const { command, ack, client } = args;
    await ack();
    const requester = requesterOf(command);
    const reply = ephemeralReply(args, requester.userId);
    const topicOnly = topicWithoutTime(rest, deps.clock.now());
    if (topicOnly !== undefined) {
      const prefill = { topic: topicOnly || undefined, channelId: command.channel_id };
      await openModal(client, command.trigger_id, requester, async () => prefill).catch((error: unknown) => deps.reportFailure(error, reply, { requester }));
      return;
    }
    const destination: Destination = { channelId: command.channel_id, responseUrl: command.response_url };
    let request: MeetingRequest | undefined;
    try {
      const [{ timeZone }, settings] = await Promise.all([fetchUserProfile(client, requester.userId), settingsOf(deps.userSettings, requester)]);
      const { doubt, ...read } = parseMeetingRequest(rest, { now: deps.clock.now(), timeZone, defaultDurationMinutes: settings.defaultDurationMinutes });
      if (doubt) {
        const id = randomUUID();
        const asked = { id, ...requester, channelId: command.channel_id, ...read, timeZone, reminderMinutes: settings.reminderMinutes, createdAt: deps.clock.now() };
        await deps.scheduleConfirmations.put(asked);
        await reply(scheduleQuestion(asked, doubt));
        return;
      }
      request = { ...read, timeZone, reminderMinutes: settings.reminderMinutes };
      await deps.createMeeting(requester, destination, request);
      // The Home tab lists upcoming meetings: it changes however the meeting was scheduled.
      await deps.home.refresh(requester);
    } catch (error) {
      await deps.reportFailure(error, reply, { requester, resumable: request && { destination, request } });
    }
  };
}

import type { BlockAction, ButtonAction } from '@slack/bolt';
import { AppError } from '../../errors.js';
import type { Destination, MeetingRequest } from '../../scheduling/types.js';
import type { ScheduleConfirmation } from '../../storage/types.js';
import { SCHEDULE_CONFIRMATION_ACTIONS, startInZone } from '../blocks/scheduleConfirmation.js';
import { plainMessage } from '../blocks/privateMessages.js';
import { escapeMrkdwn } from '../blocks/text.js';
import type { SlackListenerDeps } from '../deps.js';
import type { OpenScheduleModal } from '../modals/openScheduleModal.js';
import { ephemeralReply } from '../privateReplies.js';
import { requesterOfPayload } from '../requesters.js';
import type { ListenerRegistry } from './registry.js';

const GONE = 'That request was already scheduled or changed, or it expired (after a day). Run `/zoom new` again if you still need it.';

function requestOf(c: ScheduleConfirmation): MeetingRequest {
  return { topic: c.topic, startTime: c.startTime, durationMinutes: c.durationMinutes, timeZone: c.timeZone, reminderMinutes: c.reminderMinutes, invitees: c.invitees };
}

/**
 * The two buttons under a `/zoom new` reading that was asked: Schedule creates exactly what the
 * button shows; Change… opens the form with it. Either one takes the stored request (once, across
 * instances), so a double click or a click on another instance creates one meeting.
 */
export function registerScheduleConfirmations(registry: ListenerRegistry, deps: SlackListenerDeps, openModal: OpenScheduleModal): void {
  const { app } = registry;

  app.action<BlockAction<ButtonAction>>(SCHEDULE_CONFIRMATION_ACTIONS.schedule, async ({ ack, body, action, client, respond }) => {
    await ack();
    const requester = requesterOfPayload(body);
    const reply = ephemeralReply({ respond, client }, requester.userId);
    let destination: Destination | undefined;
    let request: MeetingRequest | undefined;
    try {
      const taken = await deps.scheduleConfirmations.take(requester.teamId, requester.userId, action.value ?? '');
      if (!taken) {
        await reply(plainMessage(GONE));
        return;
      }
      request = requestOf(taken);
      // The click's response_url is fresh; the command's may be past its 30 minutes.
      destination = { channelId: taken.channelId, responseUrl: body.response_url };
      // The question is answered: it no longer offers its buttons.
      await respond({
        response_type: 'ephemeral',
        replace_original: true,
        ...plainMessage(`Scheduling *${escapeMrkdwn(taken.topic)}* for ${startInZone(taken.startTime, taken.timeZone)}…`),
      }).catch(() => undefined);
      await deps.createMeeting({ key: `confirmed:${taken.id}`, requester, destination, request, replyUrl: body.response_url, resumable: true, origin: 'request' });
    } catch (error) {
      await deps.reportFailure(error, reply, { requester, resumable: destination && request && { destination, request } });
    }
  });

  app.action<BlockAction<ButtonAction>>(SCHEDULE_CONFIRMATION_ACTIONS.change, async ({ ack, body, action, client, respond }) => {
    await ack();
    const requester = requesterOfPayload(body);
    await openModal(client, body.trigger_id, requester, async () => {
      const taken = await deps.scheduleConfirmations.take(requester.teamId, requester.userId, action.value ?? '');
      if (!taken) throw new AppError('INVALID_REQUEST', GONE);
      await respond({ response_type: 'ephemeral', replace_original: true, ...plainMessage(`Continue in the form to schedule *${escapeMrkdwn(taken.topic)}*.`) }).catch(() => undefined);
      return { topic: taken.topic, startTime: taken.startTime, durationMinutes: taken.durationMinutes, invitees: taken.invitees, channelId: taken.channelId };
    }).catch((error: unknown) => deps.reportFailure(error, ephemeralReply({ respond, client }, requester.userId), { requester }));
  });
}

import type { BlockAction, ButtonAction } from '@slack/bolt';
import { MEETING_CARD_ACTIONS } from '../blocks/meetingCard.js';
import { LIST_MORE_ACTION, meetingListMessage } from '../blocks/meetingList.js';
import { CONNECT_ACTION } from '../blocks/privateMessages.js';
import { ephemeralReply } from '../privateReplies.js';
import type { SlackListenerDeps } from '../deps.js';
import type { OpenScheduleModal } from '../modals/openScheduleModal.js';
import { requesterOfPayload } from '../requesters.js';
import type { ListenerRegistry } from './registry.js';

/** Buttons on meeting cards and private messages. */
export function registerMeetingActions(registry: ListenerRegistry, deps: SlackListenerDeps, openModal: OpenScheduleModal): void {
  const { app } = registry;

  // Link buttons still send an action to the app; Slack wants it acknowledged.
  for (const actionId of [CONNECT_ACTION, MEETING_CARD_ACTIONS.join, 'meeting_start']) {
    app.action(actionId, async ({ ack }) => {
      await ack();
    });
  }

  app.action<BlockAction<ButtonAction>>(MEETING_CARD_ACTIONS.cancel, async ({ ack, body, action, client, respond }) => {
    await ack();
    const requester = requesterOfPayload(body);
    try {
      await deps.manage.cancel(requester, action.value ?? '');
      await deps.home.refresh(requester);
    } catch (error) {
      await deps.reportFailure(error, ephemeralReply({ respond, client }, requester.userId), { requester });
    }
  });

  app.action<BlockAction<ButtonAction>>(MEETING_CARD_ACTIONS.edit, async ({ ack, body, action, client, respond }) => {
    await ack();
    const requester = requesterOfPayload(body);
    const meetingId = action.value ?? '';
    await openModal(
      client,
      body.trigger_id,
      requester,
      async () => {
        const meeting = await deps.manage.load(requester, meetingId);
        return { meetingId, topic: meeting.topic, agenda: meeting.agenda, startTime: meeting.startTime, durationMinutes: meeting.durationMinutes };
      },
      { title: 'Edit meeting', allowed: () => deps.manage.assertHost(requester, meetingId) },
    ).catch((error: unknown) => deps.reportFailure(error, ephemeralReply({ respond, client }, requester.userId), { requester }));
  });

  app.action<BlockAction<ButtonAction>>(LIST_MORE_ACTION, async ({ ack, body, action, client, respond }) => {
    await ack();
    const requester = requesterOfPayload(body);
    const reply = ephemeralReply({ respond, client }, requester.userId);
    try {
      const { token, page } = JSON.parse(action.value ?? '{}') as { token?: string; page?: number };
      const next = await deps.manage.listUpcoming(requester, token);
      await respond({ response_type: 'ephemeral', replace_original: true, ...meetingListMessage(next.meetings, { nextPageToken: next.nextPageToken, page: page ?? 2 }) });
    } catch (error) {
      await deps.reportFailure(error, reply, { requester });
    }
  });
}

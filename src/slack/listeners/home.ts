import { STATE_TTL_MS } from '../../zoom/connectFlow.js';
import { disconnectedMessage } from '../commands/disconnect.js';
import { HOME_ACTIONS } from '../blocks/homeView.js';
import { CONNECT_ACTION } from '../blocks/privateMessages.js';
import { connectModal } from '../blocks/scheduleModal.js';
import type { SlackListenerDeps } from '../deps.js';
import type { PrivateReply } from '../failureReporter.js';
import { sendDirectMessage } from '../meetingPublisher.js';
import type { OpenScheduleModal } from '../modals/openScheduleModal.js';
import { requesterOfPayload } from '../requesters.js';
import type { ListenerRegistry } from './registry.js';

/** The App Home tab and its buttons. */
export function registerHome(registry: ListenerRegistry, deps: SlackListenerDeps, openModal: OpenScheduleModal): void {
  const { app } = registry;

  registry.event('app_home_opened', async ({ event, context }) => {
    if (event.tab !== 'home') return;
    await deps.home.refresh({ teamId: context.teamId ?? '', enterpriseId: context.enterpriseId, userId: event.user });
  });

  app.action(HOME_ACTIONS.schedule, async ({ ack, body, client }) => {
    await ack();
    const requester = requesterOfPayload(body);
    const dm: PrivateReply = (message) => sendDirectMessage(client, requester.userId, message);
    await openModal(client, (body as { trigger_id: string }).trigger_id, requester, async () => ({})).catch((error: unknown) => deps.reportFailure(error, dm, { requester }));
  });

  // A fresh single-use link at click time: one baked into the Home tab would expire while it sits there.
  app.action(HOME_ACTIONS.connect, async ({ ack, body, client }) => {
    await ack();
    const requester = requesterOfPayload(body);
    const dm: PrivateReply = (message) => sendDirectMessage(client, requester.userId, message);
    try {
      const authorizeUrl = await deps.connect.start(requester);
      await client.views.open({
        trigger_id: (body as { trigger_id: string }).trigger_id,
        view: connectModal({ authorizeUrl, validMinutes: STATE_TTL_MS / 60_000, connectActionId: CONNECT_ACTION }),
      });
    } catch (error) {
      await deps.reportFailure(error, dm, { requester });
    }
  });

  app.action(HOME_ACTIONS.disconnect, async ({ ack, body, client }) => {
    await ack();
    const requester = requesterOfPayload(body);
    const dm: PrivateReply = (message) => sendDirectMessage(client, requester.userId, message);
    try {
      const result = await deps.revocation.disconnect(requester.teamId, requester.userId);
      await deps.home.refresh(requester);
      await dm(disconnectedMessage(result));
    } catch (error) {
      await deps.reportFailure(error, dm, { requester });
    }
  });
}

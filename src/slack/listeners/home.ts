import { disconnectedMessage } from '../commands/disconnect.js';
import { HOME_ACTIONS } from '../blocks/homeView.js';
import type { SlackListenerDeps } from '../deps.js';
import { directMessageReply } from '../privateReplies.js';
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

  // Both open the scheduling modal at once; for a user with no Zoom link it shows a connect button,
  // with a fresh single-use link (one baked into the Home tab would expire while it sits there).
  for (const actionId of [HOME_ACTIONS.schedule, HOME_ACTIONS.connect]) {
    app.action(actionId, async ({ ack, body, client }) => {
      await ack();
      const requester = requesterOfPayload(body);
      const dm = directMessageReply(client, requester.userId);
      await openModal(client, (body as { trigger_id: string }).trigger_id, requester, async () => ({})).catch((error: unknown) => deps.reportFailure(error, dm, { requester }));
    });
  }

  app.action(HOME_ACTIONS.disconnect, async ({ ack, body, client }) => {
    await ack();
    const requester = requesterOfPayload(body);
    const dm = directMessageReply(client, requester.userId);
    try {
      const result = await deps.revocation.disconnect(requester.teamId, requester.userId);
      await deps.home.refresh(requester);
      await dm(disconnectedMessage(result));
    } catch (error) {
      await deps.reportFailure(error, dm, { requester });
    }
  });
}

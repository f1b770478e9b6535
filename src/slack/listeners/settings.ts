import { settingsOf } from '../../scheduling/userSettings.js';
import { HOME_ACTIONS } from '../blocks/homeView.js';
import { SETTINGS_MODAL_CALLBACK, settingsModal } from '../blocks/settingsModal.js';
import type { SlackListenerDeps } from '../deps.js';
import { readSettingsForm } from '../modals/settingsForm.js';
import { directMessageReply } from '../privateReplies.js';
import { requesterOfPayload } from '../requesters.js';
import type { ListenerRegistry } from './registry.js';

/** The settings form: opened from the Home tab (or `/zoom settings`), saved on submit. */
export function registerSettings(registry: ListenerRegistry, deps: SlackListenerDeps): void {
  registry.app.action(HOME_ACTIONS.settings, async ({ ack, body, client }) => {
    await ack();
    const requester = requesterOfPayload(body);
    try {
      const settings = await settingsOf(deps.userSettings, requester);
      await client.views.open({ trigger_id: (body as { trigger_id: string }).trigger_id, view: settingsModal(settings) });
    } catch (error) {
      await deps.reportFailure(error, directMessageReply(client, requester.userId), { requester });
    }
  });

  registry.app.view(SETTINGS_MODAL_CALLBACK, async ({ ack, view, body, client }) => {
    await ack();
    const requester = requesterOfPayload(body);
    try {
      await deps.userSettings.save(requester.teamId, requester.userId, readSettingsForm(view));
      await deps.home.refresh(requester);
    } catch (error) {
      await deps.reportFailure(error, directMessageReply(client, requester.userId), { requester });
    }
  });
}

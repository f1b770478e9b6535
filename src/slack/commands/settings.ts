import { settingsOf } from '../../scheduling/userSettings.js';
import { settingsModal } from '../blocks/settingsModal.js';
import type { SlackListenerDeps } from '../deps.js';
import { ephemeralReply } from '../privateReplies.js';
import { requesterOf, type SubcommandHandler } from './types.js';

/** `/zoom settings`: the settings form. One store read stands between the ack and the open, well inside the trigger's 3 s. */
export function settingsCommand(deps: SlackListenerDeps): SubcommandHandler {
  return async (args) => {
    await args.ack();
    const requester = requesterOf(args.command);
    try {
      const settings = await settingsOf(deps.userSettings, requester);
      await args.client.views.open({ trigger_id: args.command.trigger_id, view: settingsModal(settings) });
    } catch (error) {
      await deps.reportFailure(error, ephemeralReply(args, requester.userId), { requester });
    }
  };
}

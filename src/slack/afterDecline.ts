import type { ConnectLink } from '../storage/types.js';
import { plainMessage } from './blocks/privateMessages.js';
import type { SlackClients } from './clients.js';
import { sendDirectMessage } from './privateReplies.js';

/**
 * Decline was chosen on the page that asked to link a Zoom account to this Slack user: tell them, privately. It may
 * have been them (the wrong Zoom account), or someone they forwarded the link to; the message names no account.
 */
export function createAfterDecline(deps: { clients: SlackClients }): (link: ConnectLink) => Promise<void> {
  return async (link) => {
    const client = await deps.clients.forTeam({ teamId: link.teamId, enterpriseId: link.enterpriseId });
    await sendDirectMessage(
      client,
      link.userId,
      plainMessage(
        ':warning: Your Zoom connect link was not completed: *Decline* was chosen on its confirmation page, so no Zoom account is linked. ' +
          "If that wasn't you, the link was passed on: connect links are for you only. Run `/zoom connect` for a new one.",
      ),
    );
  };
}

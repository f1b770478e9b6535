import type { ConnectLink } from '../storage/types.js';
import { plainMessage } from './blocks/privateMessages.js';
import type { SlackClients } from './clients.js';
import { sendDirectMessage } from './privateReplies.js';

/** Why a connect page linked nothing. */
export type UnlinkedReason = 'declined' | 'expired';

const WHY: Record<UnlinkedReason, string> = {
  declined: '*Decline* was chosen on its confirmation page',
  expired: 'its confirmation page was not answered within 10 minutes',
};

/**
 * A page that asked to link a Zoom account to this Slack user linked nothing: tell them, privately. It may have been
 * them (the wrong Zoom account, or no time), or someone they forwarded the link to; the message names no account.
 */
export function createAfterUnlinked(deps: { clients: SlackClients }): (link: ConnectLink, reason: UnlinkedReason) => Promise<void> {
  return async (link, reason) => {
    const client = await deps.clients.forTeam({ teamId: link.teamId, enterpriseId: link.enterpriseId });
    await sendDirectMessage(
      client,
      link.userId,
      plainMessage(
        `:warning: Your Zoom connect link was not completed: ${WHY[reason]}, so no Zoom account is linked. ` +
          "If that wasn't you, the link was passed on: connect links are for you only. Run `/zoom connect` for a new one.",
      ),
    );
  };
}

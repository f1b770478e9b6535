import type { CreateMeeting } from '../scheduling/create/createIntent.js';
import type { Destination, MeetingRequest, Requester } from '../scheduling/types.js';
import type { PendingCommandStore, ZoomGrant } from '../storage/types.js';
import { plainMessage } from './blocks/privateMessages.js';
import { escapeMrkdwn } from './blocks/text.js';
import type { SlackClients } from './clients.js';
import type { ReportFailure } from './failureReporter.js';
import { directMessageReply } from './privateReplies.js';

export type AfterConnect = (grant: ZoomGrant) => Promise<void>;

/**
 * Once a Zoom account is linked: finish the commands that were waiting for the link (however the
 * user reconnected), confirm in a DM which account it is, and refresh what the user sees (App Home).
 */
export function createAfterConnect(deps: {
  clients: SlackClients;
  pendingCommands: PendingCommandStore;
  createMeeting: CreateMeeting;
  reportFailure: ReportFailure;
  onConnectionChanged: (requester: Requester) => Promise<void>;
}): AfterConnect {
  return async (grant) => {
    const requester: Requester = { teamId: grant.teamId, enterpriseId: grant.enterpriseId, userId: grant.userId };
    // Taken first: a failing DM below must not cost the user the command they are waiting for.
    const pending = await deps.pendingCommands.takeForUser(grant.teamId, grant.userId);
    const client = await deps.clients.forTeam(requester);
    const dm = directMessageReply(client, grant.userId);
    let confirmationFailure: unknown;
    await dm(
      plainMessage(
        `:white_check_mark: Your Zoom account *${escapeMrkdwn(grant.zoomName)}* (${escapeMrkdwn(grant.zoomEmail)}) is connected. ` +
          'Schedule a meeting with `/zoom new Design review tomorrow 3pm 45m`.',
      ),
    ).catch((error: unknown) => {
      confirmationFailure = error;
    });
    for (const command of pending) {
      const { destination, request } = command.payload as unknown as { destination: Destination; request: MeetingRequest };
      try {
        await deps.createMeeting({ key: `resumed:${command.id}`, requester, destination, request, resumable: false, origin: 'after-reconnect' });
      } catch (error) {
        await deps.reportFailure(error, dm, { requester });
      }
    }
    await deps.onConnectionChanged(requester);
    // Logged by the caller; the browser page already told the user the account is connected.
    if (confirmationFailure) throw confirmationFailure;
  };
}

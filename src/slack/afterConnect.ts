import type { CreateMeeting } from '../scheduling/createMeeting.js';
import type { Destination, MeetingRequest, Requester } from '../scheduling/types.js';
import type { PendingCommandStore, ZoomGrant } from '../storage/types.js';
import { plainMessage } from './blocks/privateMessages.js';
import { escapeMrkdwn } from './blocks/text.js';
import type { SlackClients } from './clients.js';
import type { PrivateReply, ReportFailure } from './failureReporter.js';
import { sendDirectMessage } from './meetingPublisher.js';

export type AfterConnect = (grant: ZoomGrant, resumeCommandId?: string) => Promise<void>;

/**
 * Once a Zoom account is linked: confirm in a DM which account it is, finish the command that was
 * waiting for the link (if any), and refresh what the user sees (App Home).
 */
export function createAfterConnect(deps: {
  clients: SlackClients;
  pendingCommands: PendingCommandStore;
  createMeeting: CreateMeeting;
  reportFailure: ReportFailure;
  onConnectionChanged: (requester: Requester) => Promise<void>;
}): AfterConnect {
  return async (grant, resumeCommandId) => {
    const requester: Requester = { teamId: grant.teamId, enterpriseId: grant.enterpriseId, userId: grant.userId };
    const client = await deps.clients.forTeam(requester);
    const dm: PrivateReply = (message) => sendDirectMessage(client, grant.userId, message);
    await dm(
      plainMessage(
        `:white_check_mark: Your Zoom account *${escapeMrkdwn(grant.zoomName)}* (${escapeMrkdwn(grant.zoomEmail)}) is connected. ` +
          'Schedule a meeting with `/zoom new Design review tomorrow 3pm 45m`.',
      ),
    );
    const pending = resumeCommandId ? await deps.pendingCommands.take(resumeCommandId) : undefined;
    if (pending && pending.teamId === grant.teamId && pending.userId === grant.userId) {
      const { destination, request } = pending.payload as unknown as { destination: Destination; request: MeetingRequest };
      try {
        await deps.createMeeting(requester, destination, request);
        await dm(plainMessage(`:white_check_mark: As you asked before reconnecting, I scheduled *${escapeMrkdwn(request.topic)}* and posted it in <#${destination.channelId}>.`));
      } catch (error) {
        await deps.reportFailure(error, dm, { requester });
      }
    }
    await deps.onConnectionChanged(requester);
  };
}

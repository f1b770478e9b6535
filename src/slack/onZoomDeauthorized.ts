import type { GrantRevocation } from '../zoom/grantRevocation.js';
import { plainMessage } from './blocks/privateMessages.js';
import { escapeMrkdwn } from './blocks/text.js';
import type { SlackClients } from './clients.js';
import type { HomePublisher } from './homePublisher.js';
import { sendDirectMessage } from './meetingPublisher.js';

/** A Zoom user removed the app in Zoom: forget every Slack link to them, and tell each Slack user. */
export function createDeauthorizationHandler(deps: { revocation: GrantRevocation; clients: SlackClients; home: HomePublisher }) {
  return async (zoomUserId: string): Promise<void> => {
    const forgotten = await deps.revocation.forgetZoomUser(zoomUserId);
    for (const grant of forgotten) {
      const requester = { teamId: grant.teamId, enterpriseId: grant.enterpriseId, userId: grant.userId };
      const client = await deps.clients.forTeam(requester);
      await sendDirectMessage(
        client,
        grant.userId,
        plainMessage(`:wave: Your Zoom account *${escapeMrkdwn(grant.zoomName)}* (${escapeMrkdwn(grant.zoomEmail)}) was disconnected because the app was removed in Zoom. Run \`/zoom connect\` to link it again.`),
      );
      await deps.home.refresh(requester);
    }
  };
}

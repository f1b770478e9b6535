import type { GrantRevocation } from '../zoom/grantRevocation.js';
import { plainMessage } from './blocks/privateMessages.js';
import { escapeMrkdwn } from './blocks/text.js';
import type { SlackClients } from './clients.js';
import type { HomePublisher } from './homePublisher.js';
import { sendDirectMessage } from './privateReplies.js';

/** What became of one app_deauthorized: how many links were forgotten, and whom Slack could not tell. */
export interface DeauthorizationOutcome {
  forgotten: number;
  notNotified: Array<{ teamId: string; userId: string; error: unknown }>;
}

/** A Zoom user removed the app in Zoom: forget every Slack link to them, and tell each Slack user. */
export function createDeauthorizationHandler(deps: { revocation: GrantRevocation; clients: SlackClients; home: HomePublisher }) {
  return async (zoomUserId: string): Promise<DeauthorizationOutcome> => {
    const forgotten = await deps.revocation.forgetZoomUser(zoomUserId);
    const notNotified: DeauthorizationOutcome['notNotified'] = [];
    for (const grant of forgotten) {
      const requester = { teamId: grant.teamId, enterpriseId: grant.enterpriseId, userId: grant.userId };
      // Each user on their own: the grants are already deleted, so a redelivery by Zoom finds nothing and
      // could not tell anyone. One failing DM must not cost the others their notice.
      try {
        const client = await deps.clients.forTeam(requester);
        await sendDirectMessage(
          client,
          grant.userId,
          plainMessage(`:wave: Your Zoom account *${escapeMrkdwn(grant.zoomName)}* (${escapeMrkdwn(grant.zoomEmail)}) was disconnected because the app was removed in Zoom. Run \`/zoom connect\` to link it again.`),
        );
        await deps.home.refresh(requester);
      } catch (error) {
        notNotified.push({ teamId: grant.teamId, userId: grant.userId, error });
      }
    }
    return { forgotten: forgotten.length, notNotified };
  };
}

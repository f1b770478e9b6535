import type { Logger } from '../logger.js';
import type { Requester } from '../scheduling/types.js';
import type { SlackUserDescription } from '../zoom/connectFlow.js';
import type { SlackClients } from './clients.js';
import { fetchUserProfile } from './userProfile.js';

/** The confirmation page waits for Slack this long at most; past it, the page names the user by id. */
const DESCRIBE_TIMEOUT_MS = 3_000;

/**
 * Who a Zoom connect is for, as Slack names them (user and workspace, and the profile's email when the app has
 * users:read.email), for the page that asks the person to confirm. Best effort: it never rejects.
 */
export function slackUserDescriber(deps: { clients: SlackClients; logger: Logger; timeoutMs?: number }): (requester: Requester) => Promise<SlackUserDescription> {
  return async (requester) => {
    const ask = async (): Promise<SlackUserDescription> => {
      const client = await deps.clients.forTeam(requester);
      const [profile, auth] = await Promise.all([fetchUserProfile(client, requester.userId), client.auth.test()]);
      return { name: profile.name, email: profile.email, workspace: auth.team || undefined };
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`Slack did not answer within ${deps.timeoutMs ?? DESCRIBE_TIMEOUT_MS} ms`)), deps.timeoutMs ?? DESCRIBE_TIMEOUT_MS);
    });
    try {
      return await Promise.race([ask(), timeout]);
    } catch (error) {
      deps.logger.warn(`could not ask Slack who ${requester.teamId}/${requester.userId} is, for the Zoom connect page`, error);
      return {};
    } finally {
      clearTimeout(timer);
    }
  };
}

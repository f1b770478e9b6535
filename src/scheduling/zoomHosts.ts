import { AppError } from '../errors.js';
import type { ZoomApi } from '../zoom/api.js';
import type { TokenManager } from '../zoom/tokenManager.js';
import type { Requester, ZoomHostResolver } from './types.js';

/** User-level OAuth: each Slack user schedules on the Zoom account they connected. */
export function userGrantHosts(tokens: TokenManager): ZoomHostResolver {
  return {
    forSlackUser: async ({ teamId, userId }) => ({ auth: tokens.authForUser(teamId, userId), zoomUserId: 'me' }),
  };
}

/**
 * Account-level (Server-to-Server) OAuth: the company's Zoom account hosts, and a Slack user is
 * matched to the Zoom user with the same email.
 */
export function accountHosts(deps: {
  tokens: TokenManager;
  zoomApi: Pick<ZoomApi, 'getUser'>;
  accountId: string;
  emailOf: (requester: Requester) => Promise<string | undefined>;
}): ZoomHostResolver {
  return {
    forSlackUser: async (requester) => {
      const email = await deps.emailOf(requester);
      // Slack shows the app a user's email only with the users:read.email scope (and only if the profile has one).
      if (!email) throw new AppError('SLACK_API_FAILED', `Slack gave no email for user ${requester.userId}`, { reason: 'no_email' });
      const auth = deps.tokens.accountAuth(deps.accountId);
      // Asking Zoom first turns "no such user" into an answer that names the email.
      const user = await deps.zoomApi.getUser(auth, email);
      return { auth, zoomUserId: user.id };
    },
  };
}

import { AppError } from '../../errors.js';
import { STATE_TTL_MS } from '../../zoom/connectFlow.js';
import { connectPrompt, plainMessage } from '../blocks/privateMessages.js';
import { escapeMrkdwn } from '../blocks/text.js';
import type { SlackListenerDeps } from '../deps.js';
import { fetchUserProfile } from '../userProfile.js';
import { privateSubcommand } from './privateSubcommand.js';
import type { SubcommandHandler } from './types.js';

/**
 * `/zoom status`: which Zoom account the user schedules on. With a user grant, the linked account (or
 * how to connect); in account-level (Server-to-Server) mode, the company's Zoom user with the same email
 * as the user's Slack profile, as src/scheduling/zoomHosts.ts matches them.
 */
export function statusCommand(deps: SlackListenerDeps): SubcommandHandler {
  return privateSubcommand(deps, async ({ args, requester, reply }) => {
    if (deps.hostMode === 'account') {
      const { email } = await fetchUserProfile(args.client, requester.userId);
      if (!email) throw new AppError('SLACK_API_FAILED', `Slack gave no email for user ${requester.userId}`, { reason: 'no_email' });
      await reply(
        plainMessage(
          `:white_check_mark: This workspace schedules meetings on your company's Zoom account. You schedule as the Zoom user *${escapeMrkdwn(email)}*, ` +
            'the email of your Slack profile. If Zoom has no user with that email, ask your Zoom admin to add you, or use the same email in Slack and Zoom.',
        ),
      );
      return;
    }
    const grant = await deps.grants.get(requester.teamId, requester.userId);
    if (grant) {
      await reply(plainMessage(`:white_check_mark: You are connected to Zoom as *${escapeMrkdwn(grant.zoomName)}* (${escapeMrkdwn(grant.zoomEmail)}). \`/zoom disconnect\` unlinks it.`));
      return;
    }
    const authorizeUrl = await deps.connect.start(requester);
    await reply(connectPrompt({ authorizeUrl, intro: 'You have not connected a Zoom account yet.', validMinutes: STATE_TTL_MS / 60_000 }));
  });
}

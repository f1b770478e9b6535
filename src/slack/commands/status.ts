import { STATE_TTL_MS } from '../../zoom/connectFlow.js';
import { connectPrompt, plainMessage } from '../blocks/privateMessages.js';
import { escapeMrkdwn } from '../blocks/text.js';
import type { SlackListenerDeps } from '../deps.js';
import { privateSubcommand } from './privateSubcommand.js';
import type { SubcommandHandler } from './types.js';

/** `/zoom status`: which Zoom account is linked, or how to connect. */
export function statusCommand(deps: SlackListenerDeps): SubcommandHandler {
  return privateSubcommand(
    deps,
    async ({ requester, reply }) => {
      const grant = await deps.grants.get(requester.teamId, requester.userId);
      if (grant) {
        await reply(plainMessage(`:white_check_mark: You are connected to Zoom as *${escapeMrkdwn(grant.zoomName)}* (${escapeMrkdwn(grant.zoomEmail)}). \`/zoom disconnect\` unlinks it.`));
        return;
      }
      const authorizeUrl = await deps.connect.start(requester);
      await reply(connectPrompt({ authorizeUrl, intro: 'You have not connected a Zoom account yet.', validMinutes: STATE_TTL_MS / 60_000 }));
    },
    { userGrantsOnly: true },
  );
}

import { STATE_TTL_MS } from '../../zoom/connectFlow.js';
import { connectPrompt, plainMessage } from '../blocks/privateMessages.js';
import { escapeMrkdwn } from '../blocks/text.js';
import type { SlackListenerDeps } from '../deps.js';
import { ACCOUNT_MODE_CONNECT_TEXT } from './connect.js';
import { ephemeralReply } from './replies.js';
import { requesterOf, type SubcommandHandler } from './types.js';

/** `/zoom status`: which Zoom account is linked, or how to connect. */
export function statusCommand(deps: SlackListenerDeps): SubcommandHandler {
  return async (args) => {
    if (deps.hostMode === 'account') {
      await args.ack({ response_type: 'ephemeral', text: ACCOUNT_MODE_CONNECT_TEXT });
      return;
    }
    await args.ack();
    const requester = requesterOf(args.command);
    const reply = ephemeralReply(args.respond);
    try {
      const grant = await deps.grants.get(requester.teamId, requester.userId);
      if (grant) {
        await reply(plainMessage(`:white_check_mark: You are connected to Zoom as *${escapeMrkdwn(grant.zoomName)}* (${escapeMrkdwn(grant.zoomEmail)}). \`/zoom disconnect\` unlinks it.`));
        return;
      }
      const authorizeUrl = await deps.connect.start(requester);
      await reply(connectPrompt({ authorizeUrl, intro: 'You have not connected a Zoom account yet.', validMinutes: STATE_TTL_MS / 60_000 }));
    } catch (error) {
      await deps.reportFailure(error, reply, { requester });
    }
  };
}

import { connectPrompt } from '../blocks/privateMessages.js';
import { escapeMrkdwn } from '../blocks/text.js';
import type { SlackListenerDeps } from '../deps.js';
import { sendDirectMessage } from '../privateReplies.js';
import { STATE_TTL_MS } from '../../zoom/connectFlow.js';
import { ephemeralReply } from '../privateReplies.js';
import { requesterOf, type SubcommandHandler } from './types.js';

export const ACCOUNT_MODE_CONNECT_TEXT =
  "This workspace schedules meetings on your company's Zoom account, so there is nothing to connect: `/zoom new` works right away as long as your Slack email matches your Zoom email.";

/** `/zoom connect`: the authorize link goes by DM, never into the channel. */
export function connectCommand(deps: SlackListenerDeps): SubcommandHandler {
  return async (args) => {
    const { command, ack, client } = args;
    if (deps.hostMode === 'account') {
      await ack({ response_type: 'ephemeral', text: ACCOUNT_MODE_CONNECT_TEXT });
      return;
    }
    await ack({ response_type: 'ephemeral', text: "I've sent you a DM with a link to connect your Zoom account." });
    const requester = requesterOf(command);
    try {
      const existing = await deps.grants.get(requester.teamId, requester.userId);
      const authorizeUrl = await deps.connect.start(requester);
      const intro = existing
        ? `You are connected to Zoom as *${escapeMrkdwn(existing.zoomName)}* (${escapeMrkdwn(existing.zoomEmail)}). To link another Zoom account instead, use this button.`
        : 'Connect your Zoom account to schedule Zoom meetings from Slack. Zoom will ask you to allow access, then you confirm the link on the page that follows. The link is for you only: do not forward it.';
      await sendDirectMessage(client, requester.userId, connectPrompt({ authorizeUrl, intro, validMinutes: STATE_TTL_MS / 60_000 }));
    } catch (error) {
      await deps.reportFailure(error, ephemeralReply(args, requester.userId), { requester });
    }
  };
}

import { plainMessage } from '../blocks/privateMessages.js';
import { escapeMrkdwn } from '../blocks/text.js';
import type { SlackListenerDeps } from '../deps.js';
import { privateSubcommand } from './privateSubcommand.js';
import type { SubcommandHandler } from './types.js';

/** The words for a finished disconnect, shared by `/zoom disconnect` and the Home tab button. */
export function disconnectedMessage(result: Awaited<ReturnType<SlackListenerDeps['revocation']['disconnect']>>): ReturnType<typeof plainMessage> {
  if (!result.grant) return plainMessage('You had no Zoom account connected, so there was nothing to disconnect.');
  const account = `*${escapeMrkdwn(result.grant.zoomName)}* (${escapeMrkdwn(result.grant.zoomEmail)})`;
  return plainMessage(
    result.revokedAtZoom
      ? `:wave: Disconnected Zoom account ${account}. I no longer have access to it; meetings already scheduled stay in Zoom.`
      : `:wave: Disconnected Zoom account ${account} here. Zoom did not answer the revoke request, so also remove the app under Zoom Marketplace > Manage > Added Apps.`,
  );
}

/** `/zoom disconnect`: revoke at Zoom, forget the grant, confirm privately, refresh the Home tab. */
export function disconnectCommand(deps: SlackListenerDeps): SubcommandHandler {
  return privateSubcommand(
    deps,
    async ({ requester, reply }) => {
      await reply(disconnectedMessage(await deps.revocation.disconnect(requester.teamId, requester.userId)));
      await deps.home.refresh(requester);
    },
    { userGrantsOnly: true },
  );
}

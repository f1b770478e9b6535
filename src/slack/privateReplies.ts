import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { AppError } from '../errors.js';
import type { Requester } from '../scheduling/types.js';
import type { SlackClients } from './clients.js';
import type { PrivateReply } from './failureReporter.js';
import { postToResponseUrl } from './responseUrl.js';

/** Sends a message to the user's DM with the bot. */
export async function sendDirectMessage(client: WebClient, userId: string, message: { text: string; blocks?: unknown[] }): Promise<void> {
  const opened = await client.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (!channel) throw new AppError('SLACK_API_FAILED', `conversations.open returned no DM channel for ${userId}`);
  await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks as never });
}

/** A PrivateReply by DM: for work with no response_url (modals, App Home, OAuth callback). */
export function directMessageReply(client: WebClient, userId: string): PrivateReply {
  return (message) => sendDirectMessage(client, userId, message);
}

/** A private reply as a response_url takes it: only the user sees it, and it adds to the conversation. */
const ephemeral = (message: Parameters<PrivateReply>[0]) => ({ response_type: 'ephemeral' as const, replace_original: false, text: message.text, blocks: message.blocks });

/**
 * `first`, and the DM when that fails (a response_url dies after 30 minutes or 5 uses, and may be what just
 * failed): the user must hear the answer.
 */
function orByDirectMessage(first: PrivateReply, dm: PrivateReply): PrivateReply {
  return async (message) => {
    try {
      await first(message);
    } catch {
      await dm(message);
    }
  };
}

/** A PrivateReply through the request's response_url, and by DM when that fails. */
export function ephemeralReply(source: { respond: RespondFn; client: WebClient }, userId: string): PrivateReply {
  return orByDirectMessage((message) => source.respond(ephemeral(message)), directMessageReply(source.client, userId));
}

/**
 * A PrivateReply for work that outlives its request (a job, maybe on another instance): through the
 * request's response_url while it lives, else by DM.
 */
export function laterPrivateReply(clients: SlackClients, requester: Requester, responseUrl: string | undefined): PrivateReply {
  const dm: PrivateReply = async (message) => sendDirectMessage(await clients.forTeam(requester), requester.userId, message);
  return responseUrl === undefined ? dm : orByDirectMessage((message) => postToResponseUrl(responseUrl, ephemeral(message)), dm);
}

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

/**
 * A PrivateReply through the request's response_url, and by DM when that fails (a response_url
 * dies after 30 minutes or 5 uses, and may be what just failed): the user must hear the answer.
 */
export function ephemeralReply(source: { respond: RespondFn; client: WebClient }, userId: string): PrivateReply {
  return async (message) => {
    try {
      await source.respond({ response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks });
    } catch {
      await sendDirectMessage(source.client, userId, message);
    }
  };
}

/**
 * A PrivateReply for work that outlives its request (a job, maybe on another instance): through the
 * request's response_url while it lives, else by DM.
 */
export function laterPrivateReply(clients: SlackClients, requester: Requester, responseUrl: string | undefined): PrivateReply {
  const dm: PrivateReply = async (message) => sendDirectMessage(await clients.forTeam(requester), requester.userId, message);
  if (responseUrl === undefined) return dm;
  return async (message) => {
    try {
      await postToResponseUrl(responseUrl, { response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks });
    } catch {
      await dm(message);
    }
  };
}

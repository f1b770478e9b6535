import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { PrivateReply } from '../failureReporter.js';
import { sendDirectMessage } from '../meetingPublisher.js';

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

import type { RespondFn } from '@slack/bolt';
import type { PrivateReply } from '../failureReporter.js';

/** A PrivateReply through the request's response_url. */
export function ephemeralReply(respond: RespondFn): PrivateReply {
  return (message) => respond({ response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks });
}

import type { KnownBlock } from '@slack/types';
import { AppError } from '../errors.js';

export interface ResponseMessage {
  response_type: 'in_channel' | 'ephemeral';
  text: string;
  blocks?: KnownBlock[];
  replace_original?: boolean;
}

/** Posts to a slash command's response_url (works even where the bot is not a member). */
export async function postToResponseUrl(url: string, message: ResponseMessage): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new AppError('SLACK_API_FAILED', `response_url answered ${response.status}`);
}

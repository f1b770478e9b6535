import type { KnownBlock } from '@slack/types';
import { AppError } from '../errors.js';

export interface ResponseMessage {
  response_type: 'in_channel' | 'ephemeral';
  text: string;
  blocks?: KnownBlock[];
  replace_original?: boolean;
}

const TIMEOUT_MS = 5000;

/** Slack's `{ok: false, error}` answer body, when it sent one. */
async function errorOfAnswer(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as { error?: unknown };
    return typeof body.error === 'string' ? body.error : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Posts to a slash command's response_url (works even where the bot is not a member). Every failure
 * is a SLACK_API_FAILED (reason 'response_url_failed'): Slack answered non-2xx (details.httpStatus,
 * details.slackError such as "used_url" or "expired_url"), or it did not answer in time or at all.
 */
export async function postToResponseUrl(url: string, message: ResponseMessage): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new AppError(
      'SLACK_API_FAILED',
      timedOut ? `response_url did not answer within ${TIMEOUT_MS} ms` : `response_url could not be reached: ${error instanceof Error ? error.message : String(error)}`,
      { reason: 'response_url_failed', networkError: timedOut ? 'timeout' : 'unreachable' },
      { cause: error },
    );
  }
  if (!response.ok) {
    const slackError = await errorOfAnswer(response);
    throw new AppError('SLACK_API_FAILED', `response_url answered ${response.status}${slackError ? ` (${slackError})` : ''}`, {
      reason: 'response_url_failed',
      httpStatus: response.status,
      ...(slackError ? { slackError } : {}),
    });
  }
}

import type { KnownBlock } from '@slack/types';
import { startInZone } from './scheduleConfirmation.js';
import { escapeMrkdwn, slackDate, truncate } from './text.js';

export const CONNECT_ACTION = 'zoom_connect_open';

/** A message with a button that opens Zoom's authorize page. The link carries a state that expires. */
export function connectPrompt(options: { authorizeUrl: string; intro: string; validMinutes: number }): { text: string; blocks: KnownBlock[] } {
  return {
    text: `${options.intro} Connect your Zoom account: ${options.authorizeUrl}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(options.intro, 3000) } },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: CONNECT_ACTION, text: { type: 'plain_text', text: 'Connect Zoom account' }, url: options.authorizeUrl, style: 'primary' },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `This link works once, for ${options.validMinutes} minutes. Run \`/zoom connect\` for a new one.` }] },
    ],
  };
}

/**
 * Sent only to the host: the start link logs whoever opens it in as the host. The start is named on
 * the host's own clock and zone ("Tue, Feb 12, 3:15 PM (Berlin time)"), so a misreading shows at once.
 */
export function startLinkMessage(meeting: { topic: string; startUrl: string; startTime?: number; timeZone?: string }): { text: string; blocks: KnownBlock[] } {
  const { startTime, timeZone } = meeting;
  const when = startTime === undefined ? 'now' : timeZone ? startInZone(startTime, timeZone) : slackDate(startTime);
  const topic = escapeMrkdwn(meeting.topic);
  return {
    text: `Your meeting "${topic}" is scheduled${startTime === undefined ? '' : ` for ${when}`}. Start link (only for you): ${meeting.startUrl}`,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: truncate(`:white_check_mark: *${topic}* is set for ${when}. Only you can see this; the start link makes whoever opens it the host, so don't share it.`, 3000) },
      },
      { type: 'actions', elements: [{ type: 'button', action_id: 'meeting_start', text: { type: 'plain_text', text: 'Start as host' }, url: meeting.startUrl }] },
    ],
  };
}

export function plainMessage(text: string): { text: string; blocks: KnownBlock[] } {
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } }] };
}

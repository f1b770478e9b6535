import type { KnownBlock } from '@slack/types';
import { formatStart, zoneLabel } from '../../scheduling/parseMeetingRequest.js';
import { escapeMrkdwn, formatDuration, truncate } from './text.js';

export const SCHEDULE_CONFIRMATION_ACTIONS = { schedule: 'schedule_confirmed', change: 'schedule_change' } as const;

export interface UnderstoodRequest {
  id: string;
  topic: string;
  startTime: number;
  durationMinutes: number;
  timeZone: string;
}

/** `Tue, Feb 12, 3:15 PM (Berlin time)`: a start in the user's own zone, named. */
export function startInZone(ms: number, timeZone: string): string {
  return `${formatStart(ms, timeZone)} (${zoneLabel(timeZone)})`;
}

/**
 * The private question when `/zoom new` read the start with a doubt: what was understood, why it is
 * asked, and two buttons that carry only the stored request's id.
 */
export function scheduleQuestion(request: UnderstoodRequest, doubt: string): { text: string; blocks: KnownBlock[] } {
  const when = startInZone(request.startTime, request.timeZone);
  const understood = `*${escapeMrkdwn(request.topic)}* on *${when}* for ${formatDuration(request.durationMinutes)}`;
  return {
    text: `${escapeMrkdwn(doubt)} I understood "${escapeMrkdwn(request.topic)}" on ${when}. Nothing is scheduled yet: confirm or change it.`,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: truncate(`:thinking_face: ${escapeMrkdwn(doubt)}\nI understood ${understood}. Nothing is scheduled yet.`, 3000) },
      },
      {
        type: 'actions',
        block_id: 'schedule_confirmation',
        elements: [
          {
            type: 'button',
            action_id: SCHEDULE_CONFIRMATION_ACTIONS.schedule,
            text: { type: 'plain_text', text: truncate(`Schedule for ${formatStart(request.startTime, request.timeZone)}`, 75) },
            value: request.id,
            style: 'primary',
          },
          { type: 'button', action_id: SCHEDULE_CONFIRMATION_ACTIONS.change, text: { type: 'plain_text', text: 'Change…' }, value: request.id },
        ],
      },
    ],
  };
}

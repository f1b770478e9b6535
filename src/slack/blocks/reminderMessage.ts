import type { KnownBlock } from '@slack/types';
import type { ShownMeeting } from '../../storage/types.js';
import { MEETING_CARD_ACTIONS } from './meetingCard.js';
import { escapeMrkdwn, formatDuration, slackDate, truncate } from './text.js';

/** The reminder Slack posts in the card's thread before the start. No metadata: Slack never posts scheduled messages that carry it. */
export function reminderMessage(meeting: ShownMeeting, startTime: number, minutesBefore: number): { text: string; blocks: KnownBlock[] } {
  const topic = escapeMrkdwn(meeting.topic);
  return {
    text: truncate(`Reminder: ${topic} starts in ${formatDuration(minutesBefore)}. ${meeting.joinUrl}`, 4000),
    blocks: [
      { type: 'section', block_id: 'reminder', text: { type: 'mrkdwn', text: truncate(`:alarm_clock: *${topic}* starts in ${formatDuration(minutesBefore)} (${slackDate(startTime, '{time}')}).`, 3000) } },
      {
        type: 'actions',
        block_id: 'reminder_actions',
        elements: [{ type: 'button', action_id: MEETING_CARD_ACTIONS.join, text: { type: 'plain_text', text: 'Join meeting' }, url: meeting.joinUrl, style: 'primary' }],
      },
    ],
  };
}

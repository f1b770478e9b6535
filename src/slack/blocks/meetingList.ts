import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, formatDuration, slackDate, truncate } from './text.js';

export const LIST_MORE_ACTION = 'meeting_list_more';

export interface ListedMeeting {
  id: string;
  topic: string;
  /** Absent for meetings without a fixed time (instant, recurring without fixed time). */
  startTime?: number;
  durationMinutes?: number;
  joinUrl: string;
}

/** One line a meeting: time (rendered in the reader's zone), topic linked to its join URL. */
export function meetingLines(meetings: ListedMeeting[]): string[] {
  return meetings.map((meeting) => {
    const when = meeting.startTime === undefined ? 'No fixed time' : slackDate(meeting.startTime, '{date_short_pretty} {time}');
    const length = meeting.durationMinutes ? ` (${formatDuration(meeting.durationMinutes)})` : '';
    return `• ${when}${length}: <${meeting.joinUrl}|${escapeMrkdwn(truncate(meeting.topic, 150))}>`;
  });
}

/** `/zoom list`: one page of upcoming meetings, privately, with "More" while Zoom has more pages. */
export function meetingListMessage(meetings: ListedMeeting[], options: { nextPageToken?: string; page: number }): { text: string; blocks: KnownBlock[] } {
  if (meetings.length === 0 && options.page === 1) {
    return { text: 'You have no upcoming Zoom meetings.', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'You have no upcoming Zoom meetings. Schedule one with `/zoom new`.' } }] };
  }
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: truncate(`*Your upcoming Zoom meetings${options.page > 1 ? ` (page ${options.page})` : ''}*\n${meetingLines(meetings).join('\n')}`, 3000) } },
  ];
  if (options.nextPageToken) {
    blocks.push({
      type: 'actions',
      elements: [
        { type: 'button', action_id: LIST_MORE_ACTION, text: { type: 'plain_text', text: 'More' }, value: JSON.stringify({ token: options.nextPageToken, page: options.page + 1 }).slice(0, 2000) },
      ],
    });
  }
  return { text: `Your upcoming Zoom meetings: ${meetings.length}`, blocks };
}

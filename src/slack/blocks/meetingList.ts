import type { KnownBlock } from '@slack/types';
import { formatDuration, link, packLines, slackDate, truncate } from './text.js';

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
    return `• ${when}${length}: ${link(meeting.joinUrl, truncate(meeting.topic, 150))}`;
  });
}

/** Meeting lines as section blocks, split between lines so no link is ever cut. */
export function meetingSections(meetings: ListedMeeting[]): KnownBlock[] {
  return packLines(meetingLines(meetings)).map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
}

/** More than a page ever holds (the app asks Zoom for 10); keeps any list well inside 50 blocks. */
const LIST_MAX_SHOWN = 20;

/** `/zoom list`: one page of upcoming meetings, privately, with "More" while Zoom has more pages. */
export function meetingListMessage(meetings: ListedMeeting[], options: { nextPageToken?: string; page: number }): { text: string; blocks: KnownBlock[] } {
  if (meetings.length === 0 && options.page === 1) {
    return { text: 'You have no upcoming Zoom meetings.', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'You have no upcoming Zoom meetings. Schedule one with `/zoom new`.' } }] };
  }
  const shown = meetings.slice(0, LIST_MAX_SHOWN);
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*Your upcoming Zoom meetings${options.page > 1 ? ` (page ${options.page})` : ''}*` } },
    ...meetingSections(shown),
  ];
  if (meetings.length > shown.length) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${meetings.length - shown.length} more, in Zoom.` }] });
  }
  if (options.nextPageToken) {
    blocks.push({
      type: 'actions',
      block_id: 'meeting_list_actions',
      elements: [
        { type: 'button', action_id: LIST_MORE_ACTION, text: { type: 'plain_text', text: 'More' }, value: JSON.stringify({ token: options.nextPageToken, page: options.page + 1 }).slice(0, 2000) },
      ],
    });
  }
  return { text: `Your upcoming Zoom meetings: ${meetings.length}`, blocks };
}

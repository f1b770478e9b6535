import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, formatDuration, mention, slackDate, truncate } from './text.js';

export const MEETING_CARD_ACTIONS = {
  join: 'meeting_join',
  edit: 'meeting_edit',
  cancel: 'meeting_cancel',
} as const;

export interface MeetingCardInput {
  meetingId: string;
  topic: string;
  /** Absent for instant meetings. */
  startTime?: number;
  durationMinutes?: number;
  joinUrl: string;
  hostUserId: string;
  agenda?: string;
  invitees?: string[];
  /** Weekly occurrences, when recurring. */
  weeklyOccurrences?: number;
  passcode?: string;
}

/** The card posted to a channel. It carries the join link only: the host's start link never goes here. */
export function meetingCard(meeting: MeetingCardInput): { text: string; blocks: KnownBlock[] } {
  const topic = escapeMrkdwn(meeting.topic);
  const when =
    meeting.startTime === undefined
      ? 'Starting now'
      : `${slackDate(meeting.startTime)}${meeting.durationMinutes ? ` · ${formatDuration(meeting.durationMinutes)}` : ''}`;
  const lines = [
    `:movie_camera: *${topic}*`,
    when + (meeting.weeklyOccurrences ? ` · weekly, ${meeting.weeklyOccurrences} times` : ''),
    `Host: ${mention(meeting.hostUserId)}`,
  ];
  if (meeting.invitees?.length) lines.push(`Invited: ${meeting.invitees.map(mention).join(' ')}`);
  if (meeting.passcode) lines.push(`Passcode: \`${escapeMrkdwn(meeting.passcode)}\``);

  const blocks: KnownBlock[] = [{ type: 'section', block_id: 'meeting', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } }];
  if (meeting.agenda) {
    blocks.push({ type: 'section', block_id: 'agenda', text: { type: 'mrkdwn', text: truncate(escapeMrkdwn(meeting.agenda), 3000) } });
  }
  blocks.push({
    type: 'actions',
    block_id: 'meeting_actions',
    elements: [
      { type: 'button', action_id: MEETING_CARD_ACTIONS.join, text: { type: 'plain_text', text: 'Join meeting' }, url: meeting.joinUrl, style: 'primary' },
      ...(meeting.startTime === undefined
        ? []
        : [{ type: 'button' as const, action_id: MEETING_CARD_ACTIONS.edit, text: { type: 'plain_text' as const, text: 'Edit' }, value: meeting.meetingId }]),
      {
        type: 'button',
        action_id: MEETING_CARD_ACTIONS.cancel,
        text: { type: 'plain_text', text: 'Cancel meeting' },
        value: meeting.meetingId,
        style: 'danger',
        confirm: {
          title: { type: 'plain_text', text: 'Cancel this meeting?' },
          text: { type: 'plain_text', text: truncate(`"${meeting.topic}" will be deleted in Zoom for everyone.`, 300) },
          confirm: { type: 'plain_text', text: 'Cancel meeting' },
          deny: { type: 'plain_text', text: 'Keep it' },
        },
      },
    ],
  });
  const fallbackWhen = meeting.startTime === undefined ? 'now' : new Date(meeting.startTime).toISOString();
  // The top-level text is parsed too (notifications, clients without blocks): the topic escaped here as well.
  return { text: truncate(`Zoom meeting: ${topic} (${fallbackWhen}) ${meeting.joinUrl}`, 4000), blocks };
}

/** Replaces a card whose meeting was cancelled: no join link any more. */
export function cancelledMeetingCard(meeting: { topic: string; startTime?: number; cancelledBy: string }): { text: string; blocks: KnownBlock[] } {
  const when = meeting.startTime === undefined ? '' : ` (${slackDate(meeting.startTime)})`;
  const topic = escapeMrkdwn(meeting.topic);
  const text = `:no_entry_sign: ~${topic}~${when} was cancelled by ${mention(meeting.cancelledBy)}.`;
  return { text: truncate(`Cancelled: ${topic}`, 4000), blocks: [{ type: 'section', block_id: 'meeting', text: { type: 'mrkdwn', text: truncate(text, 3000) } }] };
}

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
  /** What Zoom reported since: live (who is in) or ended (how long it really lasted). */
  status?: CardStatus;
}

export type CardStatus = { kind: 'live'; people: string[] } | { kind: 'ended'; minutes?: number };

/** Names shown on a live card before the rest become a count. */
export const NAMES_SHOWN = 5;

function statusLine(status: CardStatus): string {
  if (status.kind === 'ended') return `:white_check_mark: *Ended*${status.minutes === undefined ? '' : ` · lasted ${formatDuration(Math.max(1, status.minutes))}`}`;
  const { people } = status;
  if (people.length === 0) return ':red_circle: *Live now*';
  const names = people.slice(0, NAMES_SHOWN).map(escapeMrkdwn).join(', ');
  const more = people.length > NAMES_SHOWN ? ` and ${people.length - NAMES_SHOWN} more` : '';
  return `:red_circle: *Live now* · ${people.length} in: ${names}${more}`;
}

/** The card posted to a channel. It carries the join link only: the host's start link never goes here. */
export function meetingCard(meeting: MeetingCardInput): { text: string; blocks: KnownBlock[] } {
  const topic = escapeMrkdwn(meeting.topic);
  const when =
    meeting.startTime === undefined
      ? 'Starting now'
      : `${slackDate(meeting.startTime)}${meeting.durationMinutes ? ` · ${formatDuration(meeting.durationMinutes)}` : ''}`;
  const lines = [
    ...(meeting.status ? [statusLine(meeting.status)] : []),
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
  const fallbackWhen = meeting.startTime === undefined ? 'now' : new Date(meeting.startTime).toISOString();
  if (meeting.status?.kind === 'ended') {
    // Nothing left to join, edit or cancel.
    return { text: truncate(`Zoom meeting ended: ${topic}`, 4000), blocks };
  }
  blocks.push({
    type: 'actions',
    block_id: 'meeting_actions',
    elements: [
      { type: 'button', action_id: MEETING_CARD_ACTIONS.join, text: { type: 'plain_text', text: 'Join meeting' }, url: meeting.joinUrl, style: 'primary' },
      ...(meeting.startTime === undefined || meeting.status
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
  if (meeting.status?.kind === 'live') return { text: truncate(`Live now: ${topic} ${meeting.joinUrl}`, 4000), blocks };
  // The top-level text is parsed too (notifications, clients without blocks): the topic escaped here as well.
  return { text: truncate(`Zoom meeting: ${topic} (${fallbackWhen}) ${meeting.joinUrl}`, 4000), blocks };
}

/** Replaces a card whose meeting was cancelled (by someone in Slack, or deleted in Zoom): no join link any more. */
export function cancelledMeetingCard(meeting: { topic: string; startTime?: number; cancelledBy?: string }): { text: string; blocks: KnownBlock[] } {
  const when = meeting.startTime === undefined ? '' : ` (${slackDate(meeting.startTime)})`;
  const topic = escapeMrkdwn(meeting.topic);
  const text = `:no_entry_sign: ~${topic}~${when} was cancelled ${meeting.cancelledBy ? `by ${mention(meeting.cancelledBy)}` : 'in Zoom'}.`;
  return { text: truncate(`Cancelled: ${topic}`, 4000), blocks: [{ type: 'section', block_id: 'meeting', text: { type: 'mrkdwn', text: truncate(text, 3000) } }] };
}

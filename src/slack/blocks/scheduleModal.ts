import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { LIMITS } from '../../scheduling/validateMeetingRequest.js';
import { reminderOptions } from './settingsModal.js';
import { truncate } from './text.js';

export const SCHEDULE_MODAL_CALLBACK = 'schedule_meeting_modal';
export const EDIT_MODAL_CALLBACK = 'edit_meeting_modal';
export const DURATION_CHOICES = [15, 30, 45, 60, 90, 120] as const;

/** Block ids of the form's inputs; field names in INVALID_REQUEST errors map onto these. */
export const FORM_BLOCKS = {
  topic: 'topic',
  date: 'date',
  time: 'time',
  duration: 'duration',
  agenda: 'agenda',
  channel: 'channel',
  invitees: 'invitees',
  options: 'options',
  recurrence: 'recurrence',
  reminder: 'reminder',
} as const;
/** Every input's element uses this action_id, so reading the state is uniform. */
export const FORM_ACTION = 'value';

/** Carried through the modal in private_metadata (≤ 3000 characters). */
export interface ScheduleModalMetadata {
  timeZone: string;
  /** Fixed destination (message shortcut: the message's thread); otherwise chosen in the form. */
  channelId?: string;
  threadTs?: string;
  /** With a fixed destination: the interaction's response_url, to post through when the bot is not in the channel. */
  responseUrl?: string;
  /** Edit mode: the meeting being changed. */
  meetingId?: string;
}

export interface ScheduleFormValues {
  topic?: string;
  /** YYYY-MM-DD and HH:mm, in metadata.timeZone. */
  date: string;
  time: string;
  durationMinutes: number;
  agenda?: string;
  /** Preselected channel when the channel is chosen in the form. */
  channelId?: string;
  /** The reminder preselected (the user's setting); new meetings only. */
  reminderMinutes?: number;
}

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

function durationOption(minutes: number): PlainTextOption {
  return { text: plain(minutes < 60 || minutes % 60 ? `${minutes} minutes` : `${minutes / 60} hour${minutes === 60 ? '' : 's'}`), value: String(minutes) };
}

/** Shown at once when a trigger arrives, while the user's zone and Zoom link are looked up. */
export function loadingModal(title = 'Schedule a meeting'): ModalView {
  return {
    type: 'modal',
    callback_id: 'loading_modal',
    title: plain(title),
    close: plain('Cancel'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':hourglass_flowing_sand: One moment…' } }],
  };
}

/** The scheduling (or editing) form. */
export function scheduleModal(values: ScheduleFormValues, metadata: ScheduleModalMetadata): ModalView {
  const editing = metadata.meetingId !== undefined;
  const durations = (DURATION_CHOICES as readonly number[]).includes(values.durationMinutes)
    ? DURATION_CHOICES.map(durationOption)
    : [...DURATION_CHOICES, values.durationMinutes].sort((a, b) => a - b).map(durationOption);
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: FORM_BLOCKS.topic,
      label: plain('Topic'),
      element: { type: 'plain_text_input', action_id: FORM_ACTION, max_length: LIMITS.topicMax, initial_value: values.topic ? truncate(values.topic, LIMITS.topicMax) : undefined, placeholder: plain('Design review') },
    },
    { type: 'input', block_id: FORM_BLOCKS.date, label: plain('Date'), element: { type: 'datepicker', action_id: FORM_ACTION, initial_date: values.date } },
    {
      type: 'input',
      block_id: FORM_BLOCKS.time,
      label: plain('Start time'),
      hint: plain(`In your Slack time zone (${metadata.timeZone}).`),
      element: { type: 'timepicker', action_id: FORM_ACTION, initial_time: values.time, timezone: metadata.timeZone },
    },
    {
      type: 'input',
      block_id: FORM_BLOCKS.duration,
      label: plain('Duration'),
      element: { type: 'static_select', action_id: FORM_ACTION, options: durations, initial_option: durationOption(values.durationMinutes) },
    },
    {
      type: 'input',
      block_id: FORM_BLOCKS.agenda,
      label: plain('Agenda'),
      optional: true,
      element: { type: 'plain_text_input', action_id: FORM_ACTION, multiline: true, max_length: LIMITS.agendaMax, initial_value: values.agenda ? truncate(values.agenda, LIMITS.agendaMax) : undefined },
    },
  ];
  if (!editing && metadata.channelId === undefined) {
    blocks.push({
      type: 'input',
      block_id: FORM_BLOCKS.channel,
      label: plain('Post to channel'),
      element: {
        type: 'conversations_select',
        action_id: FORM_ACTION,
        initial_conversation: values.channelId,
        default_to_current_conversation: values.channelId === undefined,
        // Slack then includes a response_url: the fallback when the bot is not in that channel.
        response_url_enabled: true,
        filter: { include: ['public', 'private'], exclude_bot_users: true },
      },
    });
  }
  if (!editing) {
    const reminders = reminderOptions(values.reminderMinutes ?? 0);
    blocks.push(
      {
        type: 'input',
        block_id: FORM_BLOCKS.reminder,
        label: plain('Reminder'),
        hint: plain("Posted in the meeting card's thread with the Join button. Your default is in /zoom settings."),
        element: { type: 'static_select', action_id: FORM_ACTION, options: reminders.options, initial_option: reminders.initial },
      },
      {
        type: 'input',
        block_id: FORM_BLOCKS.invitees,
        label: plain('Invite'),
        optional: true,
        hint: plain('They are mentioned on the meeting card.'),
        element: { type: 'multi_users_select', action_id: FORM_ACTION, max_selected_items: 30 },
      },
      {
        type: 'input',
        block_id: FORM_BLOCKS.options,
        label: plain('Options'),
        optional: true,
        element: {
          type: 'checkboxes',
          action_id: FORM_ACTION,
          options: [
            { text: plain('Waiting room'), value: 'waiting_room' },
            { text: plain('Passcode (generated by Zoom)'), value: 'passcode' },
          ],
        },
      },
      {
        type: 'input',
        block_id: FORM_BLOCKS.recurrence,
        label: plain('Repeat weekly, number of times'),
        optional: true,
        hint: plain(`Leave empty for a one-off meeting; ${LIMITS.weeklyMin} to ${LIMITS.weeklyMax} for a weekly series.`),
        element: { type: 'number_input', action_id: FORM_ACTION, is_decimal_allowed: false },
      },
    );
  }
  return {
    type: 'modal',
    callback_id: editing ? EDIT_MODAL_CALLBACK : SCHEDULE_MODAL_CALLBACK,
    private_metadata: JSON.stringify(metadata),
    title: plain(editing ? 'Edit meeting' : 'Schedule a meeting'),
    submit: plain(editing ? 'Save' : 'Schedule'),
    close: plain('Cancel'),
    blocks,
  };
}

/** Instead of the form, for a user with no Zoom link: the button opens Zoom's authorize page. */
export function connectModal(options: { authorizeUrl: string; validMinutes: number; connectActionId: string }): ModalView {
  return {
    type: 'modal',
    callback_id: 'connect_modal',
    title: plain('Connect Zoom'),
    close: plain('Close'),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: 'To schedule Zoom meetings from Slack, first link your Zoom account. Zoom will ask you to allow access, then you confirm the link on the page that follows. The link is for you only: do not forward it.' } },
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: options.connectActionId, text: plain('Connect Zoom account'), url: options.authorizeUrl, style: 'primary' }],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `The link works once, for ${options.validMinutes} minutes. Then run the command again.` }] },
    ],
  };
}

/** A modal that only says something (e.g. why the form cannot open). */
export function messageModal(title: string, text: string): ModalView {
  return { type: 'modal', title: plain(truncate(title, 24)), close: plain('Close'), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } }] };
}

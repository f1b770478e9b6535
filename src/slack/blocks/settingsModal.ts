import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { DELIVERY_TARGETS, REMINDER_CHOICES } from '../../scheduling/userSettings.js';
import type { DeliveryTarget, UserSettings } from '../../storage/types.js';
import { DURATION_CHOICES, FORM_ACTION } from './scheduleModal.js';
import { formatDuration } from './text.js';

export const SETTINGS_MODAL_CALLBACK = 'settings_modal';

export const SETTINGS_BLOCKS = {
  reminder: 'reminder',
  recording: 'recording',
  recordingPasscode: 'recording_passcode',
  summary: 'summary',
  duration: 'default_duration',
} as const;

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

export function reminderLabel(minutes: number): string {
  return minutes === 0 ? 'No reminder' : `${formatDuration(minutes)} before`;
}

const DELIVERY_LABELS: Record<DeliveryTarget, string> = { thread: "In the meeting card's thread", dm: 'To me by DM', off: 'Off' };
export const deliveryLabel = (target: DeliveryTarget): string => DELIVERY_LABELS[target];

/** The reminder choices, with `current` added when it is not one of them (a value saved on an older form). */
export function reminderOptions(current: number): { options: PlainTextOption[]; initial: PlainTextOption } {
  const values = (REMINDER_CHOICES as readonly number[]).includes(current) ? [...REMINDER_CHOICES] : [...REMINDER_CHOICES, current].sort((a, b) => a - b);
  const option = (minutes: number): PlainTextOption => ({ text: plain(reminderLabel(minutes)), value: String(minutes) });
  return { options: values.map(option), initial: option(current) };
}

function select(blockId: string, label: string, options: PlainTextOption[], initial: PlainTextOption, hint?: string): KnownBlock {
  return { type: 'input', block_id: blockId, label: plain(label), ...(hint ? { hint: plain(hint) } : {}), element: { type: 'static_select', action_id: FORM_ACTION, options, initial_option: initial } };
}

/** `/zoom settings` and the Home tab's Settings button: the user's defaults for new meetings and what follows them. */
export function settingsModal(settings: UserSettings): ModalView {
  const delivery = (target: DeliveryTarget): PlainTextOption => ({ text: plain(deliveryLabel(target)), value: target });
  const duration = (minutes: number): PlainTextOption => ({ text: plain(formatDuration(minutes)), value: String(minutes) });
  const durations = (DURATION_CHOICES as readonly number[]).includes(settings.defaultDurationMinutes)
    ? [...DURATION_CHOICES]
    : [...DURATION_CHOICES, settings.defaultDurationMinutes].sort((a, b) => a - b);
  const reminders = reminderOptions(settings.reminderMinutes);
  const passcodeOption = { text: plain('Include the recording passcode'), description: plain('It stays in the channel history.'), value: 'include' };
  return {
    type: 'modal',
    callback_id: SETTINGS_MODAL_CALLBACK,
    title: plain('Zoom settings'),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks: [
      select(SETTINGS_BLOCKS.reminder, 'Reminder', reminders.options, reminders.initial, "Posted in the meeting card's thread with the Join button. You can change it per meeting in the form."),
      select(SETTINGS_BLOCKS.duration, 'Default duration', durations.map(duration), duration(settings.defaultDurationMinutes)),
      select(SETTINGS_BLOCKS.recording, 'Cloud recording link', DELIVERY_TARGETS.map(delivery), delivery(settings.recordingTo)),
      {
        type: 'input',
        block_id: SETTINGS_BLOCKS.recordingPasscode,
        label: plain('Recording passcode'),
        optional: true,
        element: { type: 'checkboxes', action_id: FORM_ACTION, options: [passcodeOption], ...(settings.recordingPasscode ? { initial_options: [passcodeOption] } : {}) },
      },
      select(SETTINGS_BLOCKS.summary, 'AI meeting summary', DELIVERY_TARGETS.map(delivery), delivery(settings.summaryTo), 'When Zoom makes one (AI Companion must be on for your account).'),
    ],
  };
}

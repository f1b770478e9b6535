import type { ViewOutput } from '@slack/bolt';
import { DELIVERY_TARGETS, DEFAULT_USER_SETTINGS } from '../../scheduling/userSettings.js';
import { LIMITS } from '../../scheduling/validateMeetingRequest.js';
import type { DeliveryTarget, UserSettings } from '../../storage/types.js';
import { FORM_ACTION } from '../blocks/scheduleModal.js';
import { SETTINGS_BLOCKS } from '../blocks/settingsModal.js';

/** The submitted settings form; a value the form could not have sent falls back to the default. */
export function readSettingsForm(view: ViewOutput): UserSettings {
  const field = (block: string) => view.state.values[block]?.[FORM_ACTION];
  const minutes = (block: string, fallback: number, max: number) => {
    const value = Number(field(block)?.selected_option?.value);
    return Number.isInteger(value) && value >= 0 && value <= max ? value : fallback;
  };
  const target = (block: string, fallback: DeliveryTarget): DeliveryTarget => {
    const value = field(block)?.selected_option?.value as DeliveryTarget | undefined;
    return value && DELIVERY_TARGETS.includes(value) ? value : fallback;
  };
  const duration = minutes(SETTINGS_BLOCKS.duration, DEFAULT_USER_SETTINGS.defaultDurationMinutes, LIMITS.durationMax);
  return {
    reminderMinutes: minutes(SETTINGS_BLOCKS.reminder, DEFAULT_USER_SETTINGS.reminderMinutes, 24 * 60),
    defaultDurationMinutes: duration === 0 ? DEFAULT_USER_SETTINGS.defaultDurationMinutes : duration,
    recordingTo: target(SETTINGS_BLOCKS.recording, DEFAULT_USER_SETTINGS.recordingTo),
    recordingPasscode: (field(SETTINGS_BLOCKS.recordingPasscode)?.selected_options ?? []).some((option) => option.value === 'include'),
    summaryTo: target(SETTINGS_BLOCKS.summary, DEFAULT_USER_SETTINGS.summaryTo),
  };
}

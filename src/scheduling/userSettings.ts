import type { DeliveryTarget, UserSettings, UserSettingsStore } from '../storage/types.js';
import { DEFAULT_DURATION_MINUTES } from './duration.js';
import type { Requester } from './types.js';

/** What a user who never opened `/zoom settings` gets. */
export const DEFAULT_USER_SETTINGS: UserSettings = {
  reminderMinutes: 10,
  recordingTo: 'thread',
  recordingPasscode: false,
  summaryTo: 'thread',
  defaultDurationMinutes: DEFAULT_DURATION_MINUTES,
};

/** The lead times offered for a reminder (0 = none). */
export const REMINDER_CHOICES = [0, 1, 5, 10, 15, 30, 60] as const;
export const DELIVERY_TARGETS: readonly DeliveryTarget[] = ['thread', 'dm', 'off'];

/** The user's settings, defaults filled in (a setting added later reads as its default). */
export async function settingsOf(store: UserSettingsStore, requester: Requester): Promise<UserSettings> {
  return { ...DEFAULT_USER_SETTINGS, ...(await store.get(requester.teamId, requester.userId)) };
}

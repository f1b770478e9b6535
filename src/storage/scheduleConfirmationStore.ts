import { takeOnce } from './keyValue.js';
import type { KeyValue, LockManager, ScheduleConfirmation, ScheduleConfirmationStore } from './types.js';

/** A question nobody answered within a day is dropped: the user has moved on (and the time has likely passed). */
export const SCHEDULE_CONFIRMATION_TTL_MS = 24 * 60 * 60 * 1000;

/** Keyed by team and user too, so a button's value taken from another user's message finds nothing. */
const confirmationKey = (teamId: string, userId: string, id: string) => `${teamId}:${userId}:${id}`;

export function createScheduleConfirmationStore(records: KeyValue, locks: LockManager): ScheduleConfirmationStore {
  return {
    put: (c) => records.set(confirmationKey(c.teamId, c.userId, c.id), c, SCHEDULE_CONFIRMATION_TTL_MS),
    take: (teamId, userId, id) => takeOnce<ScheduleConfirmation>(records, locks, 'take-schedule-confirmation', confirmationKey(teamId, userId, id)),
  };
}

import { teamScopedRecords } from './teamScopedRecords.js';
import type { KeyValue, LockManager, UserSettings, UserSettingsStore } from './types.js';

/** Each user's settings, findable by workspace so an uninstall leaves none behind. */
export function createUserSettingsStore(records: KeyValue, indexes: KeyValue, locks: LockManager): UserSettingsStore {
  const byTeam = teamScopedRecords(records, indexes, locks, 'user-settings-index');
  const key = (teamId: string, userId: string) => `${teamId}:${userId}`;
  return {
    get: (teamId, userId) => records.get<UserSettings>(key(teamId, userId)),
    save: (teamId, userId, settings) => byTeam.set(teamId, key(teamId, userId), settings),
    deleteTeam: (teamId) => byTeam.deleteTeam(teamId),
  };
}

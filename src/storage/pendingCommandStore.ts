import { takeOnce } from './keyValue.js';
import { teamScopedRecords } from './teamScopedRecords.js';
import type { KeyValue, LockManager, PendingCommand, PendingCommandStore } from './types.js';

/** A command nobody resumed within a day is dropped: the user has moved on. */
export const PENDING_COMMAND_TTL_MS = 24 * 60 * 60 * 1000;

export function createPendingCommandStore(records: KeyValue, indexes: KeyValue, locks: LockManager): PendingCommandStore {
  const byTeam = teamScopedRecords(records, indexes, locks, 'pending-command-index');
  return {
    put: (command) => byTeam.set(command.teamId, command.id, command, PENDING_COMMAND_TTL_MS),
    async take(id) {
      const command = await takeOnce<PendingCommand>(records, locks, 'take-pending-command', id);
      if (command) await byTeam.forget(id, command.teamId);
      return command;
    },
    deleteTeam: (teamId) => byTeam.deleteTeam(teamId),
  };
}

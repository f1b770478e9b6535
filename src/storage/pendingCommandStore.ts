import { takeOnce } from './keyValue.js';
import { teamScopedRecords } from './teamScopedRecords.js';
import type { KeyValue, LockManager, PendingCommand, PendingCommandStore } from './types.js';

/** A command nobody resumed within a day is dropped: the user has moved on. */
export const PENDING_COMMAND_TTL_MS = 24 * 60 * 60 * 1000;

const commandKey = (teamId: string, userId: string, id: string) => `${teamId}:${userId}:${id}`;

export function createPendingCommandStore(records: KeyValue, indexes: KeyValue, locks: LockManager): PendingCommandStore {
  const byTeam = teamScopedRecords(records, indexes, locks, 'pending-command-index');
  return {
    put: (command) => byTeam.set(command.teamId, commandKey(command.teamId, command.userId, command.id), command, PENDING_COMMAND_TTL_MS),

    async takeForUser(teamId, userId) {
      const prefix = commandKey(teamId, userId, '');
      const taken: PendingCommand[] = [];
      for (const key of (await byTeam.keys(teamId)).filter((k) => k.startsWith(prefix))) {
        // Single-use across instances: two connects finishing at once cannot both run a command.
        const command = await takeOnce<PendingCommand>(records, locks, 'take-pending-command', key);
        if (command) taken.push(command);
        await byTeam.forget(key, teamId);
      }
      return taken.sort((a, b) => a.createdAt - b.createdAt);
    },

    deleteTeam: (teamId) => byTeam.deleteTeam(teamId),
  };
}

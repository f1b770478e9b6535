import { takeOnce } from './keyValue.js';
import type { KeyValue, LockManager, PendingCommand, PendingCommandStore } from './types.js';

/** A command nobody resumed within a day is dropped: the user has moved on. */
export const PENDING_COMMAND_TTL_MS = 24 * 60 * 60 * 1000;

export function createPendingCommandStore(records: KeyValue, locks: LockManager): PendingCommandStore {
  return {
    put: (command) => records.set(command.id, command, PENDING_COMMAND_TTL_MS),
    take: (id) => takeOnce<PendingCommand>(records, locks, 'take-pending-command', id),
  };
}

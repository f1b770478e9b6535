import { createKeyIndex } from './keyIndex.js';
import type { KeyValue, LockManager } from './types.js';

/**
 * Records that belong to a Slack workspace, findable by it: an uninstall must leave nothing of the
 * workspace behind, and keyv cannot query by value. The index is written before a record and cleaned
 * after it, so a crash leaves at most an extra index entry (deleting a missing record is harmless).
 */
export function teamScopedRecords(records: KeyValue, indexes: KeyValue, locks: LockManager, lockName: string) {
  const index = createKeyIndex(indexes);
  const teamIndexKey = (teamId: string) => `team:${teamId}`;
  return {
    set: <T>(teamId: string, key: string, value: T, ttlMs?: number) =>
      locks.withLock(lockName, async () => {
        await index.add(teamIndexKey(teamId), key);
        await records.set(key, value, ttlMs);
      }),

    /** Removes the record, and its index entry when the team is known (else deleteTeam meets a missing record: harmless). */
    forget: (key: string, teamId?: string) =>
      locks.withLock(lockName, async () => {
        await records.delete(key);
        if (teamId) await index.remove(teamIndexKey(teamId), key);
      }),

    /** The keys recorded for a team (some may have expired since). */
    keys: (teamId: string) => index.keys(teamIndexKey(teamId)),

    deleteTeam: (teamId: string) =>
      locks.withLock(lockName, async () => {
        for (const key of await index.keys(teamIndexKey(teamId))) await records.delete(key);
        await index.drop(teamIndexKey(teamId));
      }),
  };
}

import { createKeyIndex } from './keyIndex.js';
import type { KeyValue, LockManager } from './types.js';

/** Every this many additions, index entries whose records expired are dropped (amortised: one read per add). */
const PRUNE_EVERY = 256;

/**
 * Records that belong to a Slack workspace, findable by it: an uninstall must leave nothing of the
 * workspace behind, and keyv cannot query by value. The index is written before a record and cleaned
 * after it, so a crash leaves at most an extra index entry (deleting a missing record is harmless).
 * Each workspace has its own lock, so workspaces never wait on each other.
 */
export function teamScopedRecords(records: KeyValue, indexes: KeyValue, locks: LockManager, lockName: string) {
  const index = createKeyIndex(indexes);
  const teamIndexKey = (teamId: string) => `team:${teamId}`;
  const teamLock = (teamId: string) => `${lockName}:${teamId}`;

  const prune = async (teamId: string, keys: string[]) => {
    const live = await Promise.all(keys.map(async (key) => ((await records.get(key)) === undefined ? undefined : key)));
    await index.replace(
      teamIndexKey(teamId),
      live.filter((key): key is string => key !== undefined),
    );
  };

  return {
    async set<T>(teamId: string, key: string, value: T, ttlMs?: number): Promise<void> {
      // A record already in the index is rewritten without the workspace's lock: updates are made under other
      // locks (a meeting's), and waiting here behind a first save that waits for a lock connection would let
      // those holders take every connection and deadlock.
      if ((await index.keys(teamIndexKey(teamId))).includes(key)) return records.set(key, value, ttlMs);
      await locks.withLock(teamLock(teamId), async () => {
        const keys = await index.add(teamIndexKey(teamId), key);
        await records.set(key, value, ttlMs);
        if (keys.length % PRUNE_EVERY === 0) await prune(teamId, keys);
      });
    },

    /** Removes the record and its index entry. */
    forget: (key: string, teamId: string) =>
      locks.withLock(teamLock(teamId), async () => {
        await records.delete(key);
        await index.remove(teamIndexKey(teamId), key);
      }),

    /** The keys recorded for a team (some may have expired since). */
    keys: (teamId: string) => index.keys(teamIndexKey(teamId)),

    deleteTeam: (teamId: string) =>
      locks.withLock(teamLock(teamId), async () => {
        for (const key of await index.keys(teamIndexKey(teamId))) await records.delete(key);
        await index.drop(teamIndexKey(teamId));
      }),
  };
}

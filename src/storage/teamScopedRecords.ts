import { groupCommit } from './groupCommit.js';
import { createKeyIndex } from './keyIndex.js';
import type { KeyValue, LockManager } from './types.js';

/** Every this many additions, index entries whose records expired are dropped (amortised: one read per add). */
const PRUNE_EVERY = 256;

/**
 * Records that belong to a Slack workspace, findable by it: an uninstall must leave nothing of the
 * workspace behind, and keyv cannot query by value. The index is written before a record and cleaned
 * after it, so a crash leaves at most an extra index entry (deleting a missing record is harmless).
 * Each workspace has its own lock, so workspaces never wait on each other; within one, additions made
 * together are written to its index together (group commit), so concurrent creates do not queue one by one.
 * A record written while its workspace is being dropped may outlive the drop (then it is in no index).
 */
export function teamScopedRecords(records: KeyValue, indexes: KeyValue, locks: LockManager, lockName: string) {
  const index = createKeyIndex(indexes);
  const teamIndexKey = (teamId: string) => `team:${teamId}`;
  const teamLock = (teamId: string) => `${lockName}:${teamId}`;

  /** Drops entries whose records are gone; `adding` are being written right now, so they stay. */
  const prune = async (teamId: string, keys: string[], adding: Map<string, true>) => {
    const live = await Promise.all(keys.map(async (key) => (adding.has(key) || (await records.get(key)) !== undefined ? key : undefined)));
    await index.replace(
      teamIndexKey(teamId),
      live.filter((key): key is string => key !== undefined),
    );
  };

  const additions = new Map<string, ReturnType<typeof groupCommit<string, true>>>();
  const addToIndex = (teamId: string, key: string) => {
    let group = additions.get(teamId);
    if (!group) {
      group = groupCommit<string, true>((added) =>
        locks.withLock(teamLock(teamId), async () => {
          const keys = await index.addMany(teamIndexKey(teamId), [...added.keys()]);
          if (Math.floor(keys.length / PRUNE_EVERY) > Math.floor((keys.length - added.size) / PRUNE_EVERY)) await prune(teamId, keys, added);
        }),
      );
      additions.set(teamId, group);
    }
    return group.set(key, true);
  };

  return {
    async set<T>(teamId: string, key: string, value: T, ttlMs?: number): Promise<void> {
      // A record that exists is indexed (the index is written first), so it is rewritten without touching the
      // index: one small read, not the workspace's whole index (a year of meeting cards), and no lock: updates
      // are made under other locks (a meeting's), and waiting here behind a first save that waits for a lock
      // connection would let those holders take every connection and deadlock.
      if ((await records.get(key)) !== undefined) return records.set(key, value, ttlMs);
      await addToIndex(teamId, key);
      await records.set(key, value, ttlMs);
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

import type { GrantStore, LockManager, ZoomGrant } from '../../src/storage/types.js';

/**
 * In-memory test doubles of GrantStore and LockManager. Records are copied in and out (like a real store), so a
 * caller never shares an object with the store. One instance shared by two token managers stands for a shared DB.
 */

export interface MemoryGrantStore extends GrantStore {
  readonly saves: ZoomGrant[];
  readonly deletes: Array<{ teamId: string; userId: string }>;
  /** Synchronous peek for assertions. */
  peek(teamId: string, userId: string): ZoomGrant | undefined;
}

const key = (teamId: string, userId: string) => `${teamId}\u0000${userId}`;

export function createMemoryGrantStore(initial: ZoomGrant[] = []): MemoryGrantStore {
  const rows = new Map<string, ZoomGrant>(initial.map((g) => [key(g.teamId, g.userId), structuredClone(g)]));
  const saves: ZoomGrant[] = [];
  const deletes: Array<{ teamId: string; userId: string }> = [];
  return {
    saves,
    deletes,
    peek: (teamId, userId) => {
      const row = rows.get(key(teamId, userId));
      return row && structuredClone(row);
    },
    async get(teamId, userId) {
      const row = rows.get(key(teamId, userId));
      return row && structuredClone(row);
    },
    async save(grant) {
      saves.push(structuredClone(grant));
      rows.set(key(grant.teamId, grant.userId), structuredClone(grant));
    },
    async delete(teamId, userId) {
      deletes.push({ teamId, userId });
      rows.delete(key(teamId, userId));
    },
    async listByZoomUser(zoomUserId) {
      return [...rows.values()].filter((g) => g.zoomUserId === zoomUserId).map((g) => structuredClone(g));
    },
    async listByTeam(teamId) {
      return [...rows.values()].filter((g) => g.teamId === teamId).map((g) => structuredClone(g));
    },
    async listByEnterprise(enterpriseId) {
      return [...rows.values()].filter((g) => g.enterpriseId === enterpriseId).map((g) => structuredClone(g));
    },
  };
}

export interface MemoryLockManager extends LockManager {
  /** Names in the order the lock was granted. */
  readonly acquired: string[];
}

/** A fair FIFO mutex per name. */
export function createMemoryLockManager(): MemoryLockManager {
  const tails = new Map<string, Promise<void>>();
  const acquired: string[] = [];
  return {
    acquired,
    async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
      const previous = tails.get(name) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((resolve) => {
        release = resolve;
      });
      const tail = previous.then(() => mine);
      tails.set(name, tail);
      await previous;
      acquired.push(name);
      try {
        return await fn();
      } finally {
        release();
        if (tails.get(name) === tail) tails.delete(name);
      }
    },
  };
}

import type { CrossProcessLock } from './backend.js';
import type { LockManager } from './types.js';

/**
 * Named locks: callers in this process queue on a promise chain per name (so only one of them at a time
 * also contends for the cross-process lock), then the cross-process lock, when the backend has one, keeps
 * other processes out. Names are prefixed with the namespace, so separate namespaces never contend.
 * Not re-entrant: calling withLock(name) inside withLock(name) waits forever.
 */
export function createLockManager(namespace: string, crossProcessLock?: CrossProcessLock): LockManager {
  /** Per name, a promise that settles when the last queued holder releases; removed when idle. */
  const queues = new Map<string, Promise<void>>();

  return {
    async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
      const lockName = `${namespace}:${name}`;
      const previous = queues.get(lockName) ?? Promise.resolve();
      let releaseLocal!: () => void;
      const released = new Promise<void>((resolve) => {
        releaseLocal = resolve;
      });
      const queue = previous.then(() => released);
      queues.set(lockName, queue);

      await previous;
      try {
        return await (crossProcessLock ? crossProcessLock.withLock(lockName, fn) : fn());
      } finally {
        releaseLocal();
        if (queues.get(lockName) === queue) queues.delete(lockName);
      }
    },
  };
}

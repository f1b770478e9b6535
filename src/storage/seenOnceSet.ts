import type { KeyValue, LockManager, SeenOnceSet } from './types.js';

/** Claims under the id's lock, so of racing claimers (in any process sharing the store) exactly one wins. */
export function createSeenOnceSet(records: KeyValue, locks: LockManager): SeenOnceSet {
  return {
    claim: (id, ttlMs) =>
      locks.withLock(`claim-once:${id}`, async () => {
        if ((await records.get<true>(id)) !== undefined) return false;
        await records.set(id, true, ttlMs);
        return true;
      }),
  };
}

import { createKeyIndex } from './keyIndex.js';
import type { GrantStore, KeyValue, LockManager, ZoomGrant } from './types.js';

/**
 * Grants keyed by team and user, plus index records listing grant keys: per Zoom user, per team and per
 * Enterprise Grid org.
 * Every change runs under one lock, so concurrent saves never drop each other's index entries. Indexes
 * are written before the grant on save and after it on delete, so a crash in between leaves only extra
 * entries, which the list methods skip by checking each grant they load.
 */

const INDEX_LOCK = 'grant-index';

const grantKey = (teamId: string, userId: string) => `${teamId}:${userId}`;
const zoomUserIndexKey = (zoomUserId: string) => `zoom-user:${zoomUserId}`;
const teamIndexKey = (teamId: string) => `team:${teamId}`;
const enterpriseIndexKey = (enterpriseId: string) => `enterprise:${enterpriseId}`;

/** Every index a grant belongs to. */
const indexKeysOf = (grant: ZoomGrant): string[] => [
  teamIndexKey(grant.teamId),
  zoomUserIndexKey(grant.zoomUserId),
  ...(grant.enterpriseId ? [enterpriseIndexKey(grant.enterpriseId)] : []),
];

export function createGrantStore(grants: KeyValue, indexes: KeyValue, locks: LockManager): GrantStore {
  const index = createKeyIndex(indexes);
  const addToIndex = index.add;
  const removeFromIndex = index.remove;

  const listIndexed = async (indexKey: string, belongs: (grant: ZoomGrant) => boolean) => {
    const keys = await index.keys(indexKey);
    const found = await Promise.all(keys.map((key) => grants.get<ZoomGrant>(key)));
    return found.filter((grant): grant is ZoomGrant => grant !== undefined && belongs(grant));
  };

  return {
    get: (teamId, userId) => grants.get<ZoomGrant>(grantKey(teamId, userId)),

    save: (grant) =>
      locks.withLock(INDEX_LOCK, async () => {
        const key = grantKey(grant.teamId, grant.userId);
        const previous = await grants.get<ZoomGrant>(key);
        const current = indexKeysOf(grant);
        for (const indexKey of current) await addToIndex(indexKey, key);
        await grants.set(key, grant);
        for (const stale of previous ? indexKeysOf(previous).filter((indexKey) => !current.includes(indexKey)) : []) {
          await removeFromIndex(stale, key);
        }
      }),

    delete: (teamId, userId) =>
      locks.withLock(INDEX_LOCK, async () => {
        const key = grantKey(teamId, userId);
        const previous = await grants.get<ZoomGrant>(key);
        if (!previous) return;
        await grants.delete(key);
        for (const indexKey of indexKeysOf(previous)) await removeFromIndex(indexKey, key);
      }),

    listByZoomUser: (zoomUserId) => listIndexed(zoomUserIndexKey(zoomUserId), (grant) => grant.zoomUserId === zoomUserId),

    listByTeam: (teamId) => listIndexed(teamIndexKey(teamId), (grant) => grant.teamId === teamId),

    listByEnterprise: (enterpriseId) => listIndexed(enterpriseIndexKey(enterpriseId), (grant) => grant.enterpriseId === enterpriseId),
  };
}

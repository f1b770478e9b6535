import type { Clock } from '../clock.js';
import { takeOnce } from './keyValue.js';
import type { KeyValue, LockManager, OAuthStateRecord, OAuthStateStore } from './types.js';

/**
 * The TTL only cleans up abandoned states; the caller refuses expired ones. The grace keeps a state
 * readable a little past expiresAt, so the caller can tell "expired" from "unknown".
 */
const CLEANUP_GRACE_MS = 60_000;

export function createOAuthStateStore(records: KeyValue, locks: LockManager, clock: Clock): OAuthStateStore {
  return {
    put: (state, record) => records.set(state, record, Math.max(record.expiresAt - clock.now(), 0) + CLEANUP_GRACE_MS),
    take: (state) => takeOnce<OAuthStateRecord>(records, locks, 'take-oauth-state', state),
  };
}

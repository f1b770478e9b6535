import { createHash } from 'node:crypto';
import type { ConnectLink, ConnectLinkStore, KeyValue, LockManager } from './types.js';

/**
 * Keys are hashes of the page token and of the OAuth state, so neither secret is a key in the store (keys are not
 * encrypted; values are).
 */
const keyOf = (secret: string) => createHash('sha256').update(secret).digest('base64url');

export function createConnectLinkStore(links: KeyValue, pageTokensByState: KeyValue, locks: LockManager): ConnectLinkStore {
  return {
    save: (pageToken, link, ttlMs) => links.set(keyOf(pageToken), link, ttlMs),
    get: (pageToken) => links.get<ConnectLink>(keyOf(pageToken)),
    delete: (pageToken) => links.delete(keyOf(pageToken)),
    rememberPage: (state, pageToken, ttlMs) => pageTokensByState.set(keyOf(state), pageToken, ttlMs),
    pageTokenFor: (state) => pageTokensByState.get<string>(keyOf(state)),
    withLock: (pageToken, fn) => locks.withLock(`connect-link:${keyOf(pageToken)}`, fn),
  };
}

import { createHash } from 'node:crypto';
import type { Backend } from './backend.js';
import type { SeenOnceSet } from './types.js';

/**
 * A set of ids over the backend's atomic claim. Ids are stored as hashes under `<keyPrefix>`: an id may be a
 * secret until used (an install state), and keys, unlike values, are not encrypted.
 */
export function createSeenOnceSet(backend: Pick<Backend, 'claimOnce'>, keyPrefix: string): SeenOnceSet {
  return {
    claim: (id, ttlMs) => backend.claimOnce(`${keyPrefix}${createHash('sha256').update(id).digest('base64url')}`, ttlMs),
  };
}

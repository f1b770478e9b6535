import type Keyv from 'keyv';
import type { TokenCipher } from './crypto.js';
import type { KeyValue, LockManager } from './types.js';

/**
 * A store's records within the shared Keyv: keys prefixed with `name:` so stores never collide, values
 * JSON-encoded and encrypted before they reach Keyv. The record's name and key are authenticated with
 * the ciphertext, so a value copied under another key (another user's grant) does not decrypt.
 */
export function encryptedKeyValue(keyv: Keyv, cipher: TokenCipher, name: string): KeyValue {
  const storedKey = (key: string) => `${name}:${key}`;
  return {
    async get<T>(key: string): Promise<T | undefined> {
      const payload = await keyv.get<string>(storedKey(key));
      return payload === undefined ? undefined : (JSON.parse(cipher.decrypt(payload, storedKey(key))) as T);
    },
    async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
      await keyv.set(storedKey(key), cipher.encrypt(JSON.stringify(value), storedKey(key)), ttlMs);
    },
    async delete(key: string): Promise<void> {
      await keyv.delete(storedKey(key));
    },
  };
}

/** Fetches and deletes under the key's lock, so of racing takers (in any process) exactly one gets the value. */
export function takeOnce<T>(records: KeyValue, locks: LockManager, lockName: string, key: string): Promise<T | undefined> {
  return locks.withLock(`${lockName}:${key}`, async () => {
    const value = await records.get<T>(key);
    if (value !== undefined) await records.delete(key);
    return value;
  });
}

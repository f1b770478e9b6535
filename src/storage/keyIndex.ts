import type { KeyValue } from './types.js';

/**
 * Index records: a key-value entry holding the list of record keys that belong to something (a team,
 * a Zoom user). keyv cannot query by value, so stores keep these beside their records. Callers hold a
 * lock around changes, so concurrent writers never drop each other's entries.
 */
export function createKeyIndex(indexes: KeyValue) {
  async function addMany(indexKey: string, added: string[]): Promise<string[]> {
    const keys = (await indexes.get<string[]>(indexKey)) ?? [];
    const fresh = added.filter((key) => !keys.includes(key));
    if (fresh.length === 0) return keys;
    const updated = [...keys, ...fresh];
    await indexes.set(indexKey, updated);
    return updated;
  }

  return {
    /** Adds the key; returns the index as it now is. */
    add: (indexKey: string, key: string): Promise<string[]> => addMany(indexKey, [key]),

    /** Adds the keys not in it yet; returns the index as it now is. */
    addMany,

    replace: (indexKey: string, keys: string[]): Promise<void> => (keys.length > 0 ? indexes.set(indexKey, keys) : indexes.delete(indexKey)),

    async remove(indexKey: string, key: string): Promise<void> {
      const keys = (await indexes.get<string[]>(indexKey)) ?? [];
      const remaining = keys.filter((existing) => existing !== key);
      if (remaining.length === keys.length) return;
      await (remaining.length > 0 ? indexes.set(indexKey, remaining) : indexes.delete(indexKey));
    },

    async keys(indexKey: string): Promise<string[]> {
      return (await indexes.get<string[]>(indexKey)) ?? [];
    },

    drop: (indexKey: string): Promise<void> => indexes.delete(indexKey),
  };
}

export type KeyIndex = ReturnType<typeof createKeyIndex>;

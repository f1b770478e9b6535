import { join } from 'node:path';
import type { Backend } from './backend.js';
import { importLegacyJsonStore } from './legacyJsonStore.js';
import { SqliteStore } from './sqliteStore.js';

/** Everything in one SQLite file under dataDir, for a single process. */
export const EMBEDDED_STORE_FILE = 'store.sqlite';
/** The JSON file the embedded store used before SQLite; imported once on the first start. */
export const LEGACY_STORE_FILE = 'store.json';

export async function openEmbeddedBackend(dataDir: string): Promise<Backend> {
  const store = SqliteStore.open(join(dataDir, EMBEDDED_STORE_FILE));
  try {
    await importLegacyJsonStore(join(dataDir, LEGACY_STORE_FILE), store);
  } catch (error) {
    await store.disconnect();
    throw error;
  }
  return {
    kind: 'embedded',
    store,
    claimOnce: async (key, ttlMs) => store.claimOnce(key, ttlMs),
    ping: async () => store.ping(),
    close: () => store.disconnect(),
  };
}

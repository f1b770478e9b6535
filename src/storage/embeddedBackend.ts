import { join } from 'node:path';
import type { Backend } from './backend.js';
import { JsonFileStore } from './jsonFileStore.js';

/** Everything in one file under dataDir, for a single instance. */
export const EMBEDDED_STORE_FILE = 'store.json';

export async function openEmbeddedBackend(dataDir: string): Promise<Backend> {
  const store = await JsonFileStore.open(join(dataDir, EMBEDDED_STORE_FILE));
  return {
    kind: 'embedded',
    store,
    ping: async () => {
      await store.get('ping');
    },
    close: () => store.disconnect(),
  };
}

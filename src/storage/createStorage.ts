import Keyv from 'keyv';
import type { Clock } from '../clock.js';
import type { Backend } from './backend.js';
import { createConnectLinkStore } from './connectLinkStore.js';
import { createTokenCipher, loadOrCreateKeyFile } from './crypto.js';
import { openEmbeddedBackend } from './embeddedBackend.js';
import { createGrantStore } from './grantStore.js';
import { createJobQueue } from './jobQueue.js';
import { encryptedKeyValue } from './keyValue.js';
import { createLockManager } from './locks.js';
import { createMeetingPostStore } from './meetingPostStore.js';
import { createOAuthStateStore } from './oauthStateStore.js';
import { createPendingCommandStore } from './pendingCommandStore.js';
import { openPostgresBackend } from './postgresBackend.js';
import { createScheduleConfirmationStore } from './scheduleConfirmationStore.js';
import { createSeenOnceSet } from './seenOnceSet.js';
import type { Storage } from './types.js';
import { createUserSettingsStore } from './userSettingsStore.js';

export interface StorageOptions {
  /** PostgreSQL when set (several instances may share it); otherwise one SQLite file under dataDir (one process). */
  databaseUrl?: string;
  dataDir: string;
  /** 32 bytes. Required with databaseUrl; the embedded store generates `<dataDir>/encryption.key` without it. */
  encryptionKey?: Buffer;
  clock: Clock;
  /** Prefixes every key and lock name; Storages with different namespaces never see each other's data. */
  namespace?: string;
}

export const DEFAULT_NAMESPACE = 'slack-zoom-scheduler';

/** Every record is encrypted at rest, not only tokens: one code path, and no personal data in plain text either. */
export async function createStorage(options: StorageOptions): Promise<Storage> {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const cipher = createTokenCipher(await resolveEncryptionKey(options));
  const backend: Backend = options.databaseUrl
    ? await openPostgresBackend(options.databaseUrl, `${namespace}:`)
    : await openEmbeddedBackend(options.dataDir);
  // Keyv's default swallows store errors (get answers undefined, set answers false): a database outage
  // would look like "not connected" and lose writes silently.
  const keyv = new Keyv({ store: backend.store, namespace, throwOnErrors: true });
  const records = (name: string) => encryptedKeyValue(keyv, cipher, name);
  const locks = createLockManager(namespace, backend.crossProcessLock);
  let closed: Promise<void> | undefined;

  return {
    kind: backend.kind,
    grants: createGrantStore(records('grants'), records('grant-indexes'), locks),
    oauthStates: createOAuthStateStore(records('oauth-states'), locks, options.clock),
    connectLinks: createConnectLinkStore(records('connect-links'), records('connect-link-states'), locks),
    pendingCommands: createPendingCommandStore(records('pending-commands'), records('pending-command-indexes'), locks),
    scheduleConfirmations: createScheduleConfirmationStore(records('schedule-confirmations'), locks),
    meetingPosts: createMeetingPostStore(records('meeting-posts'), records('meeting-post-indexes'), locks),
    createsBeingChecked: records('creates-being-checked'),
    jobs: createJobQueue({ jobs: records('jobs'), indexes: records('job-indexes'), completed: records('jobs-completed'), locks, clock: options.clock }),
    userSettings: createUserSettingsStore(records('user-settings'), records('user-settings-indexes'), locks),
    installations: records('installations'),
    spentInstallStates: createSeenOnceSet(backend, `${namespace}:spent-install-states:`),
    seenSlackRequests: createSeenOnceSet(backend, `${namespace}:seen-slack-requests:`),
    locks,
    ping: () => backend.ping(),
    close: () => (closed ??= backend.close()),
  };
}

async function resolveEncryptionKey(options: StorageOptions): Promise<Buffer> {
  if (options.encryptionKey) return options.encryptionKey;
  if (options.databaseUrl) {
    throw new Error('TOKEN_ENCRYPTION_KEY is required with DATABASE_URL: several instances must share one key');
  }
  return loadOrCreateKeyFile(options.dataDir);
}

import type { KeyvStoreAdapter } from 'keyv';

/** The backend-specific part of a Storage; everything else is one implementation over Keyv. */
export interface Backend {
  readonly kind: 'embedded' | 'postgres';
  /** Where Keyv keeps every record. */
  readonly store: KeyvStoreAdapter;
  /** Mutual exclusion with other processes sharing the store; absent when only one process can use it. */
  readonly crossProcessLock?: CrossProcessLock;
  /**
   * Records `key` for ttlMs unless it is recorded and unexpired, in one atomic statement: true for exactly one
   * of racing callers, in any process sharing the store. No lock and no read first: this is on Slack's ack path.
   */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
  /** A real round trip to the store. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface CrossProcessLock {
  /** Runs fn while holding the named lock against other processes; releases it however fn ends. */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

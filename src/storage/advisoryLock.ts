import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { CrossProcessLock } from './backend.js';

/**
 * Session-level PostgreSQL advisory locks. A lock belongs to the connection (session) that took it, so a
 * holder keeps a pooled connection until it releases; if the process dies, the session ends and the lock
 * is freed. A withLock nested inside another holder's fn (e.g. grants.save inside a token-refresh lock)
 * takes its lock on the holder's session instead of a second connection: otherwise as many holders as the
 * pool has connections, each waiting for a connection for its nested lock, would deadlock.
 */
export function createAdvisoryLock(pool: pg.Pool): CrossProcessLock {
  const currentSession = new AsyncLocalStorage<LockSession>();
  return {
    async withLock(name, fn) {
      const outer = currentSession.getStore();
      const session = outer?.isOpen() ? outer : new LockSession(await pool.connect());
      await session.lock(name);
      try {
        return await currentSession.run(session, fn);
      } finally {
        await session.unlock(name);
      }
    },
  };
}

/** A pooled connection shared by the nested locks taken on it; back to the pool when the last is released. */
class LockSession {
  private readonly client: pg.PoolClient;
  private held = 0;
  private failure: Error | undefined;

  constructor(client: pg.PoolClient) {
    this.client = client;
    // A connection lost while idle emits 'error', which would crash the process unhandled. Its locks
    // died with the session; the next query on it fails and the connection is discarded.
    this.client.on('error', ignoreLostConnection);
  }

  /** Whether a nested lock may still be taken on this session (a holder has not released it yet). */
  isOpen(): boolean {
    return this.held > 0 && !this.failure;
  }

  async lock(name: string): Promise<void> {
    this.held += 1;
    try {
      await this.client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [name]);
    } catch (error) {
      this.failure = error as Error;
      this.release();
      throw error;
    }
  }

  /** Never throws: if the unlock fails, the connection is discarded, which ends the session and its locks. */
  async unlock(name: string): Promise<void> {
    try {
      if (!this.failure) await this.client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name]);
    } catch (error) {
      this.failure = error as Error;
    } finally {
      this.release();
    }
  }

  private release(): void {
    this.held -= 1;
    if (this.held > 0) return;
    this.client.release(this.failure);
    this.client.off('error', ignoreLostConnection);
  }
}

function ignoreLostConnection(): void {}

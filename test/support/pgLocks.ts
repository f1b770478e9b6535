import pg from 'pg';
import { expect, vi } from 'vitest';
import { TEST_DATABASE_URL } from './storage.js';

/**
 * Waits until this many sessions wait in PostgreSQL for the named advisory lock (as src/storage/advisoryLock.ts
 * takes it): proof that a second holder is queued behind the first, not merely slow.
 */
export async function waitForLockWaiters(lockName: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await vi.waitFor(
      async () => {
        const { rows } = await client.query<{ n: number }>(
          `WITH k AS (SELECT hashtextextended($1, 0) AS h)
           SELECT count(*)::int AS n FROM pg_locks l, k
           WHERE l.locktype = 'advisory' AND NOT l.granted
             AND l.classid::bigint = ((k.h >> 32) & 4294967295) AND l.objid::bigint = (k.h & 4294967295)`,
          [lockName],
        );
        expect(rows[0]?.n).toBe(count);
      },
      { timeout: 5000, interval: 20 },
    );
  } finally {
    await client.end();
  }
}

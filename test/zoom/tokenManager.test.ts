import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import type { LockManager, ZoomGrant } from '../../src/storage/types.js';
import type { ZoomOAuth } from '../../src/zoom/oauth.js';
import { createTokenManager, grantLockName, type TokenManager } from '../../src/zoom/tokenManager.js';
import { createMemoryGrantStore, createMemoryLockManager, type MemoryGrantStore, type MemoryLockManager } from '../fakes/memoryStorage.js';
import { ACCOUNT_ID, ALICE, BOB, logsContainAny, rejection, seedGrant, startZoomEnv, type ZoomEnv } from './helpers.js';

const TEAM = 'T1';
const USER = 'U1';
const HOUR = 3600_000;


describe('token manager (user grants)', () => {
  let env: ZoomEnv;
  let grants: MemoryGrantStore;
  let locks: MemoryLockManager;
  let seeded: ZoomGrant;

  const manager = (overrides: { oauth?: Pick<ZoomOAuth, 'refresh' | 'accountToken'>; locks?: LockManager } = {}): TokenManager =>
    createTokenManager({ grants, locks: overrides.locks ?? locks, oauth: overrides.oauth ?? env.oauth, clock: env.clock, logger: env.logger });
  const meRequests = () => env.zoom.requests.filter((r) => r.route === 'getMe');

  beforeEach(async () => {
    env = await startZoomEnv();
    seeded = seedGrant(env, ALICE, { teamId: TEAM, userId: USER });
    grants = createMemoryGrantStore([seeded]);
    locks = createMemoryLockManager();
  });
  afterEach(async () => {
    await env.close();
  });

  it('uses a fresh token as is', async () => {
    const me = await env.api.getMe(manager().authForUser(TEAM, USER));
    expect(me.id).toBe(ALICE.id);
    expect(env.zoom.stats.refreshCount).toBe(0);
    expect(meRequests().map((r) => r.bearer)).toEqual([seeded.accessToken]);
  });

  it('refreshes ahead of expiry, saves the rotated pair (version+1) before using it', async () => {
    env.clock.advance(HOUR - 4 * 60_000); // expires in 4 min < 5 min skew; still valid at Zoom
    const auth = manager().authForUser(TEAM, USER);
    const seenByFn: Array<{ token: string; stored?: string }> = [];
    await auth.call(async (token) => {
      seenByFn.push({ token, stored: grants.peek(TEAM, USER)?.accessToken });
      return env.api.getMe({ call: (fn) => fn(token) });
    });

    expect(env.zoom.stats.refreshCount).toBe(1);
    const stored = grants.peek(TEAM, USER);
    expect(stored?.version).toBe(2);
    expect(stored?.accessToken).not.toBe(seeded.accessToken);
    expect(stored?.refreshToken).not.toBe(seeded.refreshToken);
    expect(stored?.accessTokenExpiresAt).toBe(env.clock.now() + HOUR);
    expect(stored?.updatedAt).toBe(env.clock.now());
    expect(seenByFn).toEqual([{ token: stored?.accessToken, stored: stored?.accessToken }]);
    expect(env.zoom.isRefreshTokenValid(seeded.refreshToken)).toBe(false);
    expect(locks.acquired).toEqual([grantLockName(TEAM, USER)]);
  });

  it('on 401 refreshes and retries exactly once', async () => {
    env.zoom.invalidateAccessToken(seeded.accessToken); // not expired by the clock, but Zoom refuses it
    const me = await env.api.getMe(manager().authForUser(TEAM, USER));
    expect(me.id).toBe(ALICE.id);
    expect(env.zoom.stats.refreshCount).toBe(1);
    const stored = grants.peek(TEAM, USER);
    expect(meRequests().map((r) => [r.bearer, r.status])).toEqual([
      [seeded.accessToken, 401],
      [stored?.accessToken, 200],
    ]);
  });

  it('gives up after one retry when Zoom keeps answering 401', async () => {
    env.zoom.failNext('getMe', { status: 401, body: { code: 124, message: 'Invalid access token.' } }, 2);
    const error = await rejection(env.api.getMe(manager().authForUser(TEAM, USER)));
    expect(error.details).toMatchObject({ httpStatus: 401, zoomCode: 124 });
    expect(meRequests()).toHaveLength(2);
    expect(env.zoom.stats.refreshCount).toBe(1);
  });

  it('does not refresh on errors other than 401', async () => {
    env.zoom.failNext('getMe', { status: 403, body: { code: 200, message: 'No permission.' } });
    expect((await rejection(env.api.getMe(manager().authForUser(TEAM, USER)))).code).toBe('ZOOM_REJECTED');
    expect(env.zoom.stats.refreshCount).toBe(0);
  });

  it('50 concurrent calls on an expired grant: exactly one refresh, all succeed', async () => {
    env.clock.advance(2 * HOUR);
    const auth = manager().authForUser(TEAM, USER);
    const results = await Promise.all(Array.from({ length: 50 }, () => env.api.getMe(auth)));
    expect(results.every((u) => u.id === ALICE.id)).toBe(true);
    expect(env.zoom.stats.refreshCount).toBe(1);
    expect(grants.saves).toHaveLength(1);
    expect(locks.acquired).toHaveLength(1); // in-process callers shared one refresh, not 50 lock turns
    const token = grants.peek(TEAM, USER)?.accessToken;
    expect(new Set(meRequests().map((r) => r.bearer))).toEqual(new Set([token]));
    expect(meRequests().every((r) => r.status === 200)).toBe(true);
  });

  it('50 concurrent calls that all meet a 401: exactly one refresh, all succeed', async () => {
    env.zoom.invalidateAccessToken(seeded.accessToken);
    const auth = manager().authForUser(TEAM, USER);
    const results = await Promise.all(Array.from({ length: 50 }, () => env.api.getMe(auth)));
    expect(results).toHaveLength(50);
    expect(env.zoom.stats.refreshCount).toBe(1);
    expect(meRequests().filter((r) => r.status === 401)).toHaveLength(50);
    expect(meRequests().filter((r) => r.status === 200)).toHaveLength(50);
  });

  it('two instances sharing the store and the lock: one refresh between them', async () => {
    env.clock.advance(2 * HOUR);
    const a = manager().authForUser(TEAM, USER);
    const b = manager().authForUser(TEAM, USER); // a second process: own in-memory state, same store + lock
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => env.api.getMe(i % 2 === 0 ? a : b)));
    expect(results.every((u) => u.id === ALICE.id)).toBe(true);
    expect(env.zoom.stats.refreshCount).toBe(1);
    expect(grants.peek(TEAM, USER)?.version).toBe(2);
    expect(locks.acquired.length).toBe(2); // each instance took the lock once; the second re-read and reused
  });

  it('a killed refresh token ends in ZOOM_GRANT_REVOKED and the grant is deleted', async () => {
    env.zoom.killRefreshTokens(ALICE.id);
    env.clock.advance(2 * HOUR);
    const tm = manager();
    const error = await rejection(env.api.getMe(tm.authForUser(TEAM, USER)));
    expect(error.code).toBe('ZOOM_GRANT_REVOKED');
    expect(grants.peek(TEAM, USER)).toBeUndefined();
    expect(grants.deletes).toEqual([{ teamId: TEAM, userId: USER }]);
    expect(meRequests()).toHaveLength(0);
    expect((await rejection(env.api.getMe(tm.authForUser(TEAM, USER)))).code).toBe('ZOOM_NOT_CONNECTED');
  });

  it('concurrent callers of a revoked grant all hear ZOOM_GRANT_REVOKED from one refresh attempt', async () => {
    env.zoom.killRefreshTokens(ALICE.id);
    env.clock.advance(2 * HOUR);
    const auth = manager().authForUser(TEAM, USER);
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => env.api.getMe(auth)));
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as AppError).code : 'ok'))).toEqual(Array(10).fill('ZOOM_GRANT_REVOKED'));
    expect(env.zoom.stats.tokenRequests.filter((g) => g === 'refresh_token')).toHaveLength(1);
  });

  it('a refresh refused because another instance rotated meanwhile: re-read wins, nothing deleted', async () => {
    env.clock.advance(2 * HOUR);
    let rotatedElsewhere: ZoomGrant | undefined;
    const racingOAuth: Pick<ZoomOAuth, 'refresh' | 'accountToken'> = {
      accountToken: (id) => env.oauth.accountToken(id),
      async refresh(refreshToken) {
        if (!rotatedElsewhere) {
          // Another instance (lock lease lost) rotates the pair and saves it first…
          const theirs = await env.oauth.refresh(refreshToken);
          const current = grants.peek(TEAM, USER) as ZoomGrant;
          rotatedElsewhere = { ...current, accessToken: theirs.accessToken, refreshToken: theirs.refreshToken, accessTokenExpiresAt: theirs.expiresAt, version: current.version + 1 };
          await grants.save(rotatedElsewhere);
        }
        // …so our refresh with the old token is refused.
        return env.oauth.refresh(refreshToken);
      },
    };
    const me = await env.api.getMe(manager({ oauth: racingOAuth }).authForUser(TEAM, USER));
    expect(me.id).toBe(ALICE.id);
    expect(grants.deletes).toEqual([]);
    expect(grants.peek(TEAM, USER)).toEqual(rotatedElsewhere);
    expect(meRequests().map((r) => r.bearer)).toEqual([rotatedElsewhere?.accessToken]);
  });

  it('after taking the lock, a grant already refreshed by another instance is used without refreshing', async () => {
    env.clock.advance(2 * HOUR);
    let other: ZoomGrant | undefined;
    const slowLock: LockManager = {
      async withLock(name, fn) {
        // While we waited for the lock, another instance refreshed and saved v2.
        if (!other) {
          const theirs = await env.oauth.refresh(seeded.refreshToken);
          other = { ...seeded, accessToken: theirs.accessToken, refreshToken: theirs.refreshToken, accessTokenExpiresAt: theirs.expiresAt, version: 2 };
          await grants.save(other);
        }
        return locks.withLock(name, fn);
      },
    };
    await env.api.getMe(manager({ locks: slowLock }).authForUser(TEAM, USER));
    expect(env.zoom.stats.refreshCount).toBe(1); // only the other instance's
    expect(meRequests().map((r) => r.bearer)).toEqual([other?.accessToken]);
    expect(grants.peek(TEAM, USER)?.version).toBe(2);
  });

  it('an early refresh that fails transiently falls back to the still-valid token', async () => {
    env.clock.advance(HOUR - 2 * 60_000);
    env.zoom.failNext('token', { status: 503, body: { code: 503, message: 'busy' } });
    const me = await env.api.getMe(manager().authForUser(TEAM, USER));
    expect(me.id).toBe(ALICE.id);
    expect(meRequests().map((r) => r.bearer)).toEqual([seeded.accessToken]);
    expect(grants.peek(TEAM, USER)?.version).toBe(1);
  });

  it('an expired token whose refresh fails transiently surfaces ZOOM_UNAVAILABLE and keeps the grant', async () => {
    env.clock.advance(2 * HOUR);
    env.zoom.failNext('token', { status: 503, body: { code: 503, message: 'busy' } });
    expect((await rejection(env.api.getMe(manager().authForUser(TEAM, USER)))).code).toBe('ZOOM_UNAVAILABLE');
    expect(grants.peek(TEAM, USER)).toEqual(seeded);
    expect(meRequests()).toHaveLength(0);
  });

  it('no grant: ZOOM_NOT_CONNECTED without calling Zoom', async () => {
    const error = await rejection(env.api.getMe(manager().authForUser(TEAM, 'U-unknown')));
    expect(error.code).toBe('ZOOM_NOT_CONNECTED');
    expect(env.zoom.requests).toHaveLength(0);
  });

  it('never logs tokens', async () => {
    env.clock.advance(2 * HOUR);
    await env.api.getMe(manager().authForUser(TEAM, USER));
    const stored = grants.peek(TEAM, USER) as ZoomGrant;
    expect(env.lines.length).toBeGreaterThan(0);
    expect(logsContainAny(env.lines, [seeded.accessToken, seeded.refreshToken, stored.accessToken, stored.refreshToken])).toEqual([]);
  });
});

describe('token manager (Server-to-Server account tokens)', () => {
  let env: ZoomEnv;
  let tm: TokenManager;
  beforeEach(async () => {
    env = await startZoomEnv();
    tm = createTokenManager({ grants: createMemoryGrantStore(), locks: createMemoryLockManager(), oauth: env.oauth, clock: env.clock, logger: env.logger });
  });
  afterEach(async () => {
    await env.close();
  });

  it('fetches one token for many concurrent callers and caches it until shortly before expiry', async () => {
    const auth = tm.accountAuth(ACCOUNT_ID);
    const users = await Promise.all(Array.from({ length: 20 }, (_, i) => env.api.getUser(auth, i % 2 ? ALICE.email : BOB.email)));
    expect(users.map((u) => u.id).sort()).toEqual([...Array(10).fill(ALICE.id), ...Array(10).fill(BOB.id)].sort());
    expect(env.zoom.stats.accountTokenCount).toBe(1);

    env.clock.advance(50 * 60_000);
    await env.api.getUser(auth, ALICE.email);
    expect(env.zoom.stats.accountTokenCount).toBe(1);

    env.clock.advance(6 * 60_000); // 4 min left < 5 min skew
    await env.api.getUser(auth, ALICE.email);
    expect(env.zoom.stats.accountTokenCount).toBe(2);
    const bearers = env.zoom.requests.filter((r) => r.route === 'getUser').map((r) => r.bearer);
    expect(new Set(bearers).size).toBe(2);
  });

  it('on 401 fetches a new account token once and retries once', async () => {
    const auth = tm.accountAuth(ACCOUNT_ID);
    await env.api.getUser(auth, ALICE.email);
    const first = env.zoom.requests.find((r) => r.route === 'getUser')?.bearer as string;
    env.zoom.invalidateAccessToken(first);

    const results = await Promise.all(Array.from({ length: 5 }, () => env.api.getUser(auth, BOB.email)));
    expect(results.every((u) => u.id === BOB.id)).toBe(true);
    expect(env.zoom.stats.accountTokenCount).toBe(2);
  });

  it('a user missing from the account is ZOOM_USER_NOT_FOUND with the email', async () => {
    const error = await rejection(env.api.getUser(tm.accountAuth(ACCOUNT_ID), 'nobody@example.test'));
    expect(error.code).toBe('ZOOM_USER_NOT_FOUND');
    expect(error.details.email).toBe('nobody@example.test');
  });
});

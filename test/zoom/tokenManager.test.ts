import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppError } from '../../src/errors.js';
import type { Storage, ZoomGrant } from '../../src/storage/types.js';
import { createZoomHttp } from '../../src/zoom/http.js';
import { createZoomOAuth, type ZoomOAuth } from '../../src/zoom/oauth.js';
import { createTokenManager, grantLockName, ROTATED_PAIR_SAVE_RETRY_DELAYS_MS, type TokenManager } from '../../src/zoom/tokenManager.js';
import { waitForLockWaiters } from '../support/pgLocks.js';
import { STORE_KINDS, testStoreLocation, type TestStoreLocation } from '../support/storage.js';
import { ACCOUNT_ID, ALICE, BOB, CLIENT_ID, CLIENT_SECRET, logsContainAny, REDIRECT_URI, rejection, seedGrant, startZoomEnv, type ZoomEnv } from './helpers.js';

/**
 * The token manager on the real stores and locks (embedded and PostgreSQL) against the fake Zoom's OAuth server,
 * which rotates refresh tokens and answers the reuse of a rotated one with invalid_grant, as Zoom does.
 */

const TEAM = 'T1';
const USER = 'U1';
const HOUR = 3600_000;
/** Short, so a refresh whose answer Zoom holds back times out within the test. */
const TIMEOUT_MS = 300;

/** What a store outage looks like to the grant store (a PostgreSQL connection dropped mid-query). */
const storeOutage = () => new Error('Connection terminated unexpectedly');

/** A wait between save attempts that lasts until the test wakes it. */
function waitUntilWoken(): { sleep: (ms: number) => Promise<void>; waiting(): boolean; wake(): void } {
  let wake: (() => void) | undefined;
  return {
    sleep: () =>
      new Promise<void>((resolve) => {
        wake = resolve;
      }),
    waiting: () => wake !== undefined,
    wake: () => wake?.(),
  };
}

/** One app instance's token manager: its own Storage on the shared location, its own HTTP client to Zoom. */
interface Instance {
  storage: Storage;
  tokens: TokenManager;
  /** The waits the token manager asked for between save attempts (nobody really sleeps). */
  sleeps: number[];
  /** Names of the grant locks this instance took. */
  grantLocksTaken(): string[];
  saves(): ZoomGrant[];
  close(): Promise<void>;
}

describe.each(STORE_KINDS)('token manager (user grants, %s store)', (kind) => {
  let env: ZoomEnv;
  let location: TestStoreLocation;
  let instances: Instance[];
  let seeded: ZoomGrant;

  async function startInstance(options: { oauth?: Pick<ZoomOAuth, 'refresh' | 'accountToken'>; sleep?: (ms: number) => Promise<void> } = {}): Promise<Instance> {
    const storage = await location.open(env.clock);
    const http = createZoomHttp({ timeoutMs: TIMEOUT_MS, logger: env.logger, clock: env.clock });
    const oauth = options.oauth ?? createZoomOAuth({ config: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, oauthUrl: env.zoom.oauthUrl, redirectUri: REDIRECT_URI }, http, clock: env.clock });
    const sleeps: number[] = [];
    const lockSpy = vi.spyOn(storage.locks, 'withLock');
    const saveSpy = vi.spyOn(storage.grants, 'save');
    const tokens = createTokenManager({
      grants: storage.grants,
      locks: storage.locks,
      oauth,
      clock: env.clock,
      logger: env.logger,
      sleep:
        options.sleep ??
        (async (ms) => {
          sleeps.push(ms);
        }),
    });
    const instance: Instance = {
      storage,
      tokens,
      sleeps,
      grantLocksTaken: () => lockSpy.mock.calls.map(([name]) => name).filter((name) => name.startsWith('zoom-grant:')),
      saves: () => saveSpy.mock.calls.map(([grant]) => grant),
      close: async () => {
        await tokens.stop();
        await http.close();
        await storage.close();
      },
    };
    instances.push(instance);
    return instance;
  }

  const stored = () => instances[0]!.storage.grants.get(TEAM, USER);
  const meRequests = () => env.zoom.requests.filter((r) => r.route === 'getMe');
  const refreshRequests = () => env.zoom.requests.filter((r) => r.route === 'token' && r.grantType === 'refresh_token');

  beforeEach(async () => {
    env = await startZoomEnv({ timeoutMs: TIMEOUT_MS });
    location = testStoreLocation(kind);
    instances = [];
    seeded = seedGrant(env, ALICE, { teamId: TEAM, userId: USER });
    const seeder = await location.open(env.clock);
    await seeder.grants.save(seeded);
    await seeder.close();
  });
  afterEach(async () => {
    for (const instance of instances) await instance.close();
    await env.close();
    await location.dispose();
  });

  it('uses a fresh token as is', async () => {
    const { tokens } = await startInstance();
    const me = await env.api.getMe(tokens.authForUser(TEAM, USER));
    expect(me.id).toBe(ALICE.id);
    expect(env.zoom.stats.refreshCount).toBe(0);
    expect(meRequests().map((r) => r.bearer)).toEqual([seeded.accessToken]);
  });

  it('refreshes ahead of expiry, saves the rotated pair (version+1) before using it', async () => {
    const a = await startInstance();
    env.clock.advance(HOUR - 4 * 60_000); // expires in 4 min < 5 min skew; still valid at Zoom
    const seenByFn: Array<{ token: string; stored?: string }> = [];
    await a.tokens.authForUser(TEAM, USER).call(async (token) => {
      seenByFn.push({ token, stored: (await stored())?.accessToken });
      return env.api.getMe({ call: (fn) => fn(token) });
    });

    expect(env.zoom.stats.refreshCount).toBe(1);
    const v2 = await stored();
    expect(v2?.version).toBe(2);
    expect(v2?.accessToken).not.toBe(seeded.accessToken);
    expect(v2?.refreshToken).not.toBe(seeded.refreshToken);
    expect(v2?.accessTokenExpiresAt).toBe(env.clock.now() + HOUR);
    expect(v2?.updatedAt).toBe(env.clock.now());
    expect(seenByFn).toEqual([{ token: v2?.accessToken, stored: v2?.accessToken }]);
    expect(env.zoom.isRefreshTokenValid(seeded.refreshToken)).toBe(false);
    expect(a.grantLocksTaken()).toEqual([grantLockName(TEAM, USER)]);
  });

  it('on 401 refreshes and retries exactly once', async () => {
    const { tokens } = await startInstance();
    env.zoom.invalidateAccessToken(seeded.accessToken); // not expired by the clock, but Zoom refuses it
    const me = await env.api.getMe(tokens.authForUser(TEAM, USER));
    expect(me.id).toBe(ALICE.id);
    expect(env.zoom.stats.refreshCount).toBe(1);
    expect(meRequests().map((r) => [r.bearer, r.status])).toEqual([
      [seeded.accessToken, 401],
      [(await stored())?.accessToken, 200],
    ]);
  });

  it('gives up after one retry when Zoom keeps answering 401', async () => {
    const { tokens } = await startInstance();
    env.zoom.failNext('getMe', { status: 401, body: { code: 124, message: 'Invalid access token.' } }, 2);
    const error = await rejection(env.api.getMe(tokens.authForUser(TEAM, USER)));
    expect(error.details).toMatchObject({ httpStatus: 401, zoomCode: 124 });
    expect(meRequests()).toHaveLength(2);
    expect(env.zoom.stats.refreshCount).toBe(1);
  });

  it('does not refresh on errors other than 401', async () => {
    const { tokens } = await startInstance();
    env.zoom.failNext('getMe', { status: 403, body: { code: 200, message: 'No permission.' } });
    expect((await rejection(env.api.getMe(tokens.authForUser(TEAM, USER)))).code).toBe('ZOOM_REJECTED');
    expect(env.zoom.stats.refreshCount).toBe(0);
  });

  it('50 concurrent calls on an expired grant: exactly one refresh, one save, one turn of the lock, all succeed', async () => {
    const a = await startInstance();
    env.clock.advance(2 * HOUR);
    const auth = a.tokens.authForUser(TEAM, USER);
    const results = await Promise.all(Array.from({ length: 50 }, () => env.api.getMe(auth)));
    expect(results.every((u) => u.id === ALICE.id)).toBe(true);
    expect(env.zoom.stats.refreshCount).toBe(1);
    expect(a.saves()).toHaveLength(1);
    expect(a.grantLocksTaken()).toHaveLength(1); // in-process callers shared one refresh, not 50 lock turns
    const token = (await stored())?.accessToken;
    expect(new Set(meRequests().map((r) => r.bearer))).toEqual(new Set([token]));
    expect(meRequests().every((r) => r.status === 200)).toBe(true);
  });

  it('50 concurrent calls that all meet a 401: exactly one refresh, all succeed', async () => {
    const { tokens } = await startInstance();
    env.zoom.invalidateAccessToken(seeded.accessToken);
    const auth = tokens.authForUser(TEAM, USER);
    const results = await Promise.all(Array.from({ length: 50 }, () => env.api.getMe(auth)));
    expect(results).toHaveLength(50);
    expect(env.zoom.stats.refreshCount).toBe(1);
    expect(meRequests().filter((r) => r.status === 401)).toHaveLength(50);
    expect(meRequests().filter((r) => r.status === 200)).toHaveLength(50);
  });

  it('a killed refresh token ends in ZOOM_GRANT_REVOKED and the grant is deleted', async () => {
    const { tokens } = await startInstance();
    env.zoom.killRefreshTokens(ALICE.id);
    env.clock.advance(2 * HOUR);
    const error = await rejection(env.api.getMe(tokens.authForUser(TEAM, USER)));
    expect(error.code).toBe('ZOOM_GRANT_REVOKED');
    expect(await stored()).toBeUndefined();
    expect(meRequests()).toHaveLength(0);
    expect((await rejection(env.api.getMe(tokens.authForUser(TEAM, USER)))).code).toBe('ZOOM_NOT_CONNECTED');
  });

  it('concurrent callers of a revoked grant all hear ZOOM_GRANT_REVOKED from one refresh attempt', async () => {
    const { tokens } = await startInstance();
    env.zoom.killRefreshTokens(ALICE.id);
    env.clock.advance(2 * HOUR);
    const auth = tokens.authForUser(TEAM, USER);
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => env.api.getMe(auth)));
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as AppError).code : 'ok'))).toEqual(Array(10).fill('ZOOM_GRANT_REVOKED'));
    expect(refreshRequests()).toHaveLength(1);
  });

  it('a refresh refused because the pair was rotated without our lock: the store wins, nothing deleted', async () => {
    let rotatedElsewhere: ZoomGrant | undefined;
    const realOAuth = createZoomOAuth({ config: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, oauthUrl: env.zoom.oauthUrl, redirectUri: REDIRECT_URI }, http: env.http, clock: env.clock });
    // Someone whose lock lease ran out rotates the pair and saves it just before our refresh reaches Zoom.
    const racingOAuth: Pick<ZoomOAuth, 'refresh' | 'accountToken'> = {
      accountToken: (id) => realOAuth.accountToken(id),
      async refresh(refreshToken) {
        if (!rotatedElsewhere) {
          const theirs = await realOAuth.refresh(refreshToken);
          const current = (await stored())!;
          rotatedElsewhere = { ...current, accessToken: theirs.accessToken, refreshToken: theirs.refreshToken, accessTokenExpiresAt: theirs.expiresAt, version: current.version + 1 };
          await instances[0]!.storage.grants.save(rotatedElsewhere);
        }
        return realOAuth.refresh(refreshToken);
      },
    };
    const a = await startInstance({ oauth: racingOAuth });
    env.clock.advance(2 * HOUR);
    const me = await env.api.getMe(a.tokens.authForUser(TEAM, USER));
    expect(me.id).toBe(ALICE.id);
    expect(await stored()).toEqual(rotatedElsewhere);
    expect(meRequests().map((r) => r.bearer)).toEqual([rotatedElsewhere?.accessToken]);
  });

  it('an early refresh that fails transiently falls back to the still-valid token', async () => {
    const { tokens } = await startInstance();
    env.clock.advance(HOUR - 2 * 60_000);
    env.zoom.failNext('token', { status: 503, body: { code: 503, message: 'busy' } });
    const me = await env.api.getMe(tokens.authForUser(TEAM, USER));
    expect(me.id).toBe(ALICE.id);
    expect(meRequests().map((r) => r.bearer)).toEqual([seeded.accessToken]);
    expect((await stored())?.version).toBe(1);
  });

  it('an expired token whose refresh fails transiently surfaces ZOOM_UNAVAILABLE and keeps the grant', async () => {
    const { tokens } = await startInstance();
    env.clock.advance(2 * HOUR);
    env.zoom.failNext('token', { status: 503, body: { code: 503, message: 'busy' } });
    expect((await rejection(env.api.getMe(tokens.authForUser(TEAM, USER)))).code).toBe('ZOOM_UNAVAILABLE');
    expect(await stored()).toEqual(seeded);
    expect(meRequests()).toHaveLength(0);
  });

  it('no grant: ZOOM_NOT_CONNECTED without calling Zoom', async () => {
    const { tokens } = await startInstance();
    const error = await rejection(env.api.getMe(tokens.authForUser(TEAM, 'U-unknown')));
    expect(error.code).toBe('ZOOM_NOT_CONNECTED');
    expect(env.zoom.requests).toHaveLength(0);
  });

  describe('a rotated pair the store does not take is never dropped', () => {
    it('the save fails once: the call goes on with the new token, and the retried save lands it', async () => {
      const a = await startInstance();
      vi.mocked(a.storage.grants.save).mockRejectedValueOnce(storeOutage());
      env.clock.advance(2 * HOUR);

      const me = await env.api.getMe(a.tokens.authForUser(TEAM, USER));
      expect(me.id).toBe(ALICE.id);
      const [rotated] = a.saves();
      expect(meRequests().map((r) => [r.bearer, r.status])).toEqual([[rotated!.accessToken, 200]]);

      await vi.waitFor(async () => expect(await stored()).toEqual(rotated));
      expect(rotated).toMatchObject({ version: 2 });
      expect(a.sleeps).toEqual([ROTATED_PAIR_SAVE_RETRY_DELAYS_MS[0]]);
      expect(env.zoom.isRefreshTokenValid(rotated!.refreshToken)).toBe(true);
      expect(env.zoom.stats.refreshCount).toBe(1);
    });

    it('the store is down for a while: the pair is used from memory, retried with backoff, then saved at the next use', async () => {
      const a = await startInstance();
      vi.mocked(a.storage.grants.save).mockRejectedValue(storeOutage());
      env.clock.advance(2 * HOUR);

      await env.api.getMe(a.tokens.authForUser(TEAM, USER));
      const rotated = a.saves()[0]!;
      // Every wait of the bounded retry, then it gave up for now; the store still has the old pair.
      await vi.waitFor(() => expect(a.sleeps).toEqual(ROTATED_PAIR_SAVE_RETRY_DELAYS_MS));
      await vi.waitFor(() => expect(a.saves()).toHaveLength(ROTATED_PAIR_SAVE_RETRY_DELAYS_MS.length + 1));
      expect(await stored()).toEqual(seeded);

      // Meanwhile the next call uses the held pair: no refresh with the refresh token Zoom killed.
      await env.api.getMe(a.tokens.authForUser(TEAM, USER));
      expect(meRequests().map((r) => r.bearer)).toEqual([rotated.accessToken, rotated.accessToken]);
      expect(refreshRequests()).toHaveLength(1);

      // The store is back: the next use saves the pair.
      vi.mocked(a.storage.grants.save).mockRestore();
      await env.api.getMe(a.tokens.authForUser(TEAM, USER));
      await vi.waitFor(async () => expect(await stored()).toEqual(rotated));
      expect(refreshRequests()).toHaveLength(1);
      expect(logsContainAny(env.lines, [seeded.accessToken, seeded.refreshToken, rotated.accessToken, rotated.refreshToken])).toEqual([]);
    });

    it('a disconnect while the pair was held: the held pair is dropped, not saved over it', async () => {
      const a = await startInstance();
      vi.mocked(a.storage.grants.save).mockRejectedValue(storeOutage());
      env.clock.advance(2 * HOUR);
      await env.api.getMe(a.tokens.authForUser(TEAM, USER));
      await vi.waitFor(() => expect(a.saves()).toHaveLength(ROTATED_PAIR_SAVE_RETRY_DELAYS_MS.length + 1));
      vi.mocked(a.storage.grants.save).mockRestore();

      await a.storage.locks.withLock(grantLockName(TEAM, USER), () => a.storage.grants.delete(TEAM, USER));
      expect((await rejection(env.api.getMe(a.tokens.authForUser(TEAM, USER)))).code).toBe('ZOOM_NOT_CONNECTED');
      expect(await stored()).toBeUndefined();
    });

    it('stop() gives a held pair one last attempt, so it lands if the store is back', async () => {
      const wait = waitUntilWoken();
      const a = await startInstance({ sleep: wait.sleep });
      vi.mocked(a.storage.grants.save).mockRejectedValueOnce(storeOutage());
      env.clock.advance(2 * HOUR);
      await env.api.getMe(a.tokens.authForUser(TEAM, USER));
      await vi.waitFor(() => expect(wait.waiting()).toBe(true)); // the retry waits
      const rotated = a.saves()[0]!;
      await a.tokens.stop();
      expect(await stored()).toEqual(rotated);
    });
  });

  describe("a refresh whose answer is lost", () => {
    it('after Zoom rotated the pair: ZOOM_REFRESH_ANSWER_LOST, the grant kept; the next refresh meets invalid_grant and ends the link', async () => {
      const { tokens } = await startInstance();
      env.clock.advance(2 * HOUR);
      const held = env.zoom.hangNext('token', { afterProcessing: true });
      const error = await rejection(env.api.getMe(tokens.authForUser(TEAM, USER)));
      held.release();
      expect(error.code).toBe('ZOOM_REFRESH_ANSWER_LOST');
      expect(await stored()).toEqual(seeded);
      expect(env.zoom.isRefreshTokenValid(seeded.refreshToken)).toBe(false);

      expect((await rejection(env.api.getMe(tokens.authForUser(TEAM, USER)))).code).toBe('ZOOM_GRANT_REVOKED');
      expect(await stored()).toBeUndefined();
      expect(refreshRequests().map((r) => r.status)).toEqual([200, 400]);
    });

    it('before Zoom saw it (connection reset): the grant kept, and the next refresh with it works', async () => {
      const { tokens } = await startInstance();
      env.clock.advance(2 * HOUR);
      env.zoom.failNext('token', { destroy: true });
      expect((await rejection(env.api.getMe(tokens.authForUser(TEAM, USER)))).code).toBe('ZOOM_REFRESH_ANSWER_LOST');
      expect(await stored()).toEqual(seeded);

      const me = await env.api.getMe(tokens.authForUser(TEAM, USER));
      expect(me.id).toBe(ALICE.id);
      expect((await stored())?.version).toBe(2);
    });

    it('on an early refresh: the still-valid token is used', async () => {
      const { tokens } = await startInstance();
      env.clock.advance(HOUR - 2 * 60_000);
      env.zoom.failNext('token', { destroy: true });
      await env.api.getMe(tokens.authForUser(TEAM, USER));
      expect(meRequests().map((r) => r.bearer)).toEqual([seeded.accessToken]);
      expect(await stored()).toEqual(seeded);
    });
  });

  it('never logs tokens', async () => {
    const a = await startInstance();
    env.clock.advance(2 * HOUR);
    await env.api.getMe(a.tokens.authForUser(TEAM, USER));
    const v2 = (await stored())!;
    expect(env.lines.length).toBeGreaterThan(0);
    expect(logsContainAny(env.lines, [seeded.accessToken, seeded.refreshToken, v2.accessToken, v2.refreshToken])).toEqual([]);
  });

  describe.runIf(kind === 'postgres')('two instances: two Storage objects on one PostgreSQL database', () => {
    const lockName = () => `${location.namespace}:${grantLockName(TEAM, USER)}`;

    it('40 calls spread over both on an expired grant: one refresh between them; the second instance reuses the first one’s pair', async () => {
      const a = await startInstance();
      const b = await startInstance();
      env.clock.advance(2 * HOUR);
      // A's refresh is held at Zoom (A holds the grant's lock) until B is queued behind that lock in PostgreSQL.
      const refreshHeld = env.zoom.hangNext('token');
      const first = env.api.getMe(a.tokens.authForUser(TEAM, USER));
      await refreshHeld.arrived;
      const rest = Array.from({ length: 39 }, (_, i) => env.api.getMe((i % 2 === 0 ? b : a).tokens.authForUser(TEAM, USER)));
      await waitForLockWaiters(lockName(), 1);
      refreshHeld.release();

      const results = await Promise.all([first, ...rest]);
      expect(results.every((u) => u.id === ALICE.id)).toBe(true);
      // Zoom would answer a second refresh with the rotated token invalid_grant: there was none.
      expect(refreshRequests().map((r) => r.status)).toEqual([200]);
      const v2 = (await b.storage.grants.get(TEAM, USER))!;
      expect(v2.version).toBe(2);
      expect(new Set(meRequests().map((r) => `${r.status} ${r.bearer}`))).toEqual(new Set([`200 ${v2.accessToken}`]));
      expect(a.grantLocksTaken()).toHaveLength(1);
      expect(b.grantLocksTaken()).toHaveLength(1); // took the lock once, re-read v2 and used it
      expect(b.saves()).toHaveLength(0);
    });

    it('while A retries saving its rotated pair, B waits on the lock instead of refreshing with the dead token, then uses the saved pair', async () => {
      const wait = waitUntilWoken();
      const a = await startInstance({ sleep: wait.sleep });
      const b = await startInstance();
      vi.mocked(a.storage.grants.save).mockRejectedValueOnce(storeOutage());
      env.clock.advance(2 * HOUR);

      await env.api.getMe(a.tokens.authForUser(TEAM, USER));
      const rotated = a.saves()[0]!;
      const onB = env.api.getMe(b.tokens.authForUser(TEAM, USER));
      await waitForLockWaiters(lockName(), 1);
      expect(await stored()).toEqual(seeded);

      wait.wake(); // the store is back by the next attempt
      expect((await onB).id).toBe(ALICE.id);
      expect(await stored()).toEqual(rotated);
      expect(refreshRequests().map((r) => r.status)).toEqual([200]);
      expect(meRequests().map((r) => r.bearer)).toEqual([rotated.accessToken, rotated.accessToken]);
    });
  });
});

describe('token manager (Server-to-Server account tokens)', () => {
  let env: ZoomEnv;
  let location: TestStoreLocation;
  let storage: Storage;
  let tm: TokenManager;
  beforeEach(async () => {
    env = await startZoomEnv();
    location = testStoreLocation('embedded');
    storage = await location.open(env.clock);
    tm = createTokenManager({ grants: storage.grants, locks: storage.locks, oauth: env.oauth, clock: env.clock, logger: env.logger });
  });
  afterEach(async () => {
    await tm.stop();
    await storage.close();
    await env.close();
    await location.dispose();
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

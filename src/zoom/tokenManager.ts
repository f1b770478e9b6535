import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../clock.js';
import { AppError, isAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { GrantStore, LockManager, ZoomGrant } from '../storage/types.js';
import { isAccessTokenRejected } from './http.js';
import type { ZoomOAuth } from './oauth.js';
import { singleFlight } from './singleFlight.js';
import type { AccountToken, ZoomAuth } from './types.js';

export type { ZoomAuth } from './types.js';

/**
 * Hands out working Zoom access tokens.
 *
 * User grants: refreshed ahead of expiry (refreshSkewMs) and after a 401; a refresh is single-flight per grant
 * inside this process (callers share one promise) and across instances (LockManager, then re-read the grant: if
 * someone else already rotated it, use theirs). Zoom kills the old refresh token at once, so a rotated pair is
 * never dropped: when the store does not take it, it is held in memory and used, and its save is retried (see
 * retrySaveUnderLock). Only Zoom's own invalid_grant ends a link; a refresh whose answer was lost
 * (ZOOM_REFRESH_ANSWER_LOST) keeps the grant, and the next refresh with it tells whether Zoom rotated it.
 *
 * Server-to-Server: one account token per account, cached until shortly before expiry, fetched single-flight.
 */
export interface TokenManager {
  authForUser(teamId: string, userId: string): ZoomAuth;
  accountAuth(accountId: string): ZoomAuth;
  /** Ends the retried saves of held pairs (each gets one last attempt), so the store can be closed. */
  stop(): Promise<void>;
}

export interface TokenManagerDeps {
  grants: GrantStore;
  locks: LockManager;
  oauth: Pick<ZoomOAuth, 'refresh' | 'accountToken'>;
  clock: Clock;
  logger: Logger;
  /** Refresh when the access token expires within this many ms. Default 5 minutes. */
  refreshSkewMs?: number;
  /** The wait between attempts to save a rotated pair; tests pass one on their fake clock. */
  sleep?: (ms: number) => Promise<void>;
}

/** Waits before each further attempt to save a rotated pair the store refused: about three minutes in all. */
export const ROTATED_PAIR_SAVE_RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 60_000, 60_000];

export function grantLockName(teamId: string, userId: string): string {
  return `zoom-grant:${teamId}:${userId}`;
}

/** A rotated pair the store has not taken yet. The store still holds `replaces`, a refresh token Zoom has killed. */
interface HeldPair {
  grant: ZoomGrant;
  replaces: string;
}

/** What a refresh under the lock settled on; `replaces` when it is a new pair that must be saved over that refresh token. */
interface Refreshed {
  grant: ZoomGrant;
  replaces?: string;
}

const unrefSleep = (ms: number) => delay(ms, undefined, { ref: false });

export function createTokenManager(deps: TokenManagerDeps): TokenManager {
  const { grants, locks, oauth, clock, logger } = deps;
  const skewMs = deps.refreshSkewMs ?? 5 * 60_000;
  const sleep = deps.sleep ?? unrefSleep;
  const grantRefreshes = singleFlight<ZoomGrant>();
  const accountTokens = new Map<string, AccountToken>();
  const accountFetches = singleFlight<AccountToken>();
  /** Per grant key: the pair this process holds because the store did not take it. */
  const heldPairs = new Map<string, HeldPair>();
  /** Save loops running or queued for the grant's lock, with the grant key each is for. */
  const savesRunning = new Map<Promise<void>, string>();
  let stopRequested = false;
  let wakeForStop!: () => void;
  const stopping = new Promise<void>((resolve) => {
    wakeForStop = resolve;
  });

  const expiresSoon = (expiresAt: number) => expiresAt - skewMs <= clock.now();
  const grantKey = (teamId: string, userId: string) => `${teamId}\u0000${userId}`;

  /**
   * One attempt to save the held pair. It is written only over the refresh token it replaces: if the store moved on
   * meanwhile (a disconnect, a reconnect, another instance's refresh after our lock was lost), that is the link now and
   * ours is dropped. True when nothing is left to save.
   */
  async function saveHeldPairOnce(key: string): Promise<boolean> {
    const held = heldPairs.get(key);
    if (!held) return true;
    const { teamId, userId } = held.grant;
    try {
      const stored = await grants.get(teamId, userId);
      if (stored?.refreshToken === held.replaces) await grants.save(held.grant);
      // Anything else but our own pair (a save whose answer was lost) means the link changed after we rotated it.
      else if (stored?.refreshToken !== held.grant.refreshToken) logger.warn(`zoom grant ${teamId}/${userId} changed in the store while its rotated pair was held; dropping the held pair`);
    } catch (error) {
      logger.warn(`zoom grant ${teamId}/${userId}: the rotated pair is still not saved`, error);
      return false;
    }
    if (heldPairs.get(key) === held) heldPairs.delete(key);
    logger.info(`zoom grant ${teamId}/${userId}: the held rotated pair is settled (v${held.grant.version})`);
    return true;
  }

  /**
   * After an attempt failed: retries the save with backoff, bounded (ROTATED_PAIR_SAVE_RETRY_DELAYS_MS), while the
   * caller holds the grant's lock. The trade-off: other instances that need this grant wait on the lock meanwhile (their commands stall for up
   * to those minutes), because the alternative is worse: they would read the old pair and refresh with its dead refresh
   * token, and Zoom's invalid_grant would end the link. The wait is bounded because a lock held for ever would stall
   * them for ever; past it, the pair stays held here (used, and saved again at the next use) and another instance that
   * refreshes with the old token ends the link, which the user mends by reconnecting.
   */
  async function retrySaveUnderLock(key: string): Promise<void> {
    for (const delayMs of ROTATED_PAIR_SAVE_RETRY_DELAYS_MS) {
      await Promise.race([sleep(delayMs), stopping]);
      if (await saveHeldPairOnce(key)) return;
      if (stopRequested) break;
    }
    const held = heldPairs.get(key);
    if (held) logger.error(`zoom grant ${held.grant.teamId}/${held.grant.userId}: the store keeps refusing its rotated pair; holding it in memory until the next use`);
  }

  /** A save loop stop() waits for. */
  function tracked(key: string, saving: Promise<void>): Promise<void> {
    savesRunning.set(saving, key);
    return saving.finally(() => savesRunning.delete(saving));
  }

  /**
   * At a use of the held pair: one more save loop under the grant's lock, unless one is running or queued already
   * (a use during the loop that just gave up must not hold the lock for another round at once).
   */
  function saveHeldPairAgain(teamId: string, userId: string): void {
    const key = grantKey(teamId, userId);
    if ([...savesRunning.values()].includes(key)) return;
    const saving = locks.withLock(grantLockName(teamId, userId), async () => {
      if (!(await saveHeldPairOnce(key))) await retrySaveUnderLock(key);
    });
    void tracked(key, saving.catch((error: unknown) => logger.warn(`zoom grant ${teamId}/${userId}: could not retry saving the held pair`, error)));
  }

  /** The grant to use: the pair held here while the store still has the one it replaces, else the store's. */
  async function loadGrant(teamId: string, userId: string): Promise<ZoomGrant> {
    const key = grantKey(teamId, userId);
    const held = heldPairs.get(key);
    let stored: ZoomGrant | undefined;
    try {
      stored = await grants.get(teamId, userId);
    } catch (error) {
      if (held) return held.grant;
      throw error;
    }
    if (held && stored?.refreshToken === held.replaces) {
      saveHeldPairAgain(teamId, userId);
      return held.grant;
    }
    if (held && heldPairs.get(key) === held) heldPairs.delete(key);
    if (!stored) throw new AppError('ZOOM_NOT_CONNECTED', `No Zoom grant for ${teamId}/${userId}`);
    return stored;
  }

  /** Under the cross-instance lock: re-read, then refresh at Zoom only if nobody else has. */
  async function refreshAtZoom(seen: ZoomGrant): Promise<Refreshed> {
    const { teamId, userId } = seen;
    const key = grantKey(teamId, userId);
    const held = heldPairs.get(key);
    const current = held?.grant ?? (await grants.get(teamId, userId));
    if (!current) {
      // The grant was there before we queued for the lock and is gone now: the holder ahead of us found its
      // refresh token dead (or it was disconnected). Say so, as that holder's caller heard, so this command is
      // kept for after the reconnect too; "not connected" would drop it.
      throw new AppError('ZOOM_GRANT_REVOKED', `Zoom grant ${teamId}/${userId} was removed while waiting to refresh it`);
    }
    const rotatedElsewhere = current.version > seen.version || current.accessToken !== seen.accessToken;
    if (rotatedElsewhere && !expiresSoon(current.accessTokenExpiresAt)) {
      logger.debug(`zoom grant ${teamId}/${userId} already refreshed (v${current.version}); using it`);
      return { grant: current };
    }
    /** The refresh token the store holds for this link, whichever pair we refresh. */
    const storedRefreshToken = held?.replaces ?? current.refreshToken;

    let tokens;
    try {
      tokens = await oauth.refresh(current.refreshToken);
    } catch (error) {
      if (isAppError(error, 'ZOOM_OUTCOME_UNKNOWN')) {
        // Zoom may have rotated the pair and killed the refresh token we hold, or never seen the request. The grant
        // is kept: the next refresh with it tells which (invalid_grant ends the link then).
        logger.warn(`zoom grant ${teamId}/${userId}: the refresh's answer was lost; the user is asked to reconnect`);
        throw new AppError('ZOOM_REFRESH_ANSWER_LOST', `The answer to the refresh of Zoom grant ${teamId}/${userId} was lost`, error.details, { cause: error });
      }
      if (!isAppError(error, 'ZOOM_GRANT_REVOKED')) throw error;
      // Another instance may have rotated the pair without our lock (e.g. a lease ran out): believe the store.
      const latest = await grants.get(teamId, userId);
      heldPairs.delete(key);
      if (latest && latest.refreshToken !== storedRefreshToken) {
        logger.info(`zoom grant ${teamId}/${userId} was rotated elsewhere while refreshing; using v${latest.version}`);
        return { grant: latest };
      }
      if (latest) await grants.delete(teamId, userId);
      logger.warn(`zoom grant ${teamId}/${userId} revoked by Zoom; deleted`);
      throw error;
    }

    const next: ZoomGrant = {
      ...current,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      accessTokenExpiresAt: tokens.expiresAt,
      scope: tokens.scope || current.scope,
      updatedAt: clock.now(),
      version: current.version + 1,
    };
    return { grant: next, replaces: storedRefreshToken };
  }

  /**
   * Refreshes under the cross-instance lock and saves the rotated pair before callers use it. When the store does
   * not take it, callers get the new pair at once while this keeps the lock and retries the save (retrySaveUnderLock).
   */
  function refreshUnderLock(seen: ZoomGrant): Promise<ZoomGrant> {
    const { teamId, userId } = seen;
    const key = grantKey(teamId, userId);
    return new Promise<ZoomGrant>((resolve, reject) => {
      locks
        .withLock(grantLockName(teamId, userId), async () => {
          const { grant, replaces } = await refreshAtZoom(seen);
          if (replaces !== undefined) {
            try {
              await grants.save(grant);
              heldPairs.delete(key);
              logger.debug(`zoom grant ${teamId}/${userId} refreshed to v${grant.version}`);
            } catch (error) {
              logger.error(`zoom grant ${teamId}/${userId} refreshed but the store did not take the new pair; using it and retrying the save`, error);
              heldPairs.set(key, { grant, replaces });
            }
          }
          resolve(grant);
          // Still under the lock, so no other instance refreshes with the refresh token Zoom just killed.
          if (heldPairs.get(key)?.grant === grant) await tracked(key, retrySaveUnderLock(key));
        })
        .catch(reject);
    });
  }

  /** In-process single flight: concurrent callers for one grant share one refresh. */
  function sharedRefresh(seen: ZoomGrant): Promise<ZoomGrant> {
    return grantRefreshes(grantKey(seen.teamId, seen.userId), () => refreshUnderLock(seen));
  }

  /** After a 401: a token different from the refused one. */
  async function replaceRefusedToken(refused: ZoomGrant): Promise<ZoomGrant> {
    const fresh = await sharedRefresh(refused);
    // We joined a refresh that was started for an older token and settled on exactly the token Zoom just refused.
    if (fresh.accessToken === refused.accessToken) return sharedRefresh(fresh);
    return fresh;
  }

  async function refreshAhead(grant: ZoomGrant): Promise<ZoomGrant> {
    try {
      return await sharedRefresh(grant);
    } catch (error) {
      const transient = isAppError(error, 'ZOOM_UNAVAILABLE') || isAppError(error, 'ZOOM_RATE_LIMITED') || isAppError(error, 'ZOOM_REFRESH_ANSWER_LOST');
      if (transient && grant.accessTokenExpiresAt > clock.now()) {
        logger.warn(`zoom grant ${grant.teamId}/${grant.userId}: early refresh failed (${error.code}); using the current token`);
        return grant;
      }
      throw error;
    }
  }

  function fetchAccountToken(accountId: string): Promise<AccountToken> {
    return accountFetches(accountId, async () => {
      const token = await oauth.accountToken(accountId);
      accountTokens.set(accountId, token);
      return token;
    });
  }

  async function accountToken(accountId: string): Promise<AccountToken> {
    const cached = accountTokens.get(accountId);
    if (cached && !expiresSoon(cached.expiresAt)) return cached;
    return fetchAccountToken(accountId);
  }

  return {
    authForUser(teamId, userId) {
      return {
        async call<T>(fn: (accessToken: string) => Promise<T>): Promise<T> {
          let grant = await loadGrant(teamId, userId);
          if (expiresSoon(grant.accessTokenExpiresAt)) grant = await refreshAhead(grant);
          try {
            return await fn(grant.accessToken);
          } catch (error) {
            if (!isAccessTokenRejected(error)) throw error;
            logger.info(`zoom refused the access token of ${teamId}/${userId}; refreshing and retrying once`);
            grant = await replaceRefusedToken(grant);
            return fn(grant.accessToken);
          }
        },
      };
    },

    accountAuth(accountId) {
      return {
        async call<T>(fn: (accessToken: string) => Promise<T>): Promise<T> {
          const token = await accountToken(accountId);
          try {
            return await fn(token.accessToken);
          } catch (error) {
            if (!isAccessTokenRejected(error)) throw error;
            logger.info(`zoom refused the account token of ${accountId}; fetching a new one and retrying once`);
            if (accountTokens.get(accountId)?.accessToken === token.accessToken) accountTokens.delete(accountId);
            const fresh = await accountToken(accountId);
            return fn(fresh.accessToken);
          }
        },
      };
    },

    async stop() {
      stopRequested = true;
      wakeForStop();
      await Promise.all(savesRunning.keys());
    },
  };
}

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
 * someone else already rotated it, use theirs). The rotated pair is saved before the new access token is used,
 * because Zoom kills the old refresh token at once.
 *
 * Server-to-Server: one account token per account, cached until shortly before expiry, fetched single-flight.
 */
export interface TokenManager {
  authForUser(teamId: string, userId: string): ZoomAuth;
  accountAuth(accountId: string): ZoomAuth;
}

export interface TokenManagerDeps {
  grants: GrantStore;
  locks: LockManager;
  oauth: Pick<ZoomOAuth, 'refresh' | 'accountToken'>;
  clock: Clock;
  logger: Logger;
  /** Refresh when the access token expires within this many ms. Default 5 minutes. */
  refreshSkewMs?: number;
}

export function grantLockName(teamId: string, userId: string): string {
  return `zoom-grant:${teamId}:${userId}`;
}

export function createTokenManager(deps: TokenManagerDeps): TokenManager {
  const { grants, locks, oauth, clock, logger } = deps;
  const skewMs = deps.refreshSkewMs ?? 5 * 60_000;
  const grantRefreshes = singleFlight<ZoomGrant>();
  const accountTokens = new Map<string, AccountToken>();
  const accountFetches = singleFlight<AccountToken>();

  const expiresSoon = (expiresAt: number) => expiresAt - skewMs <= clock.now();

  async function loadGrant(teamId: string, userId: string): Promise<ZoomGrant> {
    const grant = await grants.get(teamId, userId);
    if (!grant) throw new AppError('ZOOM_NOT_CONNECTED', `No Zoom grant for ${teamId}/${userId}`);
    return grant;
  }

  /** Runs under the cross-instance lock: re-read, then refresh only if nobody else has. */
  async function refreshUnderLock(seen: ZoomGrant): Promise<ZoomGrant> {
    const { teamId, userId } = seen;
    return locks.withLock(grantLockName(teamId, userId), async () => {
      const current = await grants.get(teamId, userId);
      if (!current) {
        // The grant was there before we queued for the lock and is gone now: the holder ahead of us found its
        // refresh token dead (or it was disconnected). Say so, as that holder's caller heard, so this command is
        // kept for after the reconnect too; "not connected" would drop it.
        throw new AppError('ZOOM_GRANT_REVOKED', `Zoom grant ${teamId}/${userId} was removed while waiting to refresh it`);
      }
      const rotatedElsewhere = current.version > seen.version || current.accessToken !== seen.accessToken;
      if (rotatedElsewhere && !expiresSoon(current.accessTokenExpiresAt)) {
        logger.debug(`zoom grant ${teamId}/${userId} already refreshed (v${current.version}); using it`);
        return current;
      }

      let tokens;
      try {
        tokens = await oauth.refresh(current.refreshToken);
      } catch (error) {
        if (!isAppError(error, 'ZOOM_GRANT_REVOKED')) throw error;
        // Another instance may have rotated the pair without our lock (e.g. a lease ran out): believe the store.
        const latest = await grants.get(teamId, userId);
        if (latest && latest.refreshToken !== current.refreshToken) {
          logger.info(`zoom grant ${teamId}/${userId} was rotated elsewhere while refreshing; using v${latest.version}`);
          return latest;
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
      try {
        await grants.save(next);
      } catch (error) {
        // Zoom already killed the old refresh token: this grant will need a reconnect.
        logger.error(`zoom grant ${teamId}/${userId} refreshed but could not be saved: ${String(error)}`);
        throw error;
      }
      logger.debug(`zoom grant ${teamId}/${userId} refreshed to v${next.version}`);
      return next;
    });
  }

  /** In-process single flight: concurrent callers for one grant share one refresh. */
  function sharedRefresh(seen: ZoomGrant): Promise<ZoomGrant> {
    return grantRefreshes(`${seen.teamId}\u0000${seen.userId}`, () => refreshUnderLock(seen));
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
      const transient = isAppError(error, 'ZOOM_UNAVAILABLE') || isAppError(error, 'ZOOM_RATE_LIMITED');
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
  };
}

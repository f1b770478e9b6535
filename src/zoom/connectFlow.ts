import type { Clock } from '../clock.js';
import type { Requester } from '../scheduling/types.js';
import { AppError } from '../errors.js';
import type { GrantStore, LockManager, OAuthStateStore, ZoomGrant } from '../storage/types.js';
import type { ZoomApi } from './api.js';
import type { ZoomOAuth } from './oauth.js';
import { createPkcePair, randomState } from './pkce.js';
import { grantLockName } from './tokenManager.js';

export const STATE_TTL_MS = 10 * 60_000;

export interface ConnectFlowDeps {
  oauth: ZoomOAuth;
  zoomApi: ZoomApi;
  grants: GrantStore;
  states: OAuthStateStore;
  locks: LockManager;
  clock: Clock;
}

export interface ConnectFlow {
  /** A fresh single-use authorize URL for this Slack user (the enterprise id finds an org-wide install's token later). */
  start(requester: Requester): Promise<string>;
  /** Handles Zoom's redirect back. Throws OAUTH_* errors; on success the grant is saved. */
  complete(query: { code?: string; state?: string; error?: string }): Promise<ZoomGrant>;
}

export function createConnectFlow(deps: ConnectFlowDeps): ConnectFlow {
  return {
    async start({ teamId, enterpriseId, userId }) {
      const state = randomState();
      const pkce = createPkcePair();
      const now = deps.clock.now();
      await deps.states.put(state, { teamId, enterpriseId, userId, codeVerifier: pkce.verifier, createdAt: now, expiresAt: now + STATE_TTL_MS });
      return deps.oauth.authorizeUrl({ state, codeChallenge: pkce.challenge });
    },

    async complete({ code, state, error }) {
      // The state is consumed whatever happens next, so a callback can never be replayed.
      const record = state ? await deps.states.take(state) : undefined;
      if (error) throw new AppError('OAUTH_DENIED', `Zoom authorization was not granted (${error})`);
      if (!record || record.expiresAt <= deps.clock.now()) {
        throw new AppError('OAUTH_STATE_INVALID', 'The connect link is unknown, expired or already used');
      }
      if (!code) throw new AppError('OAUTH_EXCHANGE_FAILED', 'Zoom sent no authorization code');

      // A refused code is OAUTH_EXCHANGE_FAILED; Zoom not answering stays ZOOM_UNAVAILABLE.
      const tokens = await deps.oauth.exchangeCode({ code, codeVerifier: record.codeVerifier });
      const me = await deps.zoomApi.getMe({ call: (fn) => fn(tokens.accessToken) });
      const now = deps.clock.now();
      const grant: ZoomGrant = {
        teamId: record.teamId,
        enterpriseId: record.enterpriseId,
        userId: record.userId,
        zoomUserId: me.id,
        zoomAccountId: me.accountId,
        zoomEmail: me.email,
        zoomName: me.displayName || [me.firstName, me.lastName].filter(Boolean).join(' ') || me.email,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        accessTokenExpiresAt: tokens.expiresAt,
        scope: tokens.scope,
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      // Under the grant's lock, so a refresh or a revocation of the old grant cannot overwrite or delete this one.
      await deps.locks.withLock(grantLockName(grant.teamId, grant.userId), () => deps.grants.save(grant));
      return grant;
    },
  };
}

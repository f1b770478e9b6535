import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Requester } from '../scheduling/types.js';
import { AppError } from '../errors.js';
import type { ConnectLink, ConnectLinkStore, GrantStore, LockManager, OAuthStateStore, ZoomGrant } from '../storage/types.js';
import type { ZoomApi } from './api.js';
import type { ZoomOAuth } from './oauth.js';
import { createPkcePair, randomState } from './pkce.js';
import { grantLockName } from './tokenManager.js';

export const STATE_TTL_MS = 10 * 60_000;
/** How long the page that asks "link this Zoom account to this Slack user?" can be answered. */
export const CONFIRM_TTL_MS = 10 * 60_000;
/** A decided link is remembered (without tokens) this long, so a reload of its page says what happened. */
const DECIDED_TTL_MS = 24 * 60 * 60_000;
/**
 * The store keeps an unanswered link past expiresAt, so its expiry job finds its tokens to revoke even when it
 * runs late (every instance down for a while), and a late answer can still revoke them.
 */
const CLEANUP_GRACE_MS = 60 * 60_000;

/** What Slack says about the user a link is for; each part only when Slack answered. */
export interface SlackUserDescription {
  name?: string;
  workspace?: string;
  email?: string;
}

export type ConnectDecision = 'confirmed' | 'declined';

export type DecisionResult =
  /** Decided now. A confirm carries the grant it saved. */
  | { kind: 'decided'; link: ConnectLink; grant?: ZoomGrant }
  /** The page was answered before (a reload or a replay): nothing was done again. */
  | { kind: 'already-decided'; link: ConnectLink }
  /** No such page, or it expired: nothing was linked. */
  | { kind: 'invalid' };

export interface ConnectFlowDeps {
  oauth: ZoomOAuth;
  zoomApi: ZoomApi;
  grants: GrantStore;
  states: OAuthStateStore;
  links: ConnectLinkStore;
  locks: LockManager;
  clock: Clock;
  logger: Logger;
  /** Never rejects: what Slack could say within a few seconds. */
  describeSlackUser(requester: Requester): Promise<SlackUserDescription>;
  /** Records, durably, that the page must be expired (expire below) at `at` if nobody answers it. */
  scheduleExpiry(pageToken: string, link: ConnectLink): Promise<void>;
}

export interface ConnectFlow {
  /** A fresh single-use authorize URL for this Slack user (the enterprise id finds an org-wide install's token later). */
  start(requester: Requester): Promise<string>;
  /**
   * Zoom's redirect back after consent: exchanges the code and holds the account, unlinked, behind a new page token
   * until the person answers. The same state again (a reload) finds the same page. Throws OAUTH_* errors.
   */
  consent(query: { code?: string; state?: string; error?: string }): Promise<{ pageToken: string; link: ConnectLink }>;
  /** The person's answer to that page, once per page across instances. Only a confirm links anything. */
  decide(pageToken: string, decision: ConnectDecision): Promise<DecisionResult>;
  /**
   * The page's time is up: unless it was answered, its tokens are revoked (unless that Zoom account is linked
   * already) and dropped. Returns the link (without tokens) when it expired unanswered, for telling its Slack user.
   */
  expire(pageToken: string): Promise<ConnectLink | undefined>;
}

export function createConnectFlow(deps: ConnectFlowDeps): ConnectFlow {
  const stateInvalid = () => new AppError('OAUTH_STATE_INVALID', 'The connect link is unknown, expired or already used');

  /** The page an already used state led to, while it can still be answered or says what was decided. */
  async function reopen(state: string): Promise<{ pageToken: string; link: ConnectLink } | undefined> {
    const pageToken = await deps.links.pageTokenFor(state);
    const link = pageToken ? await deps.links.get(pageToken) : undefined;
    if (!pageToken || !link || (!link.decision && link.expiresAt <= deps.clock.now())) return undefined;
    return { pageToken, link };
  }

  /**
   * Zoom revokes per Zoom user and app, not per token: if this Zoom account is already linked (say, to its owner's
   * own Slack user), revoking would end that link too. The unused tokens are then only dropped.
   */
  async function revokeUnlessLinked(grant: ZoomGrant): Promise<void> {
    try {
      if ((await deps.grants.listByZoomUser(grant.zoomUserId)).length > 0) return;
      await deps.oauth.revoke(grant.accessToken);
    } catch (error) {
      deps.logger.warn(`could not revoke the Zoom tokens of a connect that was not confirmed (${grant.teamId}/${grant.userId})`, error);
    }
  }

  return {
    async start({ teamId, enterpriseId, userId }) {
      const state = randomState();
      const pkce = createPkcePair();
      const now = deps.clock.now();
      await deps.states.put(state, { teamId, enterpriseId, userId, codeVerifier: pkce.verifier, createdAt: now, expiresAt: now + STATE_TTL_MS });
      return deps.oauth.authorizeUrl({ state, codeChallenge: pkce.challenge });
    },

    async consent({ code, state, error }) {
      // The state is consumed whatever happens next, so a callback can never be exchanged twice.
      const record = state ? await deps.states.take(state) : undefined;
      if (error) throw new AppError('OAUTH_DENIED', `Zoom authorization was not granted (${error})`);
      if (!state) throw stateInvalid();
      if (!record) {
        const again = await reopen(state);
        if (again) return again;
        throw stateInvalid();
      }
      if (record.expiresAt <= deps.clock.now()) throw stateInvalid();
      if (!code) throw new AppError('OAUTH_EXCHANGE_FAILED', 'Zoom sent no authorization code');

      // A refused code is OAUTH_EXCHANGE_FAILED; Zoom not answering stays ZOOM_UNAVAILABLE.
      const tokens = await deps.oauth.exchangeCode({ code, codeVerifier: record.codeVerifier });
      const me = await deps.zoomApi.getMe({ call: (fn) => fn(tokens.accessToken) });
      const slackUser = await deps.describeSlackUser({ teamId: record.teamId, enterpriseId: record.enterpriseId, userId: record.userId });
      const now = deps.clock.now();
      const zoomName = me.displayName || [me.firstName, me.lastName].filter(Boolean).join(' ') || me.email;
      const grant: ZoomGrant = {
        teamId: record.teamId,
        enterpriseId: record.enterpriseId,
        userId: record.userId,
        zoomUserId: me.id,
        zoomAccountId: me.accountId,
        zoomEmail: me.email,
        zoomName,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        accessTokenExpiresAt: tokens.expiresAt,
        scope: tokens.scope,
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      const link: ConnectLink = {
        teamId: record.teamId,
        enterpriseId: record.enterpriseId,
        userId: record.userId,
        slackUserName: slackUser.name,
        workspaceName: slackUser.workspace,
        zoomName,
        zoomEmail: me.email,
        emailMismatch: slackUser.email !== undefined && slackUser.email.toLowerCase() !== me.email.toLowerCase(),
        createdAt: now,
        expiresAt: now + CONFIRM_TTL_MS,
        grant,
      };
      // As unguessable as a state: whoever holds it can answer the page.
      const pageToken = randomState();
      await deps.links.save(pageToken, link, CONFIRM_TTL_MS + CLEANUP_GRACE_MS);
      await deps.links.rememberPage(state, pageToken, DECIDED_TTL_MS);
      // Unanswered, the tokens Zoom just gave must not outlive the page.
      await deps.scheduleExpiry(pageToken, link);
      return { pageToken, link };
    },

    async decide(pageToken, decision) {
      const outcome = await deps.links.withLock(pageToken, async (): Promise<DecisionResult & { unused?: ZoomGrant }> => {
        const link = await deps.links.get(pageToken);
        if (!link) return { kind: 'invalid' };
        if (link.decision) return { kind: 'already-decided', link };
        const { grant, ...withoutTokens } = link;
        if (!grant || link.expiresAt <= deps.clock.now()) {
          await deps.links.delete(pageToken);
          return { kind: 'invalid', unused: grant };
        }
        // Under the grant's lock, so a refresh or a revocation of an older grant cannot overwrite or delete this one.
        if (decision === 'confirmed') await deps.locks.withLock(grantLockName(grant.teamId, grant.userId), () => deps.grants.save(grant));
        const decided: ConnectLink = { ...withoutTokens, decision };
        await deps.links.save(pageToken, decided, DECIDED_TTL_MS);
        return decision === 'confirmed' ? { kind: 'decided', link: decided, grant } : { kind: 'decided', link: decided, unused: grant };
      });
      const { unused, ...result } = outcome;
      if (unused) await revokeUnlessLinked(unused);
      return result;
    },

    async expire(pageToken) {
      const unanswered = await deps.links.withLock(pageToken, async () => {
        const link = await deps.links.get(pageToken);
        if (!link?.grant || link.decision) return undefined;
        await deps.links.delete(pageToken);
        return link;
      });
      if (!unanswered?.grant) return undefined;
      const { grant, ...withoutTokens } = unanswered;
      await revokeUnlessLinked(grant);
      return withoutTokens;
    },
  };
}

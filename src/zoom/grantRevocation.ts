import { isAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { GrantStore, LockManager, ZoomGrant } from '../storage/types.js';
import type { ZoomOAuth } from './oauth.js';
import { grantLockName } from './tokenManager.js';

export interface GrantRevocation {
  /** `/zoom disconnect`: revoke at Zoom, then forget. revokedAtZoom is false when Zoom could not be reached. */
  disconnect(teamId: string, userId: string): Promise<{ grant?: ZoomGrant; revokedAtZoom: boolean }>;
  /** Zoom told us (app_deauthorized) this Zoom user removed the app: forget every link to them. */
  forgetZoomUser(zoomUserId: string): Promise<ZoomGrant[]>;
  /** The Slack workspace uninstalled the app: revoke and forget every grant of its users. */
  forgetTeam(teamId: string): Promise<ZoomGrant[]>;
  /** An Enterprise Grid org-wide installation left the org: the same for every workspace of it. */
  forgetEnterprise(enterpriseId: string): Promise<ZoomGrant[]>;
}

/**
 * Ends grants. Each runs under the grant's lock, so it never races a token refresh: a refresh finishing
 * after the delete would otherwise save the grant again.
 */
export function createGrantRevocation(deps: {
  grants: GrantStore;
  locks: LockManager;
  oauth: Pick<ZoomOAuth, 'revoke' | 'revokeToken' | 'refresh'>;
  logger: Logger;
}): GrantRevocation {
  /**
   * Zoom revokes a grant by its access token, and refuses an expired one as an invalid token, while the refresh
   * token lives on for 90 days (and the app stays under the user's Added Apps in Zoom). An hour after the last
   * command that is the usual case, so on "unknown token" get a live access token and revoke with that. Called
   * under the grant's lock, so this refresh races nothing; the rotated pair is not saved, the grant is going.
   */
  async function revokeAtZoom(grant: ZoomGrant): Promise<void> {
    if ((await deps.oauth.revokeToken(grant.accessToken)) === 'revoked') return;
    let live;
    try {
      live = await deps.oauth.refresh(grant.refreshToken);
    } catch (error) {
      // Zoom knows neither token: the grant is already gone there.
      if (isAppError(error, 'ZOOM_GRANT_REVOKED')) return;
      throw error;
    }
    await deps.oauth.revoke(live.accessToken);
  }

  const revokeAndDelete = (teamId: string, userId: string) =>
    deps.locks.withLock(grantLockName(teamId, userId), async () => {
      const grant = await deps.grants.get(teamId, userId);
      if (!grant) return { grant: undefined, revokedAtZoom: false };
      let revokedAtZoom = true;
      try {
        await revokeAtZoom(grant);
      } catch (error) {
        revokedAtZoom = false;
        deps.logger.warn(`Zoom revoke failed for ${teamId}/${userId}; deleting the grant anyway`, error);
      }
      await deps.grants.delete(teamId, userId);
      return { grant, revokedAtZoom };
    });

  const revokeAndDeleteAll = async (grants: ZoomGrant[]) => {
    for (const grant of grants) await revokeAndDelete(grant.teamId, grant.userId);
    return grants;
  };

  return {
    disconnect: revokeAndDelete,

    async forgetZoomUser(zoomUserId) {
      const linked = await deps.grants.listByZoomUser(zoomUserId);
      for (const grant of linked) {
        await deps.locks.withLock(grantLockName(grant.teamId, grant.userId), () => deps.grants.delete(grant.teamId, grant.userId));
      }
      return linked;
    },

    forgetTeam: async (teamId) => revokeAndDeleteAll(await deps.grants.listByTeam(teamId)),

    forgetEnterprise: async (enterpriseId) => revokeAndDeleteAll(await deps.grants.listByEnterprise(enterpriseId)),
  };
}

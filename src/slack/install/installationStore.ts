import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';
import { AppError } from '../../errors.js';
import type { KeyValue } from '../../storage/types.js';

/** Org-wide (Enterprise Grid) installs are keyed by enterprise, the rest by workspace. */
function installationKey(query: { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string }): string {
  if (query.isEnterpriseInstall && query.enterpriseId) return `enterprise:${query.enterpriseId}`;
  if (query.teamId) return `team:${query.teamId}`;
  throw new Error('an installation needs a team id or an org-wide enterprise id');
}

/** Which workspaces may install and use the app; absent: any. */
export type WorkspaceAllowlist = (ids: { teamId?: string; enterpriseId?: string }) => boolean;

export function allowlistCheck(allowlist: { teamIds: string[]; enterpriseIds: string[] } | undefined): WorkspaceAllowlist | undefined {
  if (!allowlist) return undefined;
  return ({ teamId, enterpriseId }) =>
    (teamId !== undefined && allowlist.teamIds.includes(teamId)) || (enterpriseId !== undefined && allowlist.enterpriseIds.includes(enterpriseId));
}

/** A store that does not answer is an outage, never "not installed". */
async function read(installations: KeyValue, key: string): Promise<Installation | undefined> {
  try {
    return await installations.get<Installation>(key);
  } catch (error) {
    throw new AppError('STORE_UNAVAILABLE', `could not read installation ${key}`, {}, { cause: error });
  }
}

function refuseUnlisted(allowed: WorkspaceAllowlist | undefined, ids: { teamId?: string; enterpriseId?: string }): void {
  if (allowed && !allowed(ids)) {
    throw new AppError('WORKSPACE_NOT_ALLOWED', `workspace ${ids.teamId ?? '-'} (org ${ids.enterpriseId ?? '-'}) is not in the allowlist`, { teamId: ids.teamId });
  }
}

/**
 * @slack/oauth's InstallationStore on the app's store (encrypted at rest there: it holds bot tokens). With an
 * allowlist, an unlisted workspace can neither install (storeInstallation) nor be served (fetchInstallation,
 * which Bolt's authorize calls for every request). Slack has issued the tokens of a refused install already:
 * they are revoked (`revoke`, which never rejects), not merely dropped.
 */
export function keyvInstallationStore(
  installations: KeyValue,
  options: { allowed?: WorkspaceAllowlist; revoke?: (token: string) => Promise<void> } = {},
): InstallationStore & { fetchBotToken(team: { teamId: string; enterpriseId?: string }): Promise<string | undefined> } {
  const find = async (query: InstallationQuery<boolean>): Promise<Installation | undefined> => {
    refuseUnlisted(options.allowed, { teamId: query.teamId, enterpriseId: query.enterpriseId });
    return (
      (await read(installations, installationKey(query))) ??
      // A workspace of an org that installed org-wide.
      (query.enterpriseId ? await read(installations, installationKey({ isEnterpriseInstall: true, enterpriseId: query.enterpriseId })) : undefined)
    );
  };
  return {
    async storeInstallation(installation) {
      const ids = { teamId: installation.team?.id, enterpriseId: installation.enterprise?.id };
      try {
        refuseUnlisted(options.allowed, installation.isEnterpriseInstall ? { enterpriseId: ids.enterpriseId } : ids);
      } catch (refused) {
        const issued = [installation.bot?.token, installation.user?.token].filter((token): token is string => token !== undefined);
        await Promise.all(issued.map((token) => options.revoke?.(token)));
        throw refused;
      }
      await installations.set(installationKey({ isEnterpriseInstall: installation.isEnterpriseInstall, ...ids }), installation);
    },
    async fetchInstallation(query) {
      const installation = await find(query);
      if (!installation) throw new AppError('SLACK_API_FAILED', `no installation for ${query.teamId ?? query.enterpriseId}`, { reason: 'not_installed' });
      return installation;
    },
    async deleteInstallation(query) {
      await installations.delete(installationKey(query));
    },
    async fetchBotToken({ teamId, enterpriseId }) {
      return (await find({ teamId, enterpriseId, isEnterpriseInstall: false }))?.bot?.token;
    },
  };
}

import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';
import type { KeyValue } from '../../storage/types.js';

/** Org-wide (Enterprise Grid) installs are keyed by enterprise, the rest by workspace. */
function installationKey(query: { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string }): string {
  if (query.isEnterpriseInstall && query.enterpriseId) return `enterprise:${query.enterpriseId}`;
  if (query.teamId) return `team:${query.teamId}`;
  throw new Error('an installation needs a team id or an org-wide enterprise id');
}

/** @slack/oauth's InstallationStore on the app's store (encrypted at rest there: it holds bot tokens). */
export function keyvInstallationStore(installations: KeyValue): InstallationStore & { fetchBotToken(team: { teamId: string; enterpriseId?: string }): Promise<string | undefined> } {
  const fetch = async (query: InstallationQuery<boolean>): Promise<Installation> => {
    const installation =
      (await installations.get<Installation>(installationKey(query))) ??
      // A workspace of an org that installed org-wide.
      (query.enterpriseId ? await installations.get<Installation>(installationKey({ isEnterpriseInstall: true, enterpriseId: query.enterpriseId })) : undefined);
    if (!installation) throw new Error(`no installation for ${query.teamId ?? query.enterpriseId}`);
    return installation;
  };
  return {
    async storeInstallation(installation) {
      await installations.set(
        installationKey({ isEnterpriseInstall: installation.isEnterpriseInstall, enterpriseId: installation.enterprise?.id, teamId: installation.team?.id }),
        installation,
      );
    },
    fetchInstallation: fetch,
    async deleteInstallation(query) {
      await installations.delete(installationKey(query));
    },
    async fetchBotToken({ teamId, enterpriseId }) {
      try {
        return (await fetch({ teamId, enterpriseId, isEnterpriseInstall: false })).bot?.token;
      } catch {
        return undefined;
      }
    },
  };
}

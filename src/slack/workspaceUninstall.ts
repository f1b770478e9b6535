import type { InstallationStore } from '@slack/oauth';
import type { JobQueue } from '../jobs/types.js';
import type { Logger } from '../logger.js';
import type { MeetingPostStore, PendingCommandStore, UserSettingsStore } from '../storage/types.js';
import type { GrantRevocation } from '../zoom/grantRevocation.js';

/**
 * The app left a workspace (app_uninstalled, or its bot token revoked): nothing of it stays behind.
 * Its users' Zoom grants are revoked at Zoom and deleted, then its cards, pending commands, settings, jobs and
 * installation are forgotten. No team id means an Enterprise Grid org-wide installation left the org.
 */
export function createWorkspaceUninstall(deps: {
  revocation: GrantRevocation;
  meetingPosts: MeetingPostStore;
  pendingCommands: PendingCommandStore;
  jobs: JobQueue;
  userSettings: UserSettingsStore;
  /** Multi-workspace mode only: one-workspace mode has no stored installation. */
  installationStore?: InstallationStore;
  logger: Logger;
}) {
  return async (team: { teamId: string; enterpriseId?: string }): Promise<void> => {
    if (!team.teamId && !team.enterpriseId) {
      deps.logger.warn('an uninstall event named no workspace or enterprise; nothing forgotten');
      return;
    }
    const orgId = team.teamId ? undefined : team.enterpriseId;
    const forgotten = orgId ? await deps.revocation.forgetEnterprise(orgId) : await deps.revocation.forgetTeam(team.teamId);
    // An org's workspaces are the ones its users' grants came from.
    const teams = new Set([...(team.teamId ? [team.teamId] : []), ...forgotten.map((grant) => grant.teamId)]);
    for (const teamId of teams) {
      await deps.meetingPosts.deleteTeam(teamId);
      await deps.pendingCommands.deleteTeam(teamId);
      await deps.jobs.deleteTeam(teamId);
      await deps.userSettings.deleteTeam(teamId);
    }
    await deps.installationStore?.deleteInstallation?.(
      orgId ? { teamId: undefined, enterpriseId: orgId, isEnterpriseInstall: true } : { teamId: team.teamId, enterpriseId: team.enterpriseId, isEnterpriseInstall: false },
    );
    const who = orgId ? `enterprise ${orgId}` : `workspace ${team.teamId}`;
    deps.logger.info(`${who} uninstalled the app; forgot its installation, cards, pending commands, settings, jobs and ${forgotten.length} Zoom grant(s)`);
  };
}

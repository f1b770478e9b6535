import type { Context } from '@slack/bolt';
import type { SlackListenerDeps } from '../deps.js';
import type { ListenerRegistry } from './registry.js';

/** Leaving a workspace leaves nothing of it behind: its installation and its users' Zoom grants. */
export function registerUninstall(registry: ListenerRegistry, deps: SlackListenerDeps): void {
  // An org-wide (Enterprise Grid) installation is the enterprise's, not one workspace's: no team id then.
  const whoLeft = (context: Context) => ({ teamId: context.isEnterpriseInstall ? '' : (context.teamId ?? ''), enterpriseId: context.enterpriseId });
  registry.event('app_uninstalled', async ({ context }) => {
    await deps.onWorkspaceUninstalled(whoLeft(context));
  });
  // Revoking user tokens does not concern us (we hold none); revoking the bot token is an uninstall.
  registry.event('tokens_revoked', async ({ event, context }) => {
    if ((event.tokens.bot ?? []).length > 0) await deps.onWorkspaceUninstalled(whoLeft(context));
  });
}

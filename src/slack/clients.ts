import { WebClient } from '@slack/web-api';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { SLACK_CLIENT_LIMITS } from './webClientOptions.js';

/** A bot-token WebClient for a workspace, for work that happens outside a Slack request (OAuth callback, webhooks). */
export interface SlackClients {
  forTeam(team: { teamId: string; enterpriseId?: string }): Promise<WebClient>;
}

export function singleWorkspaceClients(options: { botToken: string; apiUrl: string; logger: Logger }): SlackClients {
  const client = new WebClient(options.botToken, { ...SLACK_CLIENT_LIMITS, slackApiUrl: options.apiUrl, logger: options.logger });
  return { forTeam: async () => client };
}

/** Multi-workspace: each team's bot token comes from its installation. */
export function installedWorkspaceClients(options: {
  apiUrl: string;
  logger: Logger;
  botTokenFor: (team: { teamId: string; enterpriseId?: string }) => Promise<string | undefined>;
}): SlackClients {
  const byToken = new Map<string, WebClient>();
  return {
    async forTeam(team) {
      const token = await options.botTokenFor(team);
      if (!token) throw new AppError('SLACK_API_FAILED', `no installation for team ${team.teamId}`, { reason: 'not_installed' });
      let client = byToken.get(token);
      if (!client) {
        client = new WebClient(token, { ...SLACK_CLIENT_LIMITS, slackApiUrl: options.apiUrl, logger: options.logger });
        byToken.set(token, client);
      }
      return client;
    },
  };
}

/** Revokes a token Slack issued us and we will not keep (a refused install); a failure is only logged. */
export async function revokeSlackToken(token: string, options: { apiUrl: string; logger: Logger }): Promise<void> {
  try {
    await new WebClient(token, { ...SLACK_CLIENT_LIMITS, slackApiUrl: options.apiUrl, logger: options.logger }).auth.revoke();
  } catch (error) {
    options.logger.warn('could not revoke the tokens of a refused install', error);
  }
}

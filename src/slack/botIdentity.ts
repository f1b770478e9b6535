import type { Authorize } from '@slack/bolt';
import { ErrorCode, WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { ConfigError } from '../config.js';
import type { Logger } from '../logger.js';

/** Slack's answers that mean the token itself is wrong, not that Slack is unreachable. */
const REFUSED_TOKEN_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type']);

/** How long the startup check waits for Slack: well inside a deployment's start window. */
const CHECK_TIMEOUT_MS = 5_000;

interface Identity {
  botId?: string;
  botUserId?: string;
}

/**
 * One workspace: the bot token, checked once with auth.test at startup, and the identity it returns given to Bolt.
 * Bolt given a bare token calls auth.test by itself after the server listens, and a refused token then ends the
 * process with a raw invalid_auth stack; here a refused token stops the start with words naming SLACK_BOT_TOKEN.
 */
export function singleWorkspaceBot(options: { botToken: string; apiUrl: string; logger: Logger }) {
  // No retries: a refused token is known at once, and an unreachable Slack only warns.
  const client = new WebClient(options.botToken, { slackApiUrl: options.apiUrl, logger: options.logger, timeout: CHECK_TIMEOUT_MS, retryConfig: { retries: 0 } });
  let identity: Promise<Identity> | undefined;
  const fetchIdentity = async (): Promise<Identity> => {
    const result = await client.auth.test();
    return { botId: result.bot_id, botUserId: result.user_id };
  };
  const lookUp = (): Promise<Identity> => {
    // Kept once known; a failed look-up is tried again by the next request.
    identity ??= fetchIdentity().catch((error: unknown) => {
      identity = undefined;
      throw error;
    });
    return identity;
  };

  return {
    /** Stops the start on a token Slack refuses; starts anyway, with a warning, when Slack cannot be asked now. */
    async check(): Promise<void> {
      try {
        await lookUp();
      } catch (error) {
        const code = (error as Partial<WebAPIPlatformError>).code === ErrorCode.PlatformError ? (error as WebAPIPlatformError).data.error : undefined;
        if (code && REFUSED_TOKEN_ERRORS.has(code)) {
          throw new ConfigError(
            `Slack refused SLACK_BOT_TOKEN (${code}): set it to the Bot User OAuth Token (xoxb-…) under Install App in your Slack app's settings, and reinstall the app if it was removed.`,
          );
        }
        options.logger.warn(`could not check SLACK_BOT_TOKEN with Slack now (${error instanceof Error ? error.message : String(error)}); starting anyway`);
      }
    },
    /** Bolt's authorize for the one workspace: the token, and the bot's ids (which let Bolt ignore the bot's own events). */
    authorize: (async () => ({ botToken: options.botToken, ...(await lookUp()) })) satisfies Authorize<boolean>,
  };
}

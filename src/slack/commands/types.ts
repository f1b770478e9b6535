import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Requester } from '../../scheduling/types.js';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** One `/zoom` subcommand. Handlers ack first (within Slack's 3 s) and do slow work after. */
export type SubcommandHandler = (args: CommandArgs, rest: string) => Promise<void>;

export function requesterOf(command: CommandArgs['command']): Requester {
  return { teamId: command.team_id, enterpriseId: command.enterprise_id || undefined, userId: command.user_id };
}

import type { SlackListenerDeps } from '../deps.js';
import type { PrivateReply } from '../failureReporter.js';
import { ACCOUNT_MODE_CONNECT_TEXT } from './connect.js';
import { ephemeralReply } from '../privateReplies.js';
import { requesterOf, type CommandArgs, type SubcommandHandler } from './types.js';
import type { Requester } from '../../scheduling/types.js';

/**
 * A subcommand that answers only the user who typed it: ack at once, do the work, and tell any
 * failure privately. `userGrantsOnly`: it is about a personal Zoom link, which account-level mode has not.
 */
export function privateSubcommand(
  deps: SlackListenerDeps,
  work: (context: { args: CommandArgs; requester: Requester; reply: PrivateReply }) => Promise<void>,
  options: { userGrantsOnly?: boolean } = {},
): SubcommandHandler {
  return async (args) => {
    if (options.userGrantsOnly && deps.hostMode === 'account') {
      await args.ack({ response_type: 'ephemeral', text: ACCOUNT_MODE_CONNECT_TEXT });
      return;
    }
    await args.ack();
    const requester = requesterOf(args.command);
    const reply = ephemeralReply(args, requester.userId);
    try {
      await work({ args, requester, reply });
    } catch (error) {
      await deps.reportFailure(error, reply, { requester });
    }
  };
}

import type { App, CodedError } from '@slack/bolt';
import { isAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Requester } from '../scheduling/types.js';
import type { SlackClients } from './clients.js';
import type { PrivateReply, ReportFailure } from './failureReporter.js';
import { directMessageReply } from './privateReplies.js';
import { postToResponseUrl } from './responseUrl.js';

/** The parts of any Slack request body (command, interaction, event) that say who sent it and where to answer. */
interface AnyBody {
  user_id?: string;
  team_id?: string;
  enterprise_id?: string;
  user?: { id?: string; team_id?: string } | string;
  team?: { id?: string } | null;
  enterprise?: { id?: string } | null;
  event?: { user?: unknown };
  response_url?: string;
  response_urls?: Array<{ response_url?: string }>;
}

function requesterOf(body: AnyBody): Requester | undefined {
  const user = typeof body.user === 'object' ? body.user : undefined;
  const userId = body.user_id ?? user?.id ?? (typeof body.event?.user === 'string' ? body.event.user : undefined);
  const teamId = body.team_id ?? body.team?.id ?? user?.team_id;
  if (!userId || !teamId) return undefined;
  return { teamId, enterpriseId: body.enterprise_id ?? body.enterprise?.id ?? undefined, userId };
}

/**
 * Bolt's last stop (app.error): a failure no listener handled, including one inside the failure reporter and a
 * workspace Bolt could not authorize (not installed, not allowed, or the store is down). The operator gets a log
 * line; the user is told through the failure reporter, in the request's response_url when it has one (that
 * needs no bot token), else by DM. Never rethrows: the request is answered either way.
 */
export function registerListenerErrorHandler(app: App, deps: { clients: SlackClients; reportFailure: ReportFailure; logger: Logger }): void {
  app.error(async ({ error, body }: { error: CodedError; body: unknown }) => {
    const cause = unwrap(error);
    deps.logger.error('a Slack request failed outside its listener', cause);
    const anyBody = (body ?? {}) as AnyBody;
    const requester = requesterOf(anyBody);
    if (!requester) return;
    const responseUrl = anyBody.response_url ?? anyBody.response_urls?.[0]?.response_url;
    const reply: PrivateReply = responseUrl
      ? (message) => postToResponseUrl(responseUrl, { response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks })
      : async (message) => directMessageReply(await deps.clients.forTeam(requester), requester.userId)(message);
    try {
      await deps.reportFailure(cause, reply, { requester });
    } catch (reportError) {
      deps.logger.error(`could not tell ${requester.teamId}/${requester.userId} about a failure`, reportError);
    }
  });
}

/** Bolt wraps what authorize threw, and @slack/oauth wraps what the installation store threw: find the first. */
function unwrap(error: CodedError): unknown {
  let cause: unknown = error;
  for (;;) {
    const original: unknown = cause instanceof Error && !isAppError(cause) ? (cause as { original?: unknown }).original : undefined;
    if (!(original instanceof Error)) return cause;
    cause = original;
  }
}

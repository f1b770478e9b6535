import type { RequestContext } from '../requestContext.js';

/** What kind of Slack request a body is (a metrics label), and who and what it is about (for the log). */
export interface SlackRequestDescription {
  kind: 'command' | 'block_actions' | 'view_submission' | 'view_closed' | 'shortcut' | 'message_action' | 'event' | 'other';
  context: Omit<RequestContext, 'requestId'>;
}

type Body = Record<string, unknown> & {
  team?: { id?: string };
  user?: { id?: string };
  actions?: Array<{ action_id?: string }>;
  view?: { callback_id?: string };
  event?: { type?: string; user?: string | { id?: string } };
};

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function describeSlackRequest(raw: unknown): SlackRequestDescription {
  const body = (typeof raw === 'object' && raw !== null ? raw : {}) as Body;
  const team = body.team?.id ?? str(body.team_id);
  const user = body.user?.id ?? str(body.user_id);
  if (typeof body.command === 'string') {
    // The subcommand says what was asked; the rest is the user's own words and stays out of the log.
    const subcommand = str(body.text)?.trim().split(/\s+/)[0];
    return { kind: 'command', context: { team, user, command: subcommand ? `${body.command} ${subcommand}` : body.command } };
  }
  switch (body.type) {
    case 'block_actions':
      return { kind: 'block_actions', context: { team, user, action: body.actions?.[0]?.action_id } };
    case 'view_submission':
    case 'view_closed':
      return { kind: body.type, context: { team, user, action: body.view?.callback_id } };
    case 'shortcut':
    case 'message_action':
      return { kind: body.type, context: { team, user, action: str(body.callback_id) } };
    case 'event_callback': {
      const eventUser = body.event?.user;
      return { kind: 'event', context: { team, user: typeof eventUser === 'string' ? eventUser : eventUser?.id, action: body.event?.type } };
    }
    default:
      return { kind: 'other', context: { team, user } };
  }
}

import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../logger.js';
import type { SeenOnceSet } from '../storage/types.js';

/** Slack refuses (and Bolt rejects) a signature older than 5 minutes; an id is remembered a little longer. */
export const REPLAY_WINDOW_MS = 6 * 60_000;

/** Where the HTTP receiver puts the request's signature (see boltApp.ts), for requests that carry no id. */
export const SIGNATURE_PROPERTY = 'slackRequestSignature';

/**
 * What makes a Slack request this one and no other: an event's event_id (the same on Slack's own retries), an
 * interaction's or command's trigger_id, else the request's signature (over its timestamp and body).
 */
function requestId(body: Record<string, unknown>, context: Record<string, unknown>): string | undefined {
  if (typeof body.event_id === 'string') return `event:${body.event_id}`;
  if (typeof body.trigger_id === 'string') return `trigger:${body.trigger_id}`;
  const signature = context[SIGNATURE_PROPERTY];
  return typeof signature === 'string' ? `signature:${signature}` : undefined;
}

/**
 * Each Slack request is handled once, whichever instance it reaches: a replay of a signed request within its
 * 5 minutes (six `/zoom new` made six meetings), or Slack retrying an event already handled, is acknowledged and
 * ignored. A store that cannot say lets the request through: it will meet the outage where it matters, and say so.
 */
export function replayGuard(deps: { seen: SeenOnceSet; logger: Logger }): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const id = requestId(args.body as Record<string, unknown>, args.context);
    let first = true;
    if (id) {
      try {
        first = await deps.seen.claim(id, REPLAY_WINDOW_MS);
      } catch (error) {
        deps.logger.error('could not check a Slack request for a replay; handling it', error);
      }
    }
    if (first) {
      await args.next();
      return;
    }
    deps.logger.info(`ignored a Slack request already handled (${id?.split(':')[0] ?? ''}${args.context.retryNum ? `, Slack retry ${args.context.retryNum}` : ''})`);
    if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
  };
}

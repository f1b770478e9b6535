import type { Middleware, AnyMiddlewareArgs } from '@slack/bolt';
import type { InFlight } from '../inFlight.js';
import type { Metrics } from '../metrics/registry.js';
import { withRequestContext } from '../requestContext.js';
import type { AckLabel } from './ackTiming.js';
import { describeSlackRequest } from './requestDescription.js';

/**
 * Bolt's first own middleware: each request's log lines name its team, user, command or action and a request id,
 * through the work after the ack too; it is counted by kind and outcome; and a stop waits for its work.
 */
export function observeSlackRequests(deps: { metrics: Metrics; inFlight: InFlight }): Middleware<AnyMiddlewareArgs> {
  return async ({ next, body, context }) => {
    const { kind, context: about } = describeSlackRequest(body);
    const ackLabel = (context as { ackLabel?: AckLabel }).ackLabel;
    if (ackLabel) ackLabel.kind = kind;
    await withRequestContext(about, async () => {
      try {
        await deps.inFlight.track(next());
        deps.metrics.slackRequests.inc({ kind, outcome: 'ok' });
      } catch (error) {
        deps.metrics.slackRequests.inc({ kind, outcome: 'error' });
        throw error;
      }
    });
  };
}

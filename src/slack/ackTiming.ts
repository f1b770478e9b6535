import type { IncomingMessage, ServerResponse } from 'node:http';
import { secondsSince } from '../metrics/registry.js';

/** The label a Slack request's ack time is recorded under, filled in once Bolt has parsed the body. */
export interface AckLabel {
  kind: string;
}

/**
 * Slack's clock, measured where Slack measures it: from the request reaching our HTTP server to the end of our
 * answer (the ack). Bolt hands the request to middleware only as a parsed body, so the label travels through
 * Bolt's custom properties (context.ackLabel) and is read when the response finishes.
 */
export interface AckTiming {
  onHttpRequest(req: IncomingMessage, res: ServerResponse): void;
  customProperties(req: IncomingMessage): { ackLabel?: AckLabel };
}

export function createAckTiming(observe: (kind: string, seconds: number) => void): AckTiming {
  const labels = new WeakMap<IncomingMessage, AckLabel>();
  return {
    /** For the HTTP server's 'request' event, before Bolt's own listener. */
    onHttpRequest(req: IncomingMessage, res: ServerResponse): void {
      if (req.method !== 'POST' || !req.url?.startsWith('/slack/events')) return;
      const startedAt = process.hrtime.bigint();
      const label: AckLabel = { kind: 'other' };
      labels.set(req, label);
      res.once('finish', () => observe(label.kind, secondsSince(startedAt)));
    },
    /** Bolt's customPropertiesExtractor: puts the request's label into the listener context. */
    customProperties: (req: IncomingMessage): { ackLabel?: AckLabel } => ({ ackLabel: labels.get(req) }),
  };
}

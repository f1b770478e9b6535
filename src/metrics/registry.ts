import { Counter, Histogram, Registry } from 'prom-client';

/**
 * What an operator sees at GET /metrics (Prometheus text format). One registry per app instance, so several
 * instances in one process (the tests) never share counters.
 */
export interface Metrics {
  registry: Registry;
  slackRequests: Counter<'kind' | 'outcome'>;
  slackAckSeconds: Histogram<'kind'>;
  zoomCalls: Counter<'endpoint' | 'method' | 'status'>;
  zoomCallSeconds: Histogram<'endpoint' | 'method'>;
  tokenRefreshes: Counter<'outcome'>;
  meetings: Counter<'action'>;
  webhookEvents: Counter<'event'>;
  storeSeconds: Histogram<'store' | 'operation' | 'outcome'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    slackRequests: new Counter({ name: 'slack_requests_total', help: 'Slack requests handled, by kind and outcome', labelNames: ['kind', 'outcome'], registers }),
    slackAckSeconds: new Histogram({
      name: 'slack_ack_seconds',
      help: 'Time from a Slack request arriving to its HTTP answer (Slack gives up after 3 s)',
      labelNames: ['kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
      registers,
    }),
    zoomCalls: new Counter({ name: 'zoom_calls_total', help: 'Zoom API and OAuth calls, by endpoint and HTTP status (or error code)', labelNames: ['endpoint', 'method', 'status'], registers }),
    zoomCallSeconds: new Histogram({
      name: 'zoom_call_seconds',
      help: 'Zoom call duration, retries included',
      labelNames: ['endpoint', 'method'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16],
      registers,
    }),
    tokenRefreshes: new Counter({ name: 'zoom_token_refreshes_total', help: 'Zoom grant refreshes, by outcome', labelNames: ['outcome'], registers }),
    meetings: new Counter({ name: 'meetings_total', help: 'Zoom meetings created, edited and cancelled', labelNames: ['action'], registers }),
    webhookEvents: new Counter({ name: 'zoom_webhook_events_total', help: 'Signed Zoom webhook events received, by type', labelNames: ['event'], registers }),
    storeSeconds: new Histogram({
      name: 'store_operation_seconds',
      help: 'Store operation latency, by store and operation',
      labelNames: ['store', 'operation', 'outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
  };
}

/** Seconds since a process.hrtime.bigint() reading. */
export function secondsSince(startedAt: bigint): number {
  return Number(process.hrtime.bigint() - startedAt) / 1e9;
}

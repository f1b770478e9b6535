import type { WebClientOptions } from '@slack/web-api';

/**
 * Every Slack Web API client (ours and Bolt's) gives up within the 10 s a stop waits for work in flight: two
 * attempts of at most 3 s, half a second to a second apart (the client's default retries span about 30 minutes
 * and have no timeout). A 429 fails at once instead of waiting out a Retry-After of any length: the user hears
 * that Slack did not take the request.
 */
export const SLACK_CLIENT_LIMITS = {
  timeout: 3000,
  retryConfig: { retries: 1, minTimeout: 500, maxTimeout: 1000 },
  rejectRateLimitedCalls: true,
} as const satisfies WebClientOptions;

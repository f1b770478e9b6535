import type { WebClient } from '@slack/web-api';

export interface SlackUserProfile {
  /** IANA zone from the user's Slack settings; UTC when Slack has none. */
  timeZone: string;
  email?: string;
}

export async function fetchUserProfile(client: WebClient, userId: string): Promise<SlackUserProfile> {
  const { user } = await client.users.info({ user: userId });
  return { timeZone: user?.tz || 'UTC', email: user?.profile?.email || undefined };
}

import type { WebClient } from '@slack/web-api';

export interface SlackUserProfile {
  /** IANA zone from the user's Slack settings; UTC when Slack has none. */
  timeZone: string;
  email?: string;
  /** The name Slack shows for the user (display name, else full name, else handle). */
  name?: string;
}

export async function fetchUserProfile(client: WebClient, userId: string): Promise<SlackUserProfile> {
  const { user } = await client.users.info({ user: userId });
  return {
    timeZone: user?.tz || 'UTC',
    email: user?.profile?.email || undefined,
    name: user?.profile?.display_name || user?.profile?.real_name || user?.real_name || user?.name || undefined,
  };
}

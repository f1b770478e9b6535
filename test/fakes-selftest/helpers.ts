import { LogLevel, type Logger } from '@slack/logger';
import { webApi } from '@slack/bolt';

/** Logger that keeps output quiet but remembers what was logged, for assertions. */
export function silentLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep =
    (level: string) =>
    (...msg: unknown[]): void => {
      lines.push(`${level} ${msg.map(String).join(' ')}`);
    };
  return {
    lines,
    debug: () => undefined,
    info: keep('info'),
    warn: keep('warn'),
    error: keep('error'),
    setLevel: () => undefined,
    getLevel: () => LogLevel.ERROR,
    setName: () => undefined,
  };
}

/** A real @slack/web-api client aimed at the fake, without retries so errors surface at once. */
export function clientFor(apiUrl: string, token?: string): InstanceType<typeof webApi.WebClient> {
  return new webApi.WebClient(token, { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, logger: silentLogger() });
}

/** The Slack error code carried by a rejected WebClient call. */
export async function slackError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const data = (err as { data?: { error?: string } }).data;
    if (data?.error) return data.error;
    throw err;
  }
  throw new Error('expected the Slack call to fail');
}

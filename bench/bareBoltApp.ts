/**
 * The yardstick of `npm run bench`: a bare Bolt app with the same Bolt and the same receiver as ours (HTTPReceiver on
 * /slack/events, acking before processing), which verifies each request's signature and acks `/zoom`, nothing more.
 * Run as its own process, as ours is: SLACK_SIGNING_SECRET and PORT (0: any) from the environment.
 */
import type { Server } from 'node:http';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

const receiver = new HTTPReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  endpoints: ['/slack/events'],
  processBeforeResponse: false,
  logLevel: LogLevel.WARN,
});
// Ours looks the bot's identity up once and keeps it; so does this, with no Slack call at all.
const app = new App({ receiver, authorize: async () => ({ botToken: 'xoxb-bench', botId: 'B0BENCH', botUserId: 'U0BENCH' }) });
app.command('/zoom', async ({ ack }) => {
  await ack();
});

const server = (await app.start(Number(process.env.PORT ?? 0))) as Server;
const address = server.address();
console.log(`listening on port ${typeof address === 'object' && address ? address.port : process.env.PORT}`);
process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));

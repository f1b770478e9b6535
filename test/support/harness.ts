import { createServer } from 'node:net';
import { createApp, type RunningApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { JobRunner } from '../../src/jobs/types.js';
import { createLogger } from '../../src/logger.js';
import type { Storage } from '../../src/storage/types.js';
import { startFakeSlack, type FakeSlack } from '../fakes/fakeSlack.js';
import { startFakeZoom, type FakeZoom } from '../fakes/fakeZoom.js';
import { createSlackSender, type SlackSender } from '../fakes/slackRequests.js';
import { createFakeClock, type FakeClock } from './clock.js';
import { testStoreLocation, type StoreKind, type TestStoreLocation } from './storage.js';
import { ALICE, GENERAL, seedSlackTeam, seedZoomUsers, TEAM, ZOOM_ACCOUNT_ID } from './world.js';

export const SIGNING_SECRET = 'test-signing-secret';
export const ZOOM_CLIENT = { id: 'zoom-client-id', secret: 'zoom-client-secret' } as const;
export const ZOOM_WEBHOOK_SECRET = 'zoom-webhook-secret';
/** Job polls never fire within a test: due jobs run when the test calls runDue, so outcomes are deterministic. */
const TEST_JOB_POLL_MS = 60 * 60_000;

/** The fakes one or several app instances talk to. */
export interface World {
  clock: FakeClock;
  slack: FakeSlack;
  zoom: FakeZoom;
  location: TestStoreLocation;
  close(): Promise<void>;
}

export async function startWorld(options: { store?: StoreKind; zoomAccountId?: string; zoomDailyMeetingLimit?: number } = {}): Promise<World> {
  const clock = createFakeClock();
  const slack = await startFakeSlack({ scheduleNow: clock.now });
  const zoom = await startFakeZoom({
    clock,
    clientId: ZOOM_CLIENT.id,
    clientSecret: ZOOM_CLIENT.secret,
    accountId: options.zoomAccountId,
    dailyMeetingLimit: options.zoomDailyMeetingLimit,
  });
  seedSlackTeam(slack);
  seedZoomUsers(zoom);
  const location = testStoreLocation(options.store ?? 'embedded');
  return {
    clock,
    slack,
    zoom,
    location,
    close: async () => {
      await Promise.all([slack.close(), zoom.close()]);
      await location.dispose();
    },
  };
}

/** One running instance of the real app, wired to the world's fakes over loopback HTTP. */
export interface AppInstance {
  config: Config;
  storage: Storage;
  running: RunningApp;
  /** The instance's job runner: tests move the clock, then call runDue (its own poll is too slow to fire in a test). */
  jobs: JobRunner;
  url: string;
  sender: SlackSender;
  logs: string[];
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export function appEnv(world: World, port: number, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'debug',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: TEAM.botToken,
    SLACK_API_URL: world.slack.apiUrl,
    ZOOM_CLIENT_ID: ZOOM_CLIENT.id,
    ZOOM_CLIENT_SECRET: ZOOM_CLIENT.secret,
    ZOOM_OAUTH_URL: world.zoom.oauthUrl,
    ZOOM_API_URL: world.zoom.apiUrl,
    ZOOM_WEBHOOK_SECRET_TOKEN: ZOOM_WEBHOOK_SECRET,
    ZOOM_TIMEOUT_MS: '2000',
    ...extra,
  };
}

export async function startInstance(world: World, extraEnv: Record<string, string | undefined> = {}): Promise<AppInstance> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startInstanceOnce(world, extraEnv);
    } catch (error) {
      // The port freePort found can be taken (by another test file's socket) before the app listens on it.
      const taken = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' || String(error).includes('EADDRINUSE');
      if (!taken || attempt >= 5) throw error;
    }
  }
}

async function startInstanceOnce(world: World, extraEnv: Record<string, string | undefined>): Promise<AppInstance> {
  const port = await freePort();
  const config = loadConfig(appEnv(world, port, extraEnv));
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logs.push(line) });
  const storage = await world.location.open(world.clock);
  // A rate-limited retry waits on the fake clock: no test sleeps through a Retry-After.
  const sleep = async (ms: number) => world.clock.advance(ms);
  const app = createApp({ config, clock: world.clock, logger, storage, sleep, jobs: { pollMs: TEST_JOB_POLL_MS } });
  const running = await app.start().catch(async (error: unknown) => {
    await storage.close();
    throw error;
  });
  const url = `http://127.0.0.1:${running.port}`;
  return {
    config,
    storage,
    running,
    jobs: app.jobs,
    url,
    logs,
    sender: createSlackSender({ appUrl: url, signingSecret: SIGNING_SECRET, slack: world.slack }),
    stop: async () => {
      await running.stop();
      await storage.close();
    },
  };
}

/** The common case: one world, one instance. */
export interface Harness extends World {
  app: AppInstance;
  /** Stops the instance and starts a new one on the same store (a restart or redeploy). */
  restart(): Promise<void>;
  /** `/zoom <text>` from a user in a channel. */
  command(text: string, options?: { userId?: string; channelId?: string }): ReturnType<SlackSender['slashCommand']>;
  /** Runs the whole connect flow for a Slack user as a person would, and returns the final page. */
  connect(userId?: string, zoomUserId?: string): Promise<{ status: number; html: string }>;
}

export async function startHarness(
  options: { store?: StoreKind; env?: Record<string, string | undefined>; zoomAccountId?: string; zoomDailyMeetingLimit?: number } = {},
): Promise<Harness> {
  const world = await startWorld(options);
  const env = options.zoomAccountId ? { ZOOM_ACCOUNT_ID: ZOOM_ACCOUNT_ID, ...options.env } : options.env;
  const harness: Harness = {
    ...world,
    app: await startInstance(world, env),
    async restart() {
      await harness.app.stop();
      harness.app = await startInstance(world, env);
    },
    command: (text, { userId = ALICE.id, channelId = GENERAL.id } = {}) => harness.app.sender.slashCommand({ teamId: TEAM.id, userId, channelId, text }),
    connect: (userId = ALICE.id, zoomUserId = ALICE.zoomUserId) => connectThroughBrowser(world, harness.app.sender, userId, zoomUserId),
    close: async () => {
      await harness.app.stop();
      await world.close();
    },
  };
  return harness;
}

/** The authorize link in the latest connect DM to this user. */
export async function connectLinkFromDm(slack: FakeSlack, userId: string, afterSeq = 0): Promise<string> {
  const call = await slack.waitForCall('chat.postMessage', (c) => c.seq > afterSeq && c.args.channel === `D${userId}` && JSON.stringify(c.args.blocks ?? '').includes('zoom_connect_open'));
  const url = findButtonUrl(call.args.blocks, 'zoom_connect_open');
  if (!url) throw new Error('connect DM has no button URL');
  return url;
}

export function findButtonUrl(blocks: unknown, actionId: string): string | undefined {
  for (const block of (blocks ?? []) as Array<{ elements?: Array<{ action_id?: string; url?: string }> }>) {
    const button = block.elements?.find((element) => element.action_id === actionId);
    if (button?.url) return button.url;
  }
  return undefined;
}

export interface BrowserPage {
  status: number;
  html: string;
  headers: Headers;
}

/** A browser: opens Zoom's authorize page (the fake "clicks Allow"), follows the redirect to the app's page asking to confirm. */
export async function consentAtZoom(world: World, authorizeUrl: string, zoomUserId: string, callbackBase?: string): Promise<BrowserPage & { callbackUrl: string }> {
  world.zoom.loginAs(zoomUserId);
  const atZoom = await fetch(authorizeUrl, { redirect: 'manual' });
  const location = atZoom.headers.get('location');
  if (atZoom.status !== 302 || !location) throw new Error(`authorize answered ${atZoom.status}: ${await atZoom.text()}`);
  const callback = new URL(location);
  // A load balancer may send the browser to any instance.
  const callbackUrl = callbackBase ? `${callbackBase}${callback.pathname}${callback.search}` : location;
  const page = await fetch(callbackUrl);
  return { status: page.status, html: await page.text(), headers: page.headers, callbackUrl };
}

const unescapeHtml = (text: string) => text.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/** The confirmation form of a page: where it posts and the page token it carries. */
export function confirmationForm(page: { html: string; callbackUrl: string }): { action: string; pageToken: string } {
  const action = /<form method="post" action="([^"]+)">/.exec(page.html)?.[1];
  const pageToken = /<input type="hidden" name="token" value="([^"]+)">/.exec(page.html)?.[1];
  if (!action || !pageToken) throw new Error(`no confirmation form in:\n${page.html}`);
  return { action: new URL(unescapeHtml(action), page.callbackUrl).href, pageToken: unescapeHtml(pageToken) };
}

/** Presses Confirm or Decline on a confirmation page, as the browser posts the form (optionally to another instance). */
export async function answerConfirmation(
  page: { html: string; callbackUrl: string },
  decision: 'confirm' | 'decline',
  options: { base?: string; headers?: Record<string, string> } = {},
): Promise<BrowserPage> {
  const form = confirmationForm(page);
  const url = new URL(form.action);
  const target = options.base ? `${options.base}${url.pathname}` : url.href;
  const res = await fetch(target, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
    body: new URLSearchParams({ token: form.pageToken, decision }).toString(),
  });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/**
 * The whole connect in a browser: consent at Zoom, then Confirm on the app's page (on the same instance). A consent
 * page that is not the confirmation (denied, expired) is returned as it is.
 */
export async function followAuthorizeLink(world: World, authorizeUrl: string, zoomUserId: string, callbackBase?: string): Promise<{ status: number; html: string; callbackUrl: string }> {
  const consent = await consentAtZoom(world, authorizeUrl, zoomUserId, callbackBase);
  if (consent.status !== 200) return consent;
  const answer = await answerConfirmation(consent, 'confirm', { base: callbackBase });
  return { status: answer.status, html: answer.html, callbackUrl: consent.callbackUrl };
}

/** `/zoom connect` sent by the user, then the whole connect in a browser; resolves once the app has said it is connected. */
export async function connectThroughBrowser(world: World, sender: SlackSender, userId: string, zoomUserId: string): Promise<{ status: number; html: string }> {
  const before = world.slack.calls.at(-1)?.seq ?? 0;
  const ack = await sender.slashCommand({ teamId: TEAM.id, userId, channelId: GENERAL.id, text: 'connect' });
  if (ack.status !== 200) throw new Error(`/zoom connect answered ${ack.status}`);
  const link = await connectLinkFromDm(world.slack, userId, before);
  const { status, html } = await followAuthorizeLink(world, link, zoomUserId);
  await world.slack.waitForCall('chat.postMessage', (c) => c.seq > before && c.args.channel === `D${userId}` && String(c.args.text).includes('is connected'));
  return { status, html };
}

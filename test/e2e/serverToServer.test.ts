import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { DEFAULT_BOT_SCOPES } from '../fakes/fakeSlack.js';
import { appEnv, startHarness, startInstance, startWorld, type Harness, type World } from '../support/harness.js';
import { STORE_KINDS } from '../support/storage.js';
import { ALICE, BOB, CAROL, GENERAL, TEAM, ZOOM_ACCOUNT_ID } from '../support/world.js';

/**
 * Zoom account-level mode (Server-to-Server OAuth): the company's Zoom account hosts every meeting,
 * and a Slack user is matched to the Zoom user with the same email. Nobody connects anything.
 */

let h: Harness | undefined;
let w: World | undefined;
afterEach(async () => {
  const world = h ?? w;
  h = undefined;
  w = undefined;
  world?.slack.assertNoViolations();
  await world?.close();
});

async function privateAnswer(harness: Harness, userId: string): Promise<string> {
  const response = await harness.slack.waitForResponse((r) => r.body.response_type === 'ephemeral' && r.context.userId === userId);
  return JSON.stringify(response.body);
}

describe.each(STORE_KINDS)('Server-to-Server scheduling (%s store)', (store) => {
  it('creates the meeting for the Zoom user with the Slack user\'s email, without any connect', async () => {
    h = await startHarness({ store, zoomAccountId: ZOOM_ACCOUNT_ID });
    const ack = await h.command('new Design review tomorrow 3pm');
    expect(ack.status).toBe(200);

    const post = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
    const [meeting] = h.zoom.createdMeetings;
    expect(meeting).toMatchObject({ topic: 'Design review', host_id: ALICE.zoomUserId, host_email: ALICE.email, start_time: '2026-11-24T20:00:00Z', timezone: ALICE.tz });
    expect(JSON.stringify(post.args.blocks)).toContain(meeting!.join_url);

    // The email came from Slack (users.info with users:read.email), the meeting was made for that Zoom user.
    expect(h.slack.callsTo('users.info').some((c) => c.args.user === ALICE.id && c.ok)).toBe(true);
    const creates = h.zoom.requests.filter((r) => r.route === 'createMeeting');
    expect(creates).toHaveLength(1);
    expect([`/v2/users/${ALICE.zoomUserId}/meetings`, `/v2/users/${encodeURIComponent(ALICE.email)}/meetings`]).toContain(creates[0]!.path);
    // Account tokens only: no user OAuth at all.
    expect(h.zoom.stats.tokenRequests.every((grant) => grant === 'account_credentials')).toBe(true);
    expect(h.zoom.stats.authorizations).toBe(0);
    expect(await h.app.storage.grants.get(TEAM.id, ALICE.id)).toBeUndefined();
  });
});

describe('Server-to-Server answers', () => {
  it('a Slack user with no Zoom user of that email gets a private answer naming the email; nothing is created', async () => {
    h = await startHarness({ zoomAccountId: ZOOM_ACCOUNT_ID });
    const ack = await h.command('new Planning tomorrow 10am', { userId: CAROL.id });
    expect(ack.status).toBe(200);
    const answer = await privateAnswer(h, CAROL.id);
    expect(answer).toContain(CAROL.email);
    expect(answer).toContain('no Zoom user');
    expect(h.zoom.createdMeetings).toHaveLength(0);
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === GENERAL.id)).toHaveLength(0);
    // Not a connect prompt: there is nothing to connect in this mode.
    expect(answer).not.toContain('zoom_connect_open');
  });

  it('/zoom connect explains the company account and sends no link', async () => {
    h = await startHarness({ zoomAccountId: ZOOM_ACCOUNT_ID });
    const ack = await h.command('connect');
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining("company's Zoom account") });
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(h.zoom.stats.authorizations).toBe(0);
  });

  it('fetches one account token for several commands from several people (cached until near expiry)', async () => {
    h = await startHarness({ zoomAccountId: ZOOM_ACCOUNT_ID });
    // The startup check already fetched it.
    expect(h.zoom.stats.accountTokenCount).toBe(1);
    await h.command('new One tomorrow 9am');
    await h.command('new Two tomorrow 10am', { userId: BOB.id });
    await h.command('new Three tomorrow 11am');
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id && JSON.stringify(c.args.blocks).includes('Three'));
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id && JSON.stringify(c.args.blocks).includes('Two'));
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id && JSON.stringify(c.args.blocks).includes('One'));
    expect(h.zoom.createdMeetings.map((m) => m.host_id).sort()).toEqual([ALICE.zoomUserId, ALICE.zoomUserId, BOB.zoomUserId]);
    expect(h.zoom.stats.tokenRequests).toEqual(['account_credentials']);

    // An hour later the token has (nearly) run out: commands arriving together share exactly one new fetch.
    h.clock.advance(56 * 60_000);
    const h2 = h;
    await Promise.all(['Four', 'Five', 'Six'].map((topic) => h2.command(`new ${topic} tomorrow 1pm`, { userId: topic === 'Five' ? BOB.id : ALICE.id })));
    for (const topic of ['Four', 'Five', 'Six']) {
      await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id && JSON.stringify(c.args.blocks).includes(topic));
    }
    expect(h.zoom.createdMeetings).toHaveLength(6);
    expect(h.zoom.stats.tokenRequests).toEqual(['account_credentials', 'account_credentials']);
  });

  it('without users:read.email Slack hides the email: a clear answer naming the scope, nothing created', async () => {
    h = await startHarness({ zoomAccountId: ZOOM_ACCOUNT_ID });
    // The workspace granted everything but users:read.email (addTeam replaces the team, same token).
    h.slack.addTeam({ ...TEAM, scopes: DEFAULT_BOT_SCOPES.filter((s) => s !== 'users:read.email') });
    const ack = await h.command('new Sync tomorrow 3pm');
    expect(ack.status).toBe(200);
    const answer = await privateAnswer(h, ALICE.id);
    expect(answer).toContain('users:read.email');
    expect(h.zoom.createdMeetings).toHaveLength(0);
    expect(h.zoom.requests.filter((r) => r.route === 'getUser' || r.route === 'createMeeting')).toHaveLength(0);
  });
});

describe('the Server-to-Server startup check', () => {
  it('a wrong client secret stops the start with a message naming the variables', async () => {
    w = await startWorld({ zoomAccountId: ZOOM_ACCOUNT_ID });
    const config = loadConfig(appEnv(w, 0, { ZOOM_ACCOUNT_ID, ZOOM_CLIENT_SECRET: 'not-the-secret' }));
    const storage = await w.location.open(w.clock);
    try {
      const logger = createLogger({ level: 'error', sink: () => undefined });
      await expect(createApp({ config, clock: w.clock, logger, storage }).start()).rejects.toThrow(/Zoom.*Server-to-Server.*ZOOM_CLIENT_ID/s);
      expect(w.zoom.stats.tokenRequests).toEqual(['account_credentials']);
    } finally {
      await storage.close();
    }
  });

  it('an account id Zoom does not know stops the start naming ZOOM_ACCOUNT_ID', async () => {
    w = await startWorld({ zoomAccountId: ZOOM_ACCOUNT_ID });
    const config = loadConfig(appEnv(w, 0, { ZOOM_ACCOUNT_ID: 'acct_nobody' }));
    const storage = await w.location.open(w.clock);
    try {
      const logger = createLogger({ level: 'error', sink: () => undefined });
      await expect(createApp({ config, clock: w.clock, logger, storage }).start()).rejects.toThrow(/ZOOM_ACCOUNT_ID/);
    } finally {
      await storage.close();
    }
  });

  it('a Zoom that does not answer at startup does not stop the start; the token is fetched when first needed', async () => {
    w = await startWorld({ zoomAccountId: ZOOM_ACCOUNT_ID });
    w.zoom.failNext('token', { status: 503, body: { reason: 'Service unavailable' } });
    const app = await startInstance(w, { ZOOM_ACCOUNT_ID });
    try {
      expect(app.logs.some((line) => line.includes('could not check the Zoom Server-to-Server credentials'))).toBe(true);
      await app.sender.slashCommand({ teamId: TEAM.id, userId: ALICE.id, channelId: GENERAL.id, text: 'new Standup tomorrow 9am' });
      await w.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
      expect(w.zoom.createdMeetings[0]?.host_id).toBe(ALICE.zoomUserId);
      expect(w.zoom.requests.filter((r) => r.route === 'token').map((r) => r.status)).toEqual([503, 200]);
    } finally {
      await app.stop();
    }
  });

  it('main.ts prints the message and exits 1', async () => {
    w = await startWorld({ zoomAccountId: ZOOM_ACCOUNT_ID });
    const env = { ...process.env, ...appEnv(w, 0, { ZOOM_ACCOUNT_ID, ZOOM_CLIENT_SECRET: 'not-the-secret', DATA_DIR: w.location.dataDir, LOG_LEVEL: 'error' }) };
    const { code, stderr } = await runMain(env);
    expect(code).toBe(1);
    expect(stderr).toMatch(/Failed to start: .*Server-to-Server/);
    expect(stderr).toContain('ZOOM_CLIENT_SECRET');
  });
});

function runMain(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

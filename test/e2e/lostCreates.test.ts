import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RECONCILE_EVERY_MS } from '../../src/scheduling/create/createMeetingJob.js';
import { createSlackSender } from '../fakes/slackRequests.js';
import { POLL } from '../support/expectations.js';
import { killSpawnedApps, spawnMainFromSource } from '../support/appProcess.js';
import {
  appEnv,
  connectThroughBrowser,
  freePort,
  SIGNING_SECRET,
  startHarness,
  startInstance,
  startWorld,
  type AppInstance,
  type Harness,
  type World,
} from '../support/harness.js';
import { STORE_KINDS } from '../support/storage.js';
import { ALICE, GENERAL, TEAM } from '../support/world.js';

/**
 * A create whose answer is lost (Zoom answers after our timeout, answers 5xx after doing it, or the
 * instance stops mid-call) is a durable intent: recorded before Zoom is called, looked for in Zoom every
 * 30 s on whichever instance runs it, announced once when found, and declared not made only when that is
 * certain. The user hears "checking with Zoom" meanwhile, never "nothing was created" while it may exist.
 */

let h: Harness | undefined;
let world: World | undefined;
let instances: AppInstance[] = [];
let dataDir: string | undefined;
afterEach(async () => {
  h?.slack.assertNoViolations();
  await h?.close();
  await Promise.all(instances.map((instance) => instance.stop()));
  await killSpawnedApps();
  await world?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  h = undefined;
  world = undefined;
  instances = [];
  dataDir = undefined;
});

const CHECKING = 'I am checking with Zoom whether it was created';
const NOT_MADE = 'was not created, so there is nothing to clean up';

function harness(): Harness {
  if (!h) throw new Error('no harness');
  return h;
}

/** Every private answer through a response_url so far, in order. */
const privateAnswers = () => harness().slack.responses.filter((r) => r.body.response_type === 'ephemeral').map((r) => JSON.stringify(r.body));
const cards = () => harness().slack.callsTo('chat.postMessage').filter((c) => c.ok && c.args.channel === GENERAL.id);
const createRequests = () => harness().zoom.requests.filter((r) => r.route === 'createMeeting');

/** `/zoom new …` from Alice in #general, under a trigger id of our own: returns the id of its create job. */
async function newMeeting(text: string): Promise<string> {
  const triggerId = harness().slack.issueTriggerId({ teamId: TEAM.id, userId: ALICE.id });
  await harness().app.sender.slashCommand({ teamId: TEAM.id, userId: ALICE.id, channelId: GENERAL.id, text, triggerId });
  return `create:${TEAM.id}:${triggerId}`;
}

/** Moves the app clock on by one reconcile period and runs what is due, `times` times, once the job's run is over. */
async function reconcileRounds(app: AppInstance, advance: (ms: number) => void, times: number, jobId: string): Promise<void> {
  // The command's own run answers the user before it records when to look again.
  await expect.poll(async () => (await app.storage.jobs.get(jobId))?.leaseUntil, POLL).toBeUndefined();
  for (let i = 0; i < times; i++) {
    advance(RECONCILE_EVERY_MS);
    await app.jobs.runDue();
  }
}

describe.each(STORE_KINDS)('a create whose answer is lost (%s store)', (store) => {
  it('Zoom answers after our timeout: "checking with Zoom", then the meeting is found and announced once', async () => {
    h = await startHarness({ store, env: { ZOOM_TIMEOUT_MS: '300' } });
    await h.connect();
    // Zoom receives the create but does it only when released: after our timeout and our first search.
    const late = h.zoom.hangNext('createMeeting');
    const job = await newMeeting('new Design review tomorrow 3pm');
    await h.slack.waitForResponse((r) => JSON.stringify(r.body).includes(CHECKING));
    expect(cards()).toHaveLength(0);

    late.release();
    await expect.poll(() => h!.zoom.createdMeetings.length, POLL).toBe(1);
    await reconcileRounds(h.app, h.clock.advance, 1, job);

    const [meeting] = h.zoom.createdMeetings;
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
    expect(cards()).toHaveLength(1);
    expect(JSON.stringify(cards()[0]!.args.blocks)).toContain(meeting!.join_url);
    const startLink = await h.slack.waitForCall('chat.postEphemeral', (c) => c.args.user === ALICE.id);
    expect(JSON.stringify(startLink.args)).toContain(meeting!.start_url);
    expect(await h.app.storage.meetingPosts.get(String(meeting!.id))).toMatchObject({ channelId: GENERAL.id });

    // Later rounds find nothing to do: one card, one create request, never "not created".
    await reconcileRounds(h.app, h.clock.advance, 5, job);
    expect(cards()).toHaveLength(1);
    expect(createRequests()).toHaveLength(1);
    expect(privateAnswers().filter((a) => a.includes(CHECKING))).toHaveLength(1);
    expect(privateAnswers().some((a) => a.includes('not created') || a.includes('nothing was created'))).toBe(false);
  });

  it.each([500, 502])('Zoom answers %i after making the meeting: it is found at once and announced, not reported as failed', async (status) => {
    h = await startHarness({ store });
    await h.connect();
    h.zoom.failNext('createMeeting', { status, body: { code: status, message: 'Internal error' }, afterProcessing: true });
    await h.command('new Design review tomorrow 3pm');
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
    await h.slack.waitForCall('chat.postEphemeral', (c) => c.args.user === ALICE.id);
    expect(h.zoom.createdMeetings).toHaveLength(1);
    expect(createRequests()).toHaveLength(1);
    expect(privateAnswers().filter((a) => a.includes(':warning:'))).toEqual([]);
  });

  it('Zoom made nothing: "checking", a repeat is refused meanwhile, then "not created" once, after 3 searches and 2 minutes', async () => {
    h = await startHarness({ store });
    await h.connect();
    h.zoom.failNext('createMeeting', { status: 503, body: { code: 503, message: 'Service Unavailable' } });
    const job = await newMeeting('new Design review tomorrow 3pm');
    await h.slack.waitForResponse((r) => JSON.stringify(r.body).includes(CHECKING));

    // Asking again while the first is looked for would be the duplicate we avoid.
    await h.command('new Design review tomorrow 3pm');
    await h.slack.waitForResponse((r) => JSON.stringify(r.body).includes('still checking with Zoom whether *Design review*'));
    expect(createRequests()).toHaveLength(1);

    // One search at once, then every 30 s: at 1:30 it is still too early to be sure.
    await reconcileRounds(h.app, h.clock.advance, 3, job);
    expect(privateAnswers().some((a) => a.includes(NOT_MADE))).toBe(false);
    await reconcileRounds(h.app, h.clock.advance, 1, job);
    await h.slack.waitForResponse((r) => JSON.stringify(r.body).includes(NOT_MADE));
    await reconcileRounds(h.app, h.clock.advance, 3, job);
    expect(privateAnswers().filter((a) => a.includes(NOT_MADE))).toHaveLength(1);
    expect(h.zoom.requests.filter((r) => r.route === 'listMeetings').length).toBeGreaterThanOrEqual(3);

    // Now it is certain nothing exists: asking again creates it, once.
    await h.command('new Design review tomorrow 3pm');
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
    expect(h.zoom.createdMeetings).toHaveLength(1);
  });
});

describe('a create whose answer is lost and Zoom cannot be searched', () => {
  it('after half an hour of failed searches the user hears it is unknown, once, and nothing is resent', async () => {
    h = await startHarness({ env: { ZOOM_TIMEOUT_MS: '300' } });
    await h.connect();
    h.zoom.hangNext('createMeeting');
    h.zoom.failNext('listMeetings', { status: 503, body: { code: 503, message: 'Service Unavailable' } }, 100);
    const job = await newMeeting('new Design review tomorrow 3pm');
    await h.slack.waitForResponse((r) => JSON.stringify(r.body).includes(CHECKING));

    await reconcileRounds(h.app, h.clock.advance, 59, job);
    expect(privateAnswers().some((a) => a.includes('could not find out'))).toBe(false);
    await reconcileRounds(h.app, h.clock.advance, 2, job);
    const answer = await h.slack.waitForResponse((r) => JSON.stringify(r.body).includes('could not find out from Zoom whether it exists'));
    expect(JSON.stringify(answer.body)).toContain('/zoom list');
    await reconcileRounds(h.app, h.clock.advance, 2, job);
    expect(privateAnswers().filter((a) => a.includes('could not find out'))).toHaveLength(1);
    expect(privateAnswers().some((a) => a.includes('nothing was created') || a.includes('not created'))).toBe(false);
    expect(createRequests()).toHaveLength(1);
    expect(cards()).toHaveLength(0);
  });
});

describe('an instance stops answering mid-create (two instances sharing PostgreSQL)', () => {
  it('the other instance finds the meeting after the lease runs out and announces it; the first, waking up, posts nothing', async () => {
    world = await startWorld({ store: 'postgres' });
    // A waits for Zoom far longer than the job's lease: to the store it is as good as dead.
    const a = await startInstance(world, { ZOOM_TIMEOUT_MS: '60000' });
    const b = await startInstance(world);
    instances = [a, b];
    const w = world;
    await connectThroughBrowser(w, a.sender, ALICE.id, ALICE.zoomUserId);
    const held = w.zoom.hangNext('createMeeting', { afterProcessing: true });
    await a.sender.slashCommand({ teamId: TEAM.id, userId: ALICE.id, channelId: GENERAL.id, text: 'new Design review tomorrow 3pm' });
    await held.arrived;
    expect(w.zoom.createdMeetings).toHaveLength(1);

    // B sees A's lease running: nothing to take yet.
    expect(await b.jobs.runDue()).toBe(0);
    w.clock.advance(61_000);
    expect(await b.jobs.runDue()).toBe(1);
    const card = await w.slack.waitForCall('chat.postMessage', (c) => c.ok && c.args.channel === GENERAL.id);
    expect(JSON.stringify(card.args.blocks)).toContain(w.zoom.createdMeetings[0]!.join_url);
    await w.slack.waitForCall('chat.postEphemeral', (c) => c.args.user === ALICE.id);

    // A gets Zoom's answer at last: its claim is stale, so it stops before posting.
    held.release();
    await expect.poll(() => a.logs.some((line) => line.includes('another runner took it over')), POLL).toBe(true);
    expect(w.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === GENERAL.id)).toHaveLength(1);
    expect(w.slack.callsTo('chat.postEphemeral').filter((c) => c.args.user === ALICE.id)).toHaveLength(1);
    expect(w.zoom.requests.filter((r) => r.route === 'createMeeting')).toHaveLength(1);
  });
});

describe('the process is killed mid-create (kill -9), then started again on the same embedded store', () => {
  it('the new process finds the meeting Zoom made and announces it once, at once', async () => {
    world = await startWorld();
    // The app runs on the real clock here: Zoom's and Slack's fakes must agree with it.
    world.clock.set(Date.now());
    const w = world;
    dataDir = mkdtempSync(join(tmpdir(), 'szs-crash-'));
    const port = await freePort();
    const env = { ...appEnv(w, port, { ZOOM_TIMEOUT_MS: '60000' }), DATA_DIR: dataDir, LOG_LEVEL: 'info' };
    const sender = createSlackSender({ appUrl: `http://127.0.0.1:${port}`, signingSecret: SIGNING_SECRET, slack: w.slack });

    const first = spawnMainFromSource(env);
    await first.listening;
    await connectThroughBrowser(w, sender, ALICE.id, ALICE.zoomUserId);
    const held = w.zoom.hangNext('createMeeting', { afterProcessing: true });
    await sender.slashCommand({ teamId: TEAM.id, userId: ALICE.id, channelId: GENERAL.id, text: 'new Design review tomorrow 3pm' });
    await held.arrived;
    first.child.kill('SIGKILL');
    await first.exited;
    held.release();
    expect(w.zoom.createdMeetings).toHaveLength(1);

    const second = spawnMainFromSource(env);
    await second.listening;
    // Its first poll (5 s) runs the job the crash cut off; no lease to wait out.
    const card = await w.slack.waitForCall('chat.postMessage', (c) => c.ok && c.args.channel === GENERAL.id, 20_000);
    expect(JSON.stringify(card.args.blocks)).toContain(w.zoom.createdMeetings[0]!.join_url);
    const startLink = await w.slack.waitForCall('chat.postEphemeral', (c) => c.args.user === ALICE.id, 10_000);
    expect(JSON.stringify(startLink.args)).toContain(w.zoom.createdMeetings[0]!.start_url);
    expect(second.output()).toContain('1 job(s) cut off by the last stop will run again');
    expect(w.zoom.requests.filter((r) => r.route === 'createMeeting')).toHaveLength(1);
    expect(w.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === GENERAL.id)).toHaveLength(1);
  }, 90_000);
});

import { afterEach, describe, expect, it } from 'vitest';
import { createSlackSender, type SlackSender } from '../fakes/slackRequests.js';
import { SIGNING_SECRET, startHarness, startInstance, type AppInstance, type Harness } from '../support/harness.js';
import { STORE_KINDS } from '../support/storage.js';
import { ALICE, GENERAL, TEAM } from '../support/world.js';

/**
 * Each Slack request is handled once. Anyone who saw a signed request (a proxy log, a leaked capture) can send it
 * again within Slack's 5-minute window, and Slack itself retries events; both are acknowledged and ignored, by
 * whichever instance they reach. A replay is the same bytes with the same signature and timestamp.
 */

/** Generous: on a loaded machine the first copy's meeting can take seconds to be made. */
const CARD_WAIT_MS = 15_000;

let h: Harness | undefined;
let second: AppInstance | undefined;
afterEach(async () => {
  await second?.stop();
  second = undefined;
  h?.slack.assertNoViolations();
  await h?.close();
  h = undefined;
});

/** One signed `/zoom <text>` by Alice, and a way to send exactly it again (to any instance). */
function capturedCommand(world: Harness, text: string) {
  const timestampSec = Math.floor(Date.now() / 1000);
  const input = {
    teamId: TEAM.id,
    userId: ALICE.id,
    channelId: GENERAL.id,
    text,
    triggerId: world.slack.issueTriggerId({ teamId: TEAM.id, userId: ALICE.id }),
    responseUrl: world.slack.responseUrl({ teamId: TEAM.id, channelId: GENERAL.id, userId: ALICE.id }),
  };
  return (sender: SlackSender) => sender.slashCommand(input, { forge: { timestampSec } });
}

describe.each(STORE_KINDS)('replays (%s store)', (store) => {
  it('the same signed /zoom new sent 6 times makes one meeting; every copy is acknowledged', { timeout: 40_000 }, async () => {
    h = await startHarness({ store });
    await h.connect();
    const send = capturedCommand(h, 'new Design review tomorrow 3pm 45m');
    const acks = [];
    for (let i = 0; i < 6; i += 1) acks.push(await send(h.app.sender));
    expect(acks.map((ack) => ack.status)).toEqual([200, 200, 200, 200, 200, 200]);
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id, CARD_WAIT_MS);
    // Give any copy that got through the time to reach Zoom.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.zoom.createdMeetings).toHaveLength(1);
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === GENERAL.id)).toHaveLength(1);
    expect(h.app.logs.filter((line) => line.includes('ignored a Slack request already handled'))).toHaveLength(5);
  });

  it('a request without a trigger_id is known by its signature', async () => {
    h = await startHarness({ store });
    const timestampSec = Math.floor(Date.now() / 1000);
    const form = new URLSearchParams({ team_id: TEAM.id, user_id: ALICE.id, channel_id: GENERAL.id, command: '/zoom', text: 'help' }).toString();
    const first = await h.app.sender.send('/slack/events', 'application/x-www-form-urlencoded', form, {}, { forge: { timestampSec } });
    const replay = await h.app.sender.send('/slack/events', 'application/x-www-form-urlencoded', form, {}, { forge: { timestampSec } });
    expect(first.status).toBe(200);
    expect(first.text).toContain('/zoom new');
    expect(replay.status).toBe(200);
    expect(replay.text).toBe('');
  });

  it("Slack's retry of an event already handled is acknowledged and ignored", async () => {
    h = await startHarness({ store });
    const event = { type: 'app_home_opened', user: ALICE.id, channel: `D${ALICE.id}`, tab: 'home' };
    const envelope = { teamId: TEAM.id, eventId: 'Ev0HOME0001' };
    expect((await h.app.sender.event(event, envelope)).status).toBe(200);
    await h.slack.waitForCall('views.publish');
    const retry = await h.app.sender.event(event, { ...envelope, retryNum: 1, retryReason: 'http_timeout' });
    expect(retry.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.slack.callsTo('views.publish')).toHaveLength(1);
  });
});

describe('replays across two instances (postgres store)', () => {
  it('a request replayed to another instance is ignored there', { timeout: 40_000 }, async () => {
    h = await startHarness({ store: 'postgres' });
    second = await startInstance(h);
    await h.connect();
    const send = capturedCommand(h, 'new Planning tomorrow 10am 30m');
    const toSecond = createSlackSender({ appUrl: second.url, signingSecret: SIGNING_SECRET, slack: h.slack });
    const acks = await Promise.all([send(h.app.sender), send(toSecond), send(h.app.sender), send(toSecond)]);
    expect(acks.map((ack) => ack.status)).toEqual([200, 200, 200, 200]);
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id, CARD_WAIT_MS);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.zoom.createdMeetings).toHaveLength(1);
  });
});

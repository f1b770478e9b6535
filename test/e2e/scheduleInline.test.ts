import { afterEach, describe, expect, it } from 'vitest';
import { expectCardThroughResponseUrl } from '../support/expectations.js';
import { startHarness, type Harness } from '../support/harness.js';
import { STORE_KINDS } from '../support/storage.js';
import { ALICE, BOB, GENERAL, RANDOM, TEAM } from '../support/world.js';

let h: Harness;
afterEach(async () => {
  h.slack.assertNoViolations();
  await h.close();
});

/** Everything the bot wrote into channels (not DMs, not ephemeral), as one string. */
function channelText(): string {
  const posts = h.slack.callsTo('chat.postMessage').filter((c) => !String(c.args.channel).startsWith('D'));
  const inChannelResponses = h.slack.responses.filter((r) => r.body.response_type === 'in_channel');
  return JSON.stringify([...posts.map((c) => c.args), ...inChannelResponses.map((r) => r.body)]);
}

/** The ephemeral answer to the last command (through its response_url). */
async function privateAnswer(): Promise<string> {
  const response = await h.slack.waitForResponse((r) => r.body.response_type === 'ephemeral');
  return JSON.stringify(response.body);
}

describe.each(STORE_KINDS)('/zoom new, inline (%s store)', (store) => {
  it('creates the meeting on the user\'s account and posts the card with <!date> and the join link', async () => {
    h = await startHarness({ store });
    await h.connect();
    const ack = await h.command('new Design review tomorrow 3pm 45m');
    expect(ack.status).toBe(200);

    const post = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
    const [meeting] = h.zoom.createdMeetings;
    // Now is 2026-11-23 10:00 in New York; tomorrow 3pm EST is 20:00 UTC.
    expect(meeting).toMatchObject({ topic: 'Design review', type: 2, start_time: '2026-11-24T20:00:00Z', duration: 45, timezone: ALICE.tz, host_id: ALICE.zoomUserId });
    const card = JSON.stringify(post.args.blocks);
    expect(card).toContain(`<!date^${Date.parse('2026-11-24T20:00:00Z') / 1000}^`);
    expect(card).toContain(meeting!.join_url);
    expect(card).toContain(`<@${ALICE.id}>`);
    expect(card).toContain('45 min');

    // The start link goes to the host alone.
    const ephemeral = await h.slack.waitForCall('chat.postEphemeral', (c) => c.args.user === ALICE.id);
    expect(JSON.stringify(ephemeral.args)).toContain(meeting!.start_url);
    expect(channelText()).not.toContain(meeting!.start_url);
    expect(channelText()).not.toContain('zak=');
    expect(await h.app.storage.meetingPosts.get(String(meeting!.id))).toMatchObject({ channelId: GENERAL.id, hostUserId: ALICE.id });
  });
});

describe('/zoom new reads times in the user\'s own zone', () => {
  const cases = [
    { who: ALICE, text: 'Sync tomorrow at 4pm', start: '2026-11-24T21:00:00Z', duration: 30 },
    { who: ALICE, text: 'Retro Dec 5 14:30 1h', start: '2026-12-05T19:30:00Z', duration: 60 },
    { who: ALICE, text: 'Offsite 2026-12-05 14:30 for 1h30m', start: '2026-12-05T19:30:00Z', duration: 90 },
    { who: ALICE, text: 'Standup next monday 9am 15m', start: '2026-11-30T14:00:00Z', duration: 15 },
    { who: ALICE, text: 'Hotfix review in 2 hours 90 minutes', start: '2026-11-23T17:00:00Z', duration: 90 },
    // Kolkata is UTC+05:30: a half-hour zone.
    { who: BOB, text: 'Sprint 12 review tomorrow 3pm', start: '2026-11-24T09:30:00Z', duration: 30 },
    { who: BOB, text: 'Q4 planning Dec 5 14:30 45 min', start: '2026-12-05T09:00:00Z', duration: 45 },
  ];
  it.each(cases)('$who.name: "$text" starts $start', async ({ who, text, start, duration }) => {
    h = await startHarness();
    await h.connect(who.id, who.zoomUserId);
    await h.command(`new ${text}`, { userId: who.id });
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
    expect(h.zoom.createdMeetings[0]).toMatchObject({ start_time: start, duration, timezone: who.tz });
  });

  it('across the spring-forward change: tomorrow 3pm is 3pm on the new offset', async () => {
    h = await startHarness();
    await h.connect();
    // Saturday 2027-03-13 10:00 EST; clocks go forward on Sunday 2027-03-14.
    h.clock.set(Date.parse('2027-03-13T15:00:00Z'));
    await h.command('new Brunch tomorrow 3pm');
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
    expect(h.zoom.createdMeetings[0]?.start_time).toBe('2027-03-14T19:00:00Z');
  });
});

describe('/zoom new answers privately and creates nothing when', () => {
  it.each([
    ['the time is in the past', 'new Standup today 8am', 'in the past'],
    ['the duration is over 24 hours', 'new Marathon tomorrow 3pm 25h', '24 hours'],
    ['the topic is over 200 characters', `new ${'x'.repeat(201)} tomorrow 3pm`, '200'],
    ['the day has no time', 'new Design review tomorrow', 'time'],
  ])('%s', async (_case, text, expected) => {
    h = await startHarness();
    await h.connect();
    await h.command(text);
    expect(await privateAnswer()).toContain(expected);
    expect(h.zoom.createdMeetings).toHaveLength(0);
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === GENERAL.id)).toHaveLength(0);
  });

  it('the user is not connected: the connect button is right there', async () => {
    h = await startHarness();
    await h.command('new Design review tomorrow 3pm');
    const answer = await privateAnswer();
    expect(answer).toContain('connect your Zoom account');
    expect(answer).toContain(`${h.zoom.oauthUrl}/oauth/authorize`);
    expect(answer).toContain('zoom_connect_open');
    expect(h.zoom.createdMeetings).toHaveLength(0);
  });

  it('Zoom refuses: Zoom\'s own message, in plain words; the next command works', async () => {
    h = await startHarness();
    await h.connect();
    h.zoom.failNext('createMeeting', { status: 400, body: { code: 3000, message: 'Cannot create meetings for this user.' } });
    await h.command('new Design review tomorrow 3pm');
    expect(await privateAnswer()).toContain('Cannot create meetings for this user.');
    await h.command('new Design review tomorrow 4pm');
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
    expect(h.zoom.createdMeetings).toHaveLength(1);
  });
});

describe('Zoom is slow', () => {
  it('Slack gets its ack while Zoom has not answered yet', async () => {
    h = await startHarness();
    await h.connect();
    const hang = h.zoom.hangNext('createMeeting');
    const ack = await h.command('new Design review tomorrow 3pm');
    expect(ack.status).toBe(200);
    await hang.arrived;
    // The command was acknowledged before Zoom was even asked to answer.
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === GENERAL.id)).toHaveLength(0);
    hang.release();
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
  });

  it('a create that times out after Zoom made the meeting is found, not made twice', async () => {
    h = await startHarness({ env: { ZOOM_TIMEOUT_MS: '300' } });
    await h.connect();
    const hang = h.zoom.hangNext('createMeeting', { afterProcessing: true });
    await h.command('new Design review tomorrow 3pm');
    const post = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
    hang.release();
    expect(h.zoom.createdMeetings).toHaveLength(1);
    expect(JSON.stringify(post.args.blocks)).toContain(h.zoom.createdMeetings[0]!.join_url);
    expect(h.zoom.requests.filter((r) => r.route === 'createMeeting')).toHaveLength(1);
  });
});

describe('where the card goes', () => {
  it('a channel the bot is not in: through the command\'s response_url, in_channel; start link still private', async () => {
    h = await startHarness();
    await h.connect();
    await h.command('new Design review tomorrow 3pm', { channelId: RANDOM.id });
    const meeting = await expectCardThroughResponseUrl(h);
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.ok && c.args.channel === RANDOM.id)).toHaveLength(0);
    const post = await h.app.storage.meetingPosts.get(String(meeting.id));
    expect(post).toMatchObject({ channelId: RANDOM.id, teamId: TEAM.id });
    // No message ts: a card posted through response_url cannot be updated later.
    expect(post?.messageTs).toBeUndefined();
  });
});

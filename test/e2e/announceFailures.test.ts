import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_BOT_SCOPES } from '../fakes/fakeSlack.js';
import { startHarness, type Harness } from '../support/harness.js';
import { ALICE, GENERAL, RANDOM, TEAM, ZOOM_ACCOUNT_ID } from '../support/world.js';
import { clickOnCard, EDIT_CALLBACK, modalFromTrigger, scheduleCard, submit, triggerOf } from '../slack/support/flows.js';

/**
 * Once Zoom has created a meeting, whatever fails afterwards (posting the card, recording the post,
 * delivering the start link) is told to the host privately as "the meeting WAS created": with its join
 * link, and the start link whenever it did not arrive otherwise. Never "nothing was changed", which
 * would have the user create it a second time.
 */

let h: Harness;
afterEach(async () => {
  h.slack.assertNoViolations();
  await h.close();
});

const DM = (userId: string) => `D${userId}`;
const cardsIn = (channel: string) => h.slack.callsTo('chat.postMessage').filter((c) => c.ok && c.args.channel === channel);

/** The ephemeral answer to the last command (through its response_url), for Alice. */
async function privateAnswer(): Promise<string> {
  const response = await h.slack.waitForResponse((r) => r.body.response_type === 'ephemeral' && r.context.userId === ALICE.id);
  return JSON.stringify(response.body);
}

/** The first DM to Alice whose text contains `words`. */
async function dmWith(words: string): Promise<string> {
  const call = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === DM(ALICE.id) && String(c.args.text).includes(words));
  expect(call.ok).toBe(true);
  return JSON.stringify(call.args);
}

/** What every "created, but" answer says, whatever went wrong. */
function expectCreatedWords(answer: string, meeting: { join_url: string }): void {
  expect(answer).toContain('was created in Zoom');
  expect(answer).toContain("don't create it again");
  expect(answer).toContain(meeting.join_url);
  expect(answer).not.toContain('nothing was changed');
  expect(answer).not.toContain('Something went wrong');
}

/** A response_url Slack has already answered 5 times: it now answers 404 used_url. */
async function usedUpResponseUrl(channelId: string): Promise<string> {
  const url = h.slack.responseUrl({ teamId: TEAM.id, channelId, userId: ALICE.id });
  for (let i = 0; i < 5; i++) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response_type: 'ephemeral', text: `use ${i}` }) });
    expect(res.status).toBe(200);
  }
  return url;
}

/** A URL on a local port nothing listens on: fetch fails with a network error. */
async function unreachableUrl(): Promise<string> {
  const port = await new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
  return `http://127.0.0.1:${port}/response/gone`;
}

/** Opens the form, picks a channel the bot is not in, and submits with the channel picker's response_url. */
async function scheduleFromFormInto(channelId: string, responseUrl: string): Promise<void> {
  const opened = await h.command('new');
  const { view } = await modalFromTrigger(h, triggerOf(opened));
  const ack = await submit(h, view, { 'topic/value': 'Design review', 'date/value': '2026-11-24', 'time/value': '15:00', 'channel/value': channelId }, {
    userId: ALICE.id,
    responseUrls: [{ block_id: 'channel', action_id: 'value', channel_id: channelId, response_url: responseUrl }],
  });
  expect(ack.status).toBe(200);
}

describe('the card cannot be posted', () => {
  it('chat.postMessage fails: the host hears the meeting exists, with both links and how to invite the bot; one meeting only', async () => {
    h = await startHarness();
    await h.connect();
    h.slack.failNext('chat.postMessage', { error: 'fatal_error' });
    await h.command('new Design review tomorrow 3pm');
    const answer = await privateAnswer();
    const [meeting] = h.zoom.createdMeetings;
    expectCreatedWords(answer, meeting!);
    expect(answer).toContain(`<#${GENERAL.id}>`);
    expect(answer).toContain('/invite');
    expect(answer).toContain('fatal_error');
    // The answer is the host's only way to start the meeting: it carries the start link.
    expect(answer).toContain(meeting!.start_url);
    expect(h.zoom.createdMeetings).toHaveLength(1);
    expect(cardsIn(GENERAL.id)).toHaveLength(0);
    expect(await h.app.storage.meetingPosts.get(String(meeting!.id))).toBeUndefined();
  });

  it("the channel picker's response_url answers non-2xx (used up): a DM in words, not \"response_url answered 404\"", async () => {
    h = await startHarness();
    await h.connect();
    await scheduleFromFormInto(RANDOM.id, await usedUpResponseUrl(RANDOM.id));
    const dm = await dmWith('was created in Zoom');
    const [meeting] = h.zoom.createdMeetings;
    expectCreatedWords(dm, meeting!);
    expect(dm).toContain(meeting!.start_url);
    expect(dm).toContain(`<#${RANDOM.id}>`);
    expect(dm).toContain('used_url');
    expect(dm).not.toContain('response_url');
    expect(dm).not.toContain('404');
    expect(h.zoom.createdMeetings).toHaveLength(1);
  });

  it("the channel picker's response_url cannot be reached (network error): still \"created\", with the start link", async () => {
    h = await startHarness();
    await h.connect();
    await scheduleFromFormInto(RANDOM.id, await unreachableUrl());
    const dm = await dmWith('was created in Zoom');
    const [meeting] = h.zoom.createdMeetings;
    expectCreatedWords(dm, meeting!);
    expect(dm).toContain(meeting!.start_url);
    expect(dm).toContain('/invite');
    expect(dm).not.toContain('fetch failed');
    expect(h.zoom.createdMeetings).toHaveLength(1);
  });
});

describe('the card is posted, a later step fails', () => {
  it("/zoom new whose own response_url is used up: the answer that cannot go through it comes by DM", async () => {
    h = await startHarness();
    await h.connect();
    const responseUrl = await usedUpResponseUrl(RANDOM.id);
    await h.app.sender.slashCommand({ teamId: TEAM.id, userId: ALICE.id, channelId: RANDOM.id, text: 'new Design review tomorrow 3pm', responseUrl });
    const dm = await dmWith('was created in Zoom');
    const [meeting] = h.zoom.createdMeetings;
    expectCreatedWords(dm, meeting!);
    expect(dm).toContain(meeting!.start_url);
  });

  it('the post cannot be recorded: the start link still goes out, and the host hears the buttons will not work', async () => {
    h = await startHarness();
    await h.connect();
    vi.spyOn(h.app.storage.meetingPosts, 'save').mockRejectedValueOnce(new Error('disk full'));
    await h.command('new Design review tomorrow 3pm');
    const answer = await privateAnswer();
    const [meeting] = h.zoom.createdMeetings;
    expectCreatedWords(answer, meeting!);
    expect(answer).toContain('Edit and Cancel buttons');
    expect(answer).not.toContain('disk full');
    // Delivered on its own, so not repeated in the answer.
    const startLink = await h.slack.waitForCall('chat.postEphemeral', (c) => c.args.user === ALICE.id);
    expect(JSON.stringify(startLink.args)).toContain(meeting!.start_url);
    expect(answer).not.toContain(meeting!.start_url);
    expect(cardsIn(GENERAL.id)).toHaveLength(1);
    expect(await h.app.storage.meetingPosts.get(String(meeting!.id))).toBeUndefined();
  });

  it('the start link cannot be delivered (ephemeral and DM both fail): the post is still recorded, the answer carries the start link', async () => {
    h = await startHarness();
    await h.connect();
    h.slack.failNext('chat.postEphemeral', { error: 'fatal_error' });
    h.slack.failNext('conversations.open', { error: 'fatal_error' });
    await h.command('new Design review tomorrow 3pm');
    const answer = await privateAnswer();
    const [meeting] = h.zoom.createdMeetings;
    expectCreatedWords(answer, meeting!);
    expect(answer).toContain('could not send you its start link');
    expect(answer).toContain(meeting!.start_url);
    expect(cardsIn(GENERAL.id)).toHaveLength(1);
    expect(await h.app.storage.meetingPosts.get(String(meeting!.id))).toMatchObject({ channelId: GENERAL.id, hostUserId: ALICE.id });
    expect(h.slack.callsTo('chat.postEphemeral').filter((c) => c.ok)).toHaveLength(0);
  });

  it('both fail: the first problem is told, and the start link is in it because it never arrived', async () => {
    h = await startHarness();
    await h.connect();
    vi.spyOn(h.app.storage.meetingPosts, 'save').mockRejectedValueOnce(new Error('disk full'));
    h.slack.failNext('chat.postEphemeral', { error: 'fatal_error' });
    h.slack.failNext('conversations.open', { error: 'fatal_error' });
    await h.command('new Design review tomorrow 3pm');
    const answer = await privateAnswer();
    const [meeting] = h.zoom.createdMeetings;
    expectCreatedWords(answer, meeting!);
    expect(answer).toContain('Edit and Cancel buttons');
    expect(answer).toContain(meeting!.start_url);
    // The start link was still tried after the record failed.
    expect(h.slack.callsTo('chat.postEphemeral')).toHaveLength(1);
  });
});

describe('Zoom does not answer a change in time: it may have happened, and trying again is safe', () => {
  it('Cancel: the DELETE times out after Zoom deleted it; the answer says it may be deleted, and Cancel again retires the card', async () => {
    h = await startHarness({ env: { ZOOM_TIMEOUT_MS: '300' } });
    await h.connect();
    const { card, meetingId } = await scheduleCard(h);
    const hang = h.zoom.hangNext('deleteMeeting', { afterProcessing: true });
    await clickOnCard(h, card, ALICE.id, 'meeting_cancel');
    const answer = await privateAnswer();
    expect(answer).toContain('may or may not have been deleted');
    expect(answer).toContain('Trying again is safe');
    expect(answer).not.toContain('nothing was');
    hang.release();
    // It did happen at Zoom: "nothing was changed" would have been a lie.
    expect(h.zoom.meeting(meetingId)).toBeUndefined();
    expect(h.slack.callsTo('chat.update')).toHaveLength(0);

    await clickOnCard(h, card, ALICE.id, 'meeting_cancel');
    const update = await h.slack.waitForCall('chat.update', (c) => c.args.ts === card.ts);
    expect(String(update.args.text)).toContain('Cancelled');
  });

  it('Edit: Zoom applied the change but reading it back fails; the DM says it is saved, not "nothing changed"', async () => {
    h = await startHarness();
    await h.connect();
    const { card, meetingId } = await scheduleCard(h);
    const opened = await clickOnCard(h, card, ALICE.id, 'meeting_edit');
    const { view } = await modalFromTrigger(h, triggerOf(opened), EDIT_CALLBACK);
    h.zoom.failNext('getMeeting', { status: 503, body: { code: 503, message: 'Service Unavailable' } });
    await submit(h, view, { 'topic/value': 'Design review, round 2' }, { userId: ALICE.id });
    const dm = await dmWith('Your change is saved in Zoom');
    expect(dm).not.toContain('nothing was');
    expect(h.zoom.meeting(meetingId)?.topic).toBe('Design review, round 2');
  });

  it('Edit: the PATCH times out after Zoom applied it; the DM says it may have been applied and trying again is safe', async () => {
    h = await startHarness({ env: { ZOOM_TIMEOUT_MS: '300' } });
    await h.connect();
    const { card, meetingId } = await scheduleCard(h);
    const opened = await clickOnCard(h, card, ALICE.id, 'meeting_edit');
    const { view } = await modalFromTrigger(h, triggerOf(opened), EDIT_CALLBACK);
    const hang = h.zoom.hangNext('updateMeeting', { afterProcessing: true });
    await submit(h, view, { 'topic/value': 'Design review, round 2' }, { userId: ALICE.id });
    const dm = await dmWith('Zoom did not answer');
    expect(dm).toContain('may or may not have been applied');
    expect(dm).toContain('Trying again is safe');
    expect(dm).not.toContain('nothing was');
    hang.release();
    expect(h.zoom.meeting(meetingId)?.topic).toBe('Design review, round 2');
  });
});

describe('/zoom status with the company Zoom account (Server-to-Server)', () => {
  it('names the Zoom user the Slack user schedules as: their Slack email', async () => {
    h = await startHarness({ zoomAccountId: ZOOM_ACCOUNT_ID });
    const ack = await h.command('status');
    expect(ack.status).toBe(200);
    const answer = await privateAnswer();
    expect(answer).toContain(ALICE.email);
    expect(answer).toContain("company's Zoom account");
    expect(answer).not.toContain('zoom_connect_open');
    expect(h.slack.callsTo('users.info').some((c) => c.ok && c.args.user === ALICE.id)).toBe(true);
  });

  it('without users:read.email: says which permission is missing', async () => {
    h = await startHarness({ zoomAccountId: ZOOM_ACCOUNT_ID });
    h.slack.addTeam({ ...TEAM, scopes: DEFAULT_BOT_SCOPES.filter((s) => s !== 'users:read.email') });
    await h.command('status');
    const answer = await privateAnswer();
    expect(answer).toContain('users:read.email');
    expect(answer).not.toContain(ALICE.id);
  });
});

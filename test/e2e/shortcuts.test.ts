import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { ALICE, BOB, GENERAL, RANDOM, TEAM } from '../support/world.js';
import { inputElement, modalFromTrigger, openedViewId, expectInSlackTime, submit, triggerOf, viewsOpenFor } from '../slack/support/flows.js';

let h: Harness;
afterEach(async () => {
  h.slack.assertNoViolations();
  await h.close();
});

async function globalShortcut(userId = ALICE.id) {
  const sentAt = Date.now();
  const ack = await h.app.sender.shortcut({ teamId: TEAM.id, userId, callbackId: 'schedule_meeting' });
  expect(ack.status).toBe(200);
  return { ack, sentAt };
}

/** A message someone wrote in #general, and the message shortcut on it. */
async function messageShortcut(text: string, userId = ALICE.id, channelId: string = GENERAL.id) {
  const ts = h.slack.addMessage({ teamId: TEAM.id, channel: channelId, user: BOB.id, text });
  const sentAt = Date.now();
  const ack = await h.app.sender.messageShortcut({ teamId: TEAM.id, userId, channelId, callbackId: 'schedule_meeting_from_message', message: { ts, text, user: BOB.id } });
  expect(ack.status).toBe(200);
  return { ack, ts, sentAt };
}

describe('global shortcut "Schedule a Zoom meeting"', () => {
  it('opens the form with its trigger, with a channel picker; the card goes where the user picks', async () => {
    h = await startHarness();
    await h.connect();
    const { ack, sentAt } = await globalShortcut();
    const { open, view } = await modalFromTrigger(h, triggerOf(ack));
    expectInSlackTime('global shortcut', sentAt, open, ack.ackMs);
    // No channel to default to: Slack preselects the conversation the user is looking at.
    expect(inputElement(view, 'channel')).toMatchObject({ type: 'conversations_select', default_to_current_conversation: true });
    expect(inputElement(view, 'channel')?.initial_conversation).toBeUndefined();
    expect(inputElement(view, 'time')?.initial_time).toBe('10:30');

    const submitted = await submit(h, view, { 'topic/value': 'Team sync', 'date/value': '2026-11-24', 'time/value': '11:00', 'channel/value': GENERAL.id }, { userId: ALICE.id });
    expect(submitted.text).toBe('');
    const post = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
    expect(post.args.thread_ts).toBeUndefined();
    expect(h.zoom.createdMeetings[0]).toMatchObject({ topic: 'Team sync', start_time: '2026-11-24T16:00:00Z' });
  });

  it('not connected: the connect button in the modal', async () => {
    h = await startHarness();
    const { ack } = await globalShortcut();
    const open = await viewsOpenFor(h, triggerOf(ack));
    await h.slack.waitForCall('views.update', (c) => c.args.view_id === openedViewId(open));
    expect(h.slack.view(openedViewId(open))?.callback_id).toBe('connect_modal');
  });
});

describe('message shortcut "Zoom meeting about this"', () => {
  it('takes the topic from the first line, links the message in the agenda, and replies in its thread', async () => {
    h = await startHarness();
    await h.connect();
    const { ack, ts, sentAt } = await messageShortcut('  Can we walk through the Q4 roadmap?  \nI have questions about the dates.\nAnd the budget.');
    const { open, view } = await modalFromTrigger(h, triggerOf(ack));
    expectInSlackTime('message shortcut', sentAt, open, ack.ackMs);
    expect(inputElement(view, 'topic')?.initial_value).toBe('Can we walk through the Q4 roadmap?');
    const permalink = `https://acme.slack.com/archives/${GENERAL.id}/p${ts.replace('.', '')}`;
    expect(inputElement(view, 'agenda')?.initial_value).toContain(permalink);
    // The destination is fixed: the message's thread. No channel picker.
    expect(view.blocks.map((b) => b.block_id)).not.toContain('channel');
    expect(JSON.parse(view.private_metadata)).toMatchObject({ channelId: GENERAL.id, threadTs: ts });

    const submitted = await submit(h, view, { 'date/value': '2026-11-24', 'time/value': '15:00' }, { userId: ALICE.id });
    expect(submitted.text).toBe('');
    const post = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
    expect(post.args.thread_ts).toBe(ts);
    const [meeting] = h.zoom.createdMeetings;
    expect(meeting).toMatchObject({ topic: 'Can we walk through the Q4 roadmap?', start_time: '2026-11-24T20:00:00Z' });
    expect(meeting!.agenda).toContain(permalink);
    expect(h.slack.messages({ channel: GENERAL.id }).find((m) => m.ts === post.response.ts)?.threadTs).toBe(ts);
    // The start link, privately, in the same thread.
    const ephemeral = await h.slack.waitForCall('chat.postEphemeral', (c) => c.args.user === ALICE.id);
    expect(ephemeral.args).toMatchObject({ channel: GENERAL.id, thread_ts: ts });
    expect(JSON.stringify(ephemeral.args)).toContain(meeting!.start_url);
  });

  it('trims a long first line to 200 characters', async () => {
    h = await startHarness();
    await h.connect();
    const { ack } = await messageShortcut(`${'a'.repeat(150)} ${'b'.repeat(150)}\nsecond line`);
    const { view } = await modalFromTrigger(h, triggerOf(ack));
    const topic = String(inputElement(view, 'topic')?.initial_value);
    expect(topic).toHaveLength(200);
    expect(topic.startsWith('a'.repeat(150))).toBe(true);
    expect(topic).not.toContain('second line');
  });

  it('reads the message as a person would: links, mentions and escapes become plain words', async () => {
    h = await startHarness();
    await h.connect();
    const { ack } = await messageShortcut('Review <https://docs.example.com/q4|the Q4 doc> &amp; <#CGENERAL|general> notes with <@UBOB> &lt;soon&gt; <!here>');
    const { view } = await modalFromTrigger(h, triggerOf(ack));
    // Bob's name comes from users.info: Slack sends bare <@U…> mentions.
    expect(inputElement(view, 'topic')?.initial_value).toBe('Review the Q4 doc & #general notes with @bob <soon> @here');
  });

  it('a message with no text: the form opens with an empty topic and the link in the agenda', async () => {
    h = await startHarness();
    await h.connect();
    const { ack, ts } = await messageShortcut('');
    const { view } = await modalFromTrigger(h, triggerOf(ack));
    expect(inputElement(view, 'topic')?.initial_value).toBeUndefined();
    expect(String(inputElement(view, 'agenda')?.initial_value)).toContain(`p${ts.replace('.', '')}`);
  });

  it('not connected: the connect button in the modal, nothing else', async () => {
    h = await startHarness();
    const { ack } = await messageShortcut('Sync about this?');
    const open = await viewsOpenFor(h, triggerOf(ack));
    await h.slack.waitForCall('views.update', (c) => c.args.view_id === openedViewId(open));
    expect(h.slack.view(openedViewId(open))?.callback_id).toBe('connect_modal');
    expect(h.slack.callsTo('chat.getPermalink')).toHaveLength(0);
  });

  it('a public channel the bot is not in: the card goes through the shortcut\'s response_url', async () => {
    h = await startHarness();
    await h.connect();
    const { ack } = await messageShortcut('Incident follow-up', ALICE.id, RANDOM.id);
    const { view } = await modalFromTrigger(h, triggerOf(ack));
    await submit(h, view, { 'date/value': '2026-11-24', 'time/value': '15:00' }, { userId: ALICE.id });
    const inChannel = await h.slack.waitForResponse((r) => r.body.response_type === 'in_channel');
    const [meeting] = h.zoom.createdMeetings;
    expect(inChannel.context.channelId).toBe(RANDOM.id);
    expect(JSON.stringify(inChannel.body)).toContain(meeting!.join_url);
    expect(JSON.stringify(inChannel.body)).not.toContain(meeting!.start_url);
    const privately = await h.slack.waitForResponse((r) => r.body.response_type === 'ephemeral');
    expect(JSON.stringify(privately.body)).toContain(meeting!.start_url);
  });

  it('a private conversation the bot cannot see: the modal says so, and how to fix it', async () => {
    h = await startHarness();
    await h.connect();
    h.slack.addChannel({ teamId: TEAM.id, id: 'CSECRET', name: 'secret', isPrivate: true, botIsMember: false });
    const { ack } = await messageShortcut('Secret plans', ALICE.id, 'CSECRET');
    const open = await viewsOpenFor(h, triggerOf(ack));
    const update = await h.slack.waitForCall('views.update', (c) => c.args.view_id === openedViewId(open));
    expect(JSON.stringify(update.args.view)).toContain('/invite');
    expect(h.slack.view(openedViewId(open))?.submit).toBeNull();
  });
});

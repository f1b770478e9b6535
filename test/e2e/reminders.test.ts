import { afterEach, describe, expect, it } from 'vitest';
import { SCHEDULE_HORIZON_MS } from '../fakes/fakeSlack.js';
import { POLL } from '../support/expectations.js';
import { startHarness, type Harness } from '../support/harness.js';
import { STORE_KINDS } from '../support/storage.js';
import { ALICE, GENERAL, TEAM } from '../support/world.js';
import { button, clickOnCard, EDIT_CALLBACK, modalFromTrigger, openedViewId, scheduleCard, submit, triggerOf, viewsOpenFor } from '../slack/support/flows.js';

/**
 * The reminder before a meeting: one Slack scheduled message in the card's thread, N minutes before the
 * start, that follows the meeting through edits and cancels, and waits for Slack's 120-day horizon.
 */

let h: Harness;
afterEach(async () => {
  h.slack.assertNoViolations();
  await h.close();
});

const MINUTE = 60_000;
/** "tomorrow 3pm" for Alice (New York) on the harness's first day. */
const START = Date.parse('2026-11-24T20:00:00Z');
const waiting = () => h.slack.scheduledMessages({ channel: GENERAL.id, state: 'waiting' });

async function setReminder(minutes: number): Promise<void> {
  const ack = await h.command('settings');
  const view = h.slack.view(openedViewId(await viewsOpenFor(h, triggerOf(ack))))!;
  await h.app.sender.viewSubmission({ teamId: TEAM.id, userId: ALICE.id, view, answers: { 'reminder/value': String(minutes) } });
  await expect.poll(() => h.app.storage.userSettings.get(TEAM.id, ALICE.id), POLL).toMatchObject({ reminderMinutes: minutes });
}

describe.each(STORE_KINDS)('reminders (%s)', (store) => {
  it('10 minutes before by default, in the card\'s thread and the channel, with the Join button; Slack posts it then', async () => {
    h = await startHarness({ store });
    await h.connect();
    const { card, meetingId } = await scheduleCard(h);
    await expect.poll(waiting, POLL).toHaveLength(1);
    const [reminder] = waiting();
    expect(reminder).toMatchObject({ postAt: (START - 10 * MINUTE) / 1000, threadTs: card.ts, replyBroadcast: true });
    expect(button(reminder!.blocks, 'meeting_join')?.url).toBe(h.zoom.meeting(meetingId)!.join_url);
    expect(reminder!.text).toContain('Design review');
    const call = h.slack.callsTo('chat.scheduleMessage')[0]!;
    expect(call.args.metadata).toBeUndefined();

    h.clock.set(START - 10 * MINUTE);
    const [posted] = h.slack.postDueScheduledMessages();
    expect(posted).toMatchObject({ channel: GENERAL.id, threadTs: card.ts });
    expect(h.slack.callsTo('chat.scheduleMessage')).toHaveLength(1);
  });

  it('per user: 0 means none; another lead time is used as set', async () => {
    h = await startHarness({ store });
    await h.connect();
    await setReminder(0);
    await scheduleCard(h);
    await h.restart(); // work acknowledged before is finished
    expect(h.slack.callsTo('chat.scheduleMessage')).toHaveLength(0);
    await setReminder(30);
    await h.command('new Retro tomorrow 4pm');
    await expect.poll(waiting, POLL).toHaveLength(1);
    expect(waiting()[0]!.postAt).toBe((START + 60 * MINUTE - 30 * MINUTE) / 1000);
  });

  it('the form\'s reminder wins over the setting for that meeting', async () => {
    h = await startHarness({ store });
    await h.connect();
    const ack = await h.command('new');
    const { view } = await modalFromTrigger(h, triggerOf(ack));
    await submit(h, view, { 'topic/value': 'Planning', 'date/value': '2026-11-24', 'time/value': '15:00', 'channel/value': GENERAL.id, 'reminder/value': '5' }, { userId: ALICE.id });
    await expect.poll(waiting, POLL).toHaveLength(1);
    expect(waiting()[0]!.postAt).toBe((START - 5 * MINUTE) / 1000);
  });

  it('follows the meeting: an edit deletes it and schedules the new time; a cancel deletes it', async () => {
    h = await startHarness({ store });
    await h.connect();
    const { card } = await scheduleCard(h);
    await expect.poll(waiting, POLL).toHaveLength(1);
    const first = waiting()[0]!;

    const ack = await clickOnCard(h, card, ALICE.id, 'meeting_edit');
    const { view } = await modalFromTrigger(h, triggerOf(ack), EDIT_CALLBACK);
    await submit(h, view, { 'time/value': '16:30' }, { userId: ALICE.id });
    await expect.poll(() => waiting().map((m) => m.postAt), POLL).toEqual([(START + 90 * MINUTE - 10 * MINUTE) / 1000]);
    expect(h.slack.scheduledMessages().find((m) => m.id === first.id)?.state).toBe('deleted');

    await clickOnCard(h, card, ALICE.id, 'meeting_cancel');
    await expect.poll(waiting, POLL).toHaveLength(0);
    expect(h.slack.callsTo('chat.deleteScheduledMessage').filter((c) => c.ok)).toHaveLength(2);
  });

  it('beyond Slack\'s 120 days: none yet; the sweep schedules it once in range, once, on whichever instance', async () => {
    h = await startHarness({ store });
    await h.connect();
    await h.command('new Offsite 2027-05-03 3pm');
    await h.slack.waitForCall('chat.postEphemeral', (c) => c.args.user === ALICE.id);
    await h.restart();
    expect(h.slack.callsTo('chat.scheduleMessage')).toHaveLength(0);
    const start = h.zoom.createdMeetings[0]!.start_time!;
    const postAt = Date.parse(start) - 10 * MINUTE;

    expect(await h.app.running.sweepReminders()).toBe(1);
    expect(waiting()).toHaveLength(0);
    h.clock.set(postAt - SCHEDULE_HORIZON_MS + 2 * 24 * 60 * MINUTE);
    await Promise.all([h.app.running.sweepReminders(), h.app.running.sweepReminders()]);
    expect(waiting().map((m) => m.postAt)).toEqual([postAt / 1000]);
    // Nothing left to watch.
    expect(await h.app.running.sweepReminders()).toBe(0);
    expect(h.slack.callsTo('chat.scheduleMessage')).toHaveLength(1);
  });

  it('a Slack failure is retried by the sweep; a lost answer is found in Slack\'s queue, not doubled', async () => {
    h = await startHarness({ store });
    await h.connect();
    h.slack.failNext('chat.scheduleMessage', { error: 'internal_error' });
    await scheduleCard(h);
    await h.restart();
    expect(waiting()).toHaveLength(0);
    await h.app.running.sweepReminders();
    expect(waiting()).toHaveLength(1);

    // The reminder exists at Slack but our record lost the answer (as if the process died mid-request).
    const meetingId = String(h.zoom.createdMeetings[0]!.id);
    const post = (await h.app.storage.meetingPosts.get(meetingId))!;
    await h.app.storage.meetingPosts.save({ ...post, reminder: { channelId: GENERAL.id, postAt: post.reminder!.postAt } });
    await h.app.storage.meetingPosts.watchReminder(meetingId);
    await h.app.running.sweepReminders();
    expect(waiting()).toHaveLength(1);
    expect((await h.app.storage.meetingPosts.get(meetingId))?.reminder?.id).toBe(waiting()[0]!.id);
  });

  it('a meeting too soon for a reminder gets none (and never one in the past)', async () => {
    h = await startHarness({ store });
    await h.connect();
    await h.command('new Quick sync in 5 minutes');
    await h.slack.waitForCall('chat.postEphemeral', (c) => c.args.user === ALICE.id);
    await h.restart();
    expect(h.slack.callsTo('chat.scheduleMessage')).toHaveLength(0);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { POLL } from '../support/expectations.js';
import { startHarness, type Harness } from '../support/harness.js';
import { ALICE, BOB, GENERAL } from '../support/world.js';
import { button, clickOnCard, EDIT_CALLBACK, inputElement, modalFromTrigger, openedViewId, expectInSlackTime, scheduleCard, submit, triggerOf, viewsOpenFor } from '../slack/support/flows.js';

let h: Harness;
afterEach(async () => {
  h.slack.assertNoViolations();
  await h.close();
});

const lastSeq = (): number => h.slack.calls.at(-1)?.seq ?? 0;

const routeCount = (route: string) => h.zoom.requests.filter((r) => r.route === route).length;

describe('Cancel on the card', () => {
  it('the host cancels: deleted in Zoom, the card says cancelled (no join link), the Home tab refreshes', async () => {
    h = await startHarness();
    await h.connect();
    const { card, meetingId } = await scheduleCard(h);
    const joinUrl = h.zoom.createdMeetings[0]!.join_url;
    expect(button(card.blocks, 'meeting_cancel')?.value).toBe(String(meetingId));
    const after = lastSeq();
    const ack = await clickOnCard(h, card, ALICE.id, 'meeting_cancel');
    expect(ack.status).toBe(200);

    const update = await h.slack.waitForCall('chat.update', (c) => c.args.ts === card.ts);
    expect(update.ok).toBe(true);
    expect(update.args.channel).toBe(GENERAL.id);
    expect(String(update.args.text)).toContain('Cancelled');
    const stored = h.slack.messages({ channel: GENERAL.id }).find((m) => m.ts === card.ts)!;
    expect(JSON.stringify(stored.blocks)).toContain(`was cancelled by <@${ALICE.id}>`);
    expect(JSON.stringify(stored.blocks)).not.toContain(joinUrl);
    expect(JSON.stringify(stored.blocks)).not.toContain('meeting_cancel');
    expect(h.zoom.meeting(meetingId)).toBeUndefined();
    expect(routeCount('deleteMeeting')).toBe(1);
    // The Home tab no longer lists it.
    await h.slack.waitForCall('views.publish', (c) => c.seq > after && c.args.user_id === ALICE.id && !JSON.stringify(c.args.view).includes('Design review'));
    // The create's own Home refresh may be the publish above (it lists after the delete): wait for the cancel to finish.
    await expect.poll(() => h.app.storage.meetingPosts.get(String(meetingId)), POLL).toBeUndefined();
  });

  it('someone else clicks Cancel: refused privately, nothing deleted, the card untouched', async () => {
    h = await startHarness();
    await h.connect();
    await h.connect(BOB.id, BOB.zoomUserId);
    const { card, meetingId } = await scheduleCard(h);
    await clickOnCard(h, card, BOB.id, 'meeting_cancel');
    const answer = await h.slack.waitForResponse((r) => r.context.userId === BOB.id);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(JSON.stringify(answer.body)).toContain('Only the host of this meeting can do that.');
    expect(h.zoom.meeting(meetingId)).toBeDefined();
    expect(routeCount('deleteMeeting')).toBe(0);
    expect(h.slack.callsTo('chat.update')).toHaveLength(0);
    expect(h.slack.messages({ channel: GENERAL.id }).find((m) => m.ts === card.ts)?.edited).toBe(false);
  });

  it('already deleted in Zoom: the card is still retired', async () => {
    h = await startHarness();
    await h.connect();
    const { card, meetingId } = await scheduleCard(h);
    const { access_token } = h.zoom.issueUserTokens(ALICE.zoomUserId);
    await fetch(`${h.zoom.apiUrl}/meetings/${meetingId}`, { method: 'DELETE', headers: { authorization: `Bearer ${access_token}` } });
    await clickOnCard(h, card, ALICE.id, 'meeting_cancel');
    const update = await h.slack.waitForCall('chat.update', (c) => c.args.ts === card.ts);
    expect(String(update.args.text)).toContain('Cancelled');
  });
});

describe('Edit on the card', () => {
  it('opens the edit form prefilled; saving changes the Zoom meeting (PATCH) and the card', async () => {
    h = await startHarness();
    await h.connect();
    const { card, meetingId } = await scheduleCard(h);
    const sentAt = Date.now();
    const ack = await clickOnCard(h, card, ALICE.id, 'meeting_edit');
    const { open, view } = await modalFromTrigger(h, triggerOf(ack), EDIT_CALLBACK);
    expectInSlackTime('card Edit', sentAt, open, ack.ackMs);
    expect((view.title as { text: string }).text).toBe('Edit meeting');
    expect(inputElement(view, 'topic')?.initial_value).toBe('Design review');
    expect(inputElement(view, 'date')?.initial_date).toBe('2026-11-24');
    expect(inputElement(view, 'time')).toMatchObject({ initial_time: '15:00', timezone: ALICE.tz });
    expect((inputElement(view, 'duration')?.initial_option as { value: string }).value).toBe('30');
    // Where it was posted and who was invited stay as they are.
    expect(view.blocks.map((b) => b.block_id)).toEqual(['topic', 'date', 'time', 'duration', 'agenda']);

    const after = lastSeq();
    const saved = await submit(h, view, { 'topic/value': 'Design review, round 2', 'time/value': '16:30', 'duration/value': '60', 'agenda/value': 'Open questions' }, { userId: ALICE.id });
    expect(saved.status).toBe(200);
    expect(saved.text).toBe('');

    const update = await h.slack.waitForCall('chat.update', (c) => c.args.ts === card.ts);
    expect(routeCount('updateMeeting')).toBe(1);
    // 16:30 in New York on 24 November is 21:30 UTC.
    expect(h.zoom.meeting(meetingId)).toMatchObject({ topic: 'Design review, round 2', start_time: '2026-11-24T21:30:00Z', duration: 60, agenda: 'Open questions' });
    const blocks = JSON.stringify(update.args.blocks);
    expect(blocks).toContain('Design review, round 2');
    expect(blocks).toContain(`<!date^${Date.parse('2026-11-24T21:30:00Z') / 1000}^`);
    expect(blocks).toContain('1 h');
    expect(blocks).toContain(h.zoom.meeting(meetingId)!.join_url);
    expect(blocks).not.toContain('zak=');
    await h.slack.waitForCall('views.publish', (c) => c.seq > after && c.args.user_id === ALICE.id && JSON.stringify(c.args.view).includes('round 2'));
  });

  it('emptying the agenda in the edit form removes it in Zoom', async () => {
    h = await startHarness();
    await h.connect();
    const { card, meetingId } = await scheduleCard(h);
    const first = await clickOnCard(h, card, ALICE.id, 'meeting_edit');
    await submit(h, (await modalFromTrigger(h, triggerOf(first), EDIT_CALLBACK)).view, { 'agenda/value': 'Open questions' }, { userId: ALICE.id });
    await h.slack.waitForCall('chat.update', (c) => c.args.ts === card.ts && JSON.stringify(c.args.blocks).includes('Open questions'));
    expect(h.zoom.meeting(meetingId)?.agenda).toBe('Open questions');

    const second = await clickOnCard(h, card, ALICE.id, 'meeting_edit');
    const { view } = await modalFromTrigger(h, triggerOf(second), EDIT_CALLBACK);
    expect(inputElement(view, 'agenda')?.initial_value).toBe('Open questions');
    const updates = h.slack.callsTo('chat.update').length;
    await submit(h, view, { 'agenda/value': '' }, { userId: ALICE.id });
    await h.slack.waitFor(() => h.slack.callsTo('chat.update').length > updates);
    expect(h.zoom.meeting(meetingId)?.agenda ?? '').toBe('');
  });

  it('an edited card keeps what Zoom does not store: the invitees and the weekly series', async () => {
    h = await startHarness();
    await h.connect();
    const opened = await h.command('new');
    const { view: form } = await modalFromTrigger(h, triggerOf(opened));
    await submit(
      h,
      form,
      { 'topic/value': 'Weekly sync', 'date/value': '2026-11-25', 'time/value': '14:30', 'channel/value': GENERAL.id, 'invitees/value': [BOB.id], 'recurrence/value': '4' },
      { userId: ALICE.id },
    );
    const post = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
    await h.slack.waitForCall('chat.postEphemeral', (c) => c.args.user === ALICE.id);
    const card = h.slack.messages({ channel: GENERAL.id }).find((m) => m.ts === post.response.ts)!;

    const ack = await clickOnCard(h, card, ALICE.id, 'meeting_edit');
    const { view } = await modalFromTrigger(h, triggerOf(ack), EDIT_CALLBACK);
    await submit(h, view, { 'topic/value': 'Weekly sync, moved' }, { userId: ALICE.id });
    const update = await h.slack.waitForCall('chat.update', (c) => c.args.ts === card.ts);
    const blocks = JSON.stringify(update.args.blocks);
    expect(blocks).toContain('Weekly sync, moved');
    expect(blocks).toContain(`<@${BOB.id}>`);
    expect(blocks).toContain('weekly, 4 times');
  });

  it('the modal opens before Zoom is asked for the meeting (the trigger would not wait)', async () => {
    h = await startHarness();
    await h.connect();
    const { card } = await scheduleCard(h);
    const hang = h.zoom.hangNext('getMeeting');
    const ack = await clickOnCard(h, card, ALICE.id, 'meeting_edit');
    const open = await viewsOpenFor(h, triggerOf(ack));
    await hang.arrived;
    // Zoom has not answered yet, and the modal is already open (showing the loading view).
    expect(h.slack.view(openedViewId(open))?.callback_id).toBe('loading_modal');
    hang.release();
    await h.slack.waitForCall('views.update', (c) => c.args.view_id === openedViewId(open) && (c.args.view as { callback_id?: string }).callback_id === EDIT_CALLBACK);
  });

  it('an edit to a time in the past comes back as an inline error; Zoom is not touched', async () => {
    h = await startHarness();
    await h.connect();
    const { card } = await scheduleCard(h);
    const ack = await clickOnCard(h, card, ALICE.id, 'meeting_edit');
    const { view } = await modalFromTrigger(h, triggerOf(ack), EDIT_CALLBACK);
    const saved = await submit(h, view, { 'date/value': '2026-11-20' }, { userId: ALICE.id });
    expect(saved.body).toMatchObject({ response_action: 'errors', errors: { time: expect.stringContaining('past') } });
    expect(routeCount('updateMeeting')).toBe(0);
  });

  it('Zoom refuses the change: told by DM, the card stays as it was', async () => {
    h = await startHarness();
    await h.connect();
    const { card } = await scheduleCard(h);
    const ack = await clickOnCard(h, card, ALICE.id, 'meeting_edit');
    const { view } = await modalFromTrigger(h, triggerOf(ack), EDIT_CALLBACK);
    h.zoom.failNext('updateMeeting', { status: 400, body: { code: 3000, message: 'Cannot edit this meeting.' } });
    await submit(h, view, { 'time/value': '16:30' }, { userId: ALICE.id });
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === `D${ALICE.id}` && String(c.args.text).includes('Cannot edit this meeting.'));
    expect(h.slack.callsTo('chat.update')).toHaveLength(0);
  });

  it.each([
    ['connected', true],
    ['not connected (connecting would not help)', false],
  ])('someone else, %s, clicks Edit: the modal says only the host can, and shows no form', async (_case, bobConnected) => {
    h = await startHarness();
    await h.connect();
    if (bobConnected) await h.connect(BOB.id, BOB.zoomUserId);
    const { card } = await scheduleCard(h);
    const ack = await clickOnCard(h, card, BOB.id, 'meeting_edit');
    const open = await viewsOpenFor(h, triggerOf(ack));
    const update = await h.slack.waitForCall('views.update', (c) => c.args.view_id === openedViewId(open));
    expect(JSON.stringify(update.args.view)).toContain('Only the host of this meeting can do that.');
    expect(h.slack.view(openedViewId(open))?.submit).toBeNull();
    expect(routeCount('getMeeting')).toBe(0);
  });
});

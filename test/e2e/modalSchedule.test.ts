import { afterEach, describe, expect, it } from 'vitest';
import { expectCardThroughResponseUrl } from '../support/expectations.js';
import { startHarness, type Harness } from '../support/harness.js';
import { ALICE, BOB, CAROL, GENERAL, RANDOM, TEAM } from '../support/world.js';
import { inputElement, modalFromTrigger, openedViewId, expectInSlackTime, SCHEDULE_CALLBACK, submit, triggerOf, viewsOpenFor, zonedInstant } from '../slack/support/flows.js';

let h: Harness;
afterEach(async () => {
  h.slack.assertNoViolations();
  await h.close();
});

/** Opens the form with `/zoom new <text>` and returns the filled-in view. */
async function openForm(text = 'new', options: { userId?: string; channelId?: string } = {}) {
  const sentAt = Date.now();
  const ack = await h.command(text, options);
  expect(ack.status).toBe(200);
  const { open, view } = await modalFromTrigger(h, triggerOf(ack));
  expectInSlackTime(`/zoom ${text}`, sentAt, open, ack.ackMs);
  return { ack, open, view };
}

const DM = (userId: string) => `D${userId}`;
const dmsTo = (userId: string) => h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === DM(userId));
const createRequests = () => h.zoom.requests.filter((r) => r.route === 'createMeeting');

describe('/zoom new without a time opens the form', () => {
  it('opens at once with the command\'s trigger (loading view first), then swaps in the form', async () => {
    h = await startHarness();
    await h.connect();
    const before = h.slack.calls.at(-1)?.seq ?? 0;
    const sentAt = Date.now();
    const ack = await h.command('new');
    // Acknowledged with nothing to show in the channel: the modal is the answer.
    expect(ack.status).toBe(200);
    expect(ack.text).toBe('');

    const open = await viewsOpenFor(h, triggerOf(ack));
    expectInSlackTime('/zoom new (first open)', sentAt, open, ack.ackMs);
    expect((open.args.view as { callback_id: string }).callback_id).toBe('loading_modal');
    // The slow look-ups (user's zone) happen after the open, never before it.

    const update = await h.slack.waitForCall('views.update', (c) => c.args.view_id === openedViewId(open));
    expect(update.ok).toBe(true);
    const lookups = h.slack.calls.filter((c) => c.seq > before && c.method === 'users.info');
    expect(lookups.length).toBeGreaterThan(0);
    expect(lookups.every((c) => c.seq > open.seq)).toBe(true);
    const view = h.slack.view(openedViewId(open))!;
    expect(view.callback_id).toBe(SCHEDULE_CALLBACK);
    expect(h.slack.isViewOpen(view.id)).toBe(true);
    expect(h.slack.viewUser(view.id)).toBe(ALICE.id);
    expect(h.zoom.createdMeetings).toHaveLength(0);
  });

  it('prefills the next half hour in the user\'s zone, 30 minutes, and the channel the command came from', async () => {
    h = await startHarness();
    await h.connect();
    const { view } = await openForm('new');
    // Now: 2026-11-23 15:00 UTC = 10:00 in New York.
    expect(inputElement(view, 'topic')?.initial_value).toBeUndefined();
    expect(inputElement(view, 'date')?.initial_date).toBe('2026-11-23');
    expect(inputElement(view, 'time')).toMatchObject({ initial_time: '10:30', timezone: ALICE.tz });
    expect((inputElement(view, 'duration')?.initial_option as { value: string }).value).toBe('30');
    expect((inputElement(view, 'duration')?.options as Array<{ value: string }>).map((o) => o.value)).toEqual(['15', '30', '45', '60', '90', '120']);
    expect(inputElement(view, 'channel')).toMatchObject({ type: 'conversations_select', initial_conversation: GENERAL.id, default_to_current_conversation: false });
    expect(JSON.parse(view.private_metadata)).toMatchObject({ timeZone: ALICE.tz });
  });

  it('in a half-hour zone, across midnight: Bob in Kolkata gets 00:30 tomorrow; Alice gets 14:00 today', async () => {
    h = await startHarness();
    await h.connect();
    await h.connect(BOB.id, BOB.zoomUserId);
    // 18:45 UTC = 13:45 in New York = 00:15 on the 24th in Kolkata (UTC+05:30).
    h.clock.set(Date.parse('2026-11-23T18:45:00Z'));
    const bob = await openForm('new', { userId: BOB.id, channelId: RANDOM.id });
    expect(inputElement(bob.view, 'date')?.initial_date).toBe('2026-11-24');
    expect(inputElement(bob.view, 'time')).toMatchObject({ initial_time: '00:30', timezone: BOB.tz });
    expect(inputElement(bob.view, 'channel')?.initial_conversation).toBe(RANDOM.id);

    const alice = await openForm('new', { userId: ALICE.id });
    expect(inputElement(alice.view, 'date')?.initial_date).toBe('2026-11-23');
    expect(inputElement(alice.view, 'time')?.initial_time).toBe('14:00');
  });

  it('`/zoom new Design review` (no time) opens the form with the topic filled in and creates nothing', async () => {
    h = await startHarness();
    await h.connect();
    const { view } = await openForm('new Design review');
    expect(inputElement(view, 'topic')?.initial_value).toBe('Design review');
    expect(h.zoom.createdMeetings).toHaveLength(0);
    expect(h.slack.responses).toHaveLength(0);
  });

  it('a user who is not connected gets the connect button in the modal instead of the form', async () => {
    h = await startHarness();
    const ack = await h.command('new');
    const open = await viewsOpenFor(h, triggerOf(ack));
    await h.slack.waitForCall('views.update', (c) => c.args.view_id === openedViewId(open));
    const view = h.slack.view(openedViewId(open))!;
    expect(view.callback_id).toBe('connect_modal');
    expect(view.submit).toBeNull();
    const link = JSON.stringify(view.blocks).match(/"url":"([^"]+)"/)?.[1];
    expect(link).toBeDefined();
    const url = new URL(link!);
    expect(url.origin + url.pathname).toBe(`${h.zoom.oauthUrl}/oauth/authorize`);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(JSON.stringify(view.blocks)).toContain('zoom_connect_open');
    expect(JSON.stringify(view.blocks)).not.toContain('"block_id":"topic"');
  });
});

describe('submitting the form', () => {
  it('closes the modal, creates the meeting on the user\'s Zoom and posts the card where chosen', async () => {
    h = await startHarness();
    await h.connect();
    const { view } = await openForm('new');
    const ack = await submit(
      h,
      view,
      {
        'topic/value': 'Quarterly planning',
        'date/value': '2026-11-25',
        'time/value': '14:30',
        'duration/value': '45',
        'agenda/value': 'Roadmap & budget',
        'channel/value': GENERAL.id,
        'invitees/value': [BOB.id, CAROL.id],
        'options/value': ['waiting_room', 'passcode'],
        'recurrence/value': '4',
      },
      { userId: ALICE.id },
    );
    // An empty 200 closes the modal.
    expect(ack.status).toBe(200);
    expect(ack.text).toBe('');

    const post = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
    const [meeting] = h.zoom.createdMeetings;
    // 14:30 in New York on 25 November (EST, UTC-5) is 19:30 UTC.
    expect(new Date(zonedInstant('2026-11-25', '14:30', ALICE.tz)).toISOString()).toBe('2026-11-25T19:30:00.000Z');
    expect(meeting).toMatchObject({
      topic: 'Quarterly planning',
      type: 8,
      start_time: '2026-11-25T19:30:00Z',
      duration: 45,
      timezone: ALICE.tz,
      agenda: 'Roadmap & budget',
      host_id: ALICE.zoomUserId,
      settings: { waiting_room: true },
      recurrence: { type: 2, end_times: 4, weekly_days: '4' },
    });
    // The passcode was generated by Zoom (default_password), not invented by the app.
    expect(meeting!.password).toMatch(/^\w+$/);
    expect(meeting!.occurrences?.map((o) => o.start_time)).toEqual(['2026-11-25T19:30:00Z', '2026-12-02T19:30:00Z', '2026-12-09T19:30:00Z', '2026-12-16T19:30:00Z']);

    const card = JSON.stringify(post.args.blocks);
    expect(card).toContain(meeting!.join_url);
    expect(card).toContain(`<@${BOB.id}>`);
    expect(card).toContain(`<@${CAROL.id}>`);
    expect(card).toContain(`<!date^${Date.parse('2026-11-25T19:30:00Z') / 1000}^`);
    expect(card).toContain('weekly, 4 times');
    expect(card).not.toContain(meeting!.start_url);
    expect(card).not.toContain('zak=');

    // The start link: to Alice alone.
    const ephemeral = await h.slack.waitForCall('chat.postEphemeral', (c) => c.args.user === ALICE.id);
    expect(JSON.stringify(ephemeral.args)).toContain(meeting!.start_url);
    const everywhereElse = h.slack.calls.filter((c) => c.method !== 'chat.postEphemeral' && c.seq !== ephemeral.seq);
    expect(JSON.stringify(everywhereElse.map((c) => c.args))).not.toContain(meeting!.start_url);
    expect(await h.app.storage.meetingPosts.get(String(meeting!.id))).toMatchObject({ channelId: GENERAL.id, hostUserId: ALICE.id, messageTs: post.response.ts });

    // The Home tab is refreshed with the new meeting.
    await h.slack.waitForCall('views.publish', (c) => c.args.user_id === ALICE.id && JSON.stringify(c.args.view).includes('Quarterly planning'));
  });

  it('reads date and time in the submitter\'s zone: Bob in Kolkata, a one-off with no options', async () => {
    h = await startHarness();
    await h.connect(BOB.id, BOB.zoomUserId);
    const { view } = await openForm('new', { userId: BOB.id });
    await submit(h, view, { 'topic/value': 'Sprint review', 'date/value': '2026-11-25', 'time/value': '09:15', 'channel/value': GENERAL.id }, { userId: BOB.id });
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
    const [meeting] = h.zoom.createdMeetings;
    // 09:15 in Kolkata (UTC+05:30) is 03:45 UTC; duration keeps the default 30.
    expect(meeting).toMatchObject({ topic: 'Sprint review', type: 2, start_time: '2026-11-25T03:45:00Z', duration: 30, timezone: BOB.tz, host_id: BOB.zoomUserId, settings: { waiting_room: false } });
    expect(meeting!.password).toBeUndefined();
    expect(meeting!.recurrence).toBeUndefined();
    expect(meeting!.agenda).toBeUndefined();
  });

  it('posts through the channel picker\'s response_url when the bot is not in the chosen channel', async () => {
    h = await startHarness();
    await h.connect();
    const { view } = await openForm('new');
    const responseUrl = h.slack.responseUrl({ teamId: TEAM.id, channelId: RANDOM.id, userId: ALICE.id });
    const ack = await submit(h, view, { 'topic/value': 'Design review', 'date/value': '2026-11-24', 'time/value': '15:00', 'channel/value': RANDOM.id }, {
      userId: ALICE.id,
      responseUrls: [{ block_id: 'channel', action_id: 'value', channel_id: RANDOM.id, response_url: responseUrl }],
    });
    expect(ack.text).toBe('');
    await expectCardThroughResponseUrl(h);
    expect(dmsTo(ALICE.id).filter((c) => String(c.args.text).includes('could not post'))).toHaveLength(0);
  });
});

describe('invalid submissions come back as inline errors and create nothing', () => {
  const cases: Array<[string, Record<string, string | string[]>, (values: Record<string, Record<string, Record<string, unknown>>>) => void, string, string]> = [
    ['a time in the past', { 'date/value': '2026-11-23', 'time/value': '09:00' }, () => {}, 'time', 'in the past'],
    ['a topic over 200 characters (past the client\'s max_length)', {}, (values) => {
      values.topic!.value!.value = 'x'.repeat(201);
    }, 'topic', '200'],
    ['a weekly series of 1', { 'recurrence/value': '1' }, () => {}, 'recurrence', '2 to 50'],
    ['a weekly series of 51', { 'recurrence/value': '51' }, () => {}, 'recurrence', '2 to 50'],
  ];
  it.each(cases)('%s', async (_case, answers, mutate, blockId, words) => {
    h = await startHarness();
    await h.connect();
    const { view } = await openForm('new');
    const ack = await submit(h, view, { 'topic/value': 'Design review', 'channel/value': GENERAL.id, ...answers }, { userId: ALICE.id, mutate });
    expect(ack.status).toBe(200);
    const body = ack.body as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual([blockId]);
    expect(body.errors[blockId]).toContain(words);
    // Every error names a block that exists in the form, or Slack would reject the answer.
    expect(view.blocks.map((b) => b.block_id)).toContain(blockId);
    expect(createRequests()).toHaveLength(0);
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === GENERAL.id)).toHaveLength(0);
  });

  it('marks every bad field at once', async () => {
    h = await startHarness();
    await h.connect();
    const { view } = await openForm('new');
    const ack = await submit(h, view, { 'date/value': '2026-11-22', 'time/value': '10:00', 'recurrence/value': '51' }, {
      userId: ALICE.id,
      mutate: (values) => {
        values.topic!.value!.value = 'y'.repeat(250);
      },
    });
    expect((ack.body as { errors: Record<string, string> }).errors).toEqual({ topic: expect.stringContaining('200'), time: expect.stringContaining('past'), recurrence: expect.stringContaining('50') });
    expect(createRequests()).toHaveLength(0);
  });

  it('a time the clocks skip (spring forward) is refused with the reason', async () => {
    h = await startHarness();
    await h.connect();
    const { view } = await openForm('new');
    const ack = await submit(h, view, { 'topic/value': 'Brunch', 'date/value': '2027-03-14', 'time/value': '02:30', 'channel/value': GENERAL.id }, { userId: ALICE.id });
    const errors = (ack.body as { errors: Record<string, string> }).errors;
    expect(errors.time).toContain('does not exist');
    expect(createRequests()).toHaveLength(0);
  });
});

describe('a failure after the modal closed is told by DM, in plain words', () => {
  it.each([
    ['Zoom refuses', { status: 400, body: { code: 3000, message: 'Cannot create meetings for this user.' } }, 'Zoom refused the request: Cannot create meetings for this user.'],
    ['Zoom is down (a 503 may hide a create: it is looked for first)', { status: 503, body: { code: 503, message: 'Service Unavailable' } }, 'I am checking with Zoom'],
  ])('%s', async (_case, reply, words) => {
    h = await startHarness();
    await h.connect();
    const { view } = await openForm('new');
    h.zoom.failNext('createMeeting', reply);
    const ack = await submit(h, view, { 'topic/value': 'Design review', 'date/value': '2026-11-24', 'time/value': '15:00', 'channel/value': GENERAL.id }, { userId: ALICE.id });
    expect(ack.text).toBe('');
    const dm = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === DM(ALICE.id) && String(c.args.text).includes(words));
    expect(dm.ok).toBe(true);
    expect(h.zoom.createdMeetings).toHaveLength(0);
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === GENERAL.id)).toHaveLength(0);
  });

  it('a Home tab that cannot be refreshed is not reported as a failed meeting', async () => {
    h = await startHarness();
    await h.connect();
    const { view } = await openForm('new');
    await h.slack.waitForCall('views.publish', (c) => c.args.user_id === ALICE.id);
    h.slack.failNext('views.publish', { error: 'internal_error' });
    await submit(h, view, { 'topic/value': 'Design review', 'date/value': '2026-11-24', 'time/value': '15:00', 'channel/value': GENERAL.id }, { userId: ALICE.id });
    await h.slack.waitForCall('chat.postEphemeral', (c) => c.args.user === ALICE.id);
    await h.slack.waitForCall('views.publish', (c) => !c.ok);
    // A restart waits for the work already acknowledged: after it, any warning DM would have been sent.
    await h.restart();
    // Whatever went wrong with the Home tab, the meeting exists: no warning DM says otherwise.
    expect(dmsTo(ALICE.id).filter((c) => String(c.args.text).includes(':warning:'))).toHaveLength(0);
    expect(h.zoom.createdMeetings).toHaveLength(1);
  });
});

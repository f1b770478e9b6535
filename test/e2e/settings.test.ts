import { afterEach, describe, expect, it } from 'vitest';
import type { FakeView } from '../fakes/fakeSlack.js';
import { POLL } from '../support/expectations.js';
import { startHarness, type Harness } from '../support/harness.js';
import { STORE_KINDS } from '../support/storage.js';
import { ALICE, BOB, TEAM } from '../support/world.js';
import { button, inputElement, openedViewId, viewsOpenFor, triggerOf } from '../slack/support/flows.js';

/** `/zoom settings` and the Home tab's Settings section: per-user defaults, kept in the store. */

let h: Harness;
afterEach(async () => {
  h.slack.assertNoViolations();
  await h.close();
});

type Obj = Record<string, unknown>;
const lastSeq = () => h.slack.calls.at(-1)?.seq ?? 0;

async function openSettings(userId: string = ALICE.id): Promise<FakeView> {
  const ack = await h.command('settings', { userId });
  expect(ack.status).toBe(200);
  const open = await viewsOpenFor(h, triggerOf(ack));
  const view = h.slack.view(openedViewId(open));
  if (!view) throw new Error('settings modal vanished');
  expect(view.callback_id).toBe('settings_modal');
  return view;
}

const selected = (view: FakeView, blockId: string) => (inputElement(view, blockId)?.initial_option as Obj | undefined)?.value;

async function openHome(userId: string = ALICE.id) {
  const after = lastSeq();
  await h.app.sender.event({ type: 'app_home_opened', user: userId, channel: `D${userId}`, tab: 'home' }, { teamId: TEAM.id, botUserId: TEAM.botUserId });
  return h.slack.waitForCall('views.publish', (c) => c.seq > after && c.args.user_id === userId);
}

describe.each(STORE_KINDS)('settings (%s)', (store) => {
  it('defaults, then saved per user and shown again in the form and on the Home tab, across a restart', async () => {
    h = await startHarness({ store });
    const first = await openSettings();
    expect(selected(first, 'reminder')).toBe('10');
    expect(selected(first, 'default_duration')).toBe('30');
    expect(selected(first, 'recording')).toBe('thread');
    expect(selected(first, 'summary')).toBe('thread');
    expect(inputElement(first, 'recording_passcode')?.initial_options).toBeUndefined();

    const after = lastSeq();
    const answer = await h.app.sender.viewSubmission({
      teamId: TEAM.id,
      userId: ALICE.id,
      view: first,
      answers: { 'reminder/value': '15', 'default_duration/value': '45', 'recording/value': 'dm', 'recording_passcode/value': ['include'], 'summary/value': 'off' },
    });
    expect(answer.status).toBe(200);
    const published = await h.slack.waitForCall('views.publish', (c) => c.seq > after && c.args.user_id === ALICE.id);
    const home = JSON.stringify(published.args.view);
    expect(home).toContain('15 min before');
    expect(home).toContain('45 min');
    expect(home).toContain('To me by DM, with its passcode');

    await h.restart();
    const again = await openSettings();
    expect(selected(again, 'reminder')).toBe('15');
    expect(selected(again, 'default_duration')).toBe('45');
    expect(selected(again, 'recording')).toBe('dm');
    expect(selected(again, 'summary')).toBe('off');
    expect(inputElement(again, 'recording_passcode')?.initial_options).toHaveLength(1);
    // Bob's are his own.
    expect(selected(await openSettings(BOB.id), 'reminder')).toBe('10');

    // The Home tab's button opens the same form.
    const homeView = (await openHome()).args.view as { blocks: unknown };
    expect(button(homeView.blocks, 'home_settings')).toBeDefined();
    const view = h.slack.lastView({ type: 'home', userId: ALICE.id })!;
    const click = await h.app.sender.blockAction({ teamId: TEAM.id, userId: ALICE.id, view, actions: { action_id: 'home_settings' } });
    const fromHome = h.slack.view(openedViewId(await viewsOpenFor(h, triggerOf(click))))!;
    expect(selected(fromHome, 'reminder')).toBe('15');
  });

  it('new meetings start from the settings: the length `/zoom new` uses and the form\'s preselected reminder and length', async () => {
    h = await startHarness({ store });
    await h.connect();
    const view = await openSettings();
    await h.app.sender.viewSubmission({ teamId: TEAM.id, userId: ALICE.id, view, answers: { 'reminder/value': '5', 'default_duration/value': '45' } });
    await expect.poll(() => h.app.storage.userSettings.get(TEAM.id, ALICE.id), POLL).toMatchObject({ reminderMinutes: 5, defaultDurationMinutes: 45 });

    await h.command('new Sync tomorrow 3pm');
    await h.slack.waitForCall('chat.postMessage', (c) => JSON.stringify(c.args.blocks ?? '').includes('Sync'));
    expect(h.zoom.createdMeetings[0]).toMatchObject({ topic: 'Sync', duration: 45 });
    // A length typed in the command still wins.
    await h.command('new Retro tomorrow 4pm 15m');
    await h.slack.waitForCall('chat.postMessage', (c) => JSON.stringify(c.args.blocks ?? '').includes('Retro'));
    expect(h.zoom.createdMeetings[1]).toMatchObject({ topic: 'Retro', duration: 15 });

    const ack = await h.command('new');
    const form = h.slack.view(openedViewId(await viewsOpenFor(h, triggerOf(ack))))!;
    await h.slack.waitForCall('views.update', (c) => (c.args.view as Obj).callback_id === 'schedule_meeting_modal');
    const filled = h.slack.view(form.id)!;
    expect(selected(filled, 'reminder')).toBe('5');
    expect(selected(filled, 'duration')).toBe('45');
  });

  it('an uninstall forgets the workspace\'s settings', async () => {
    h = await startHarness({ store });
    const view = await openSettings();
    await h.app.sender.viewSubmission({ teamId: TEAM.id, userId: ALICE.id, view, answers: { 'reminder/value': '30' } });
    await expect.poll(() => h.app.storage.userSettings.get(TEAM.id, ALICE.id), POLL).toMatchObject({ reminderMinutes: 30 });
    await h.app.sender.event({ type: 'app_uninstalled' }, { teamId: TEAM.id, botUserId: TEAM.botUserId });
    await expect.poll(() => h.app.storage.userSettings.get(TEAM.id, ALICE.id), POLL).toBeUndefined();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { FakeView, RecordedCall } from '../fakes/fakeSlack.js';
import { followAuthorizeLink, startHarness, type Harness } from '../support/harness.js';
import { ALICE, GENERAL, TEAM } from '../support/world.js';
import { actionIds, button, inputElement, modalFromTrigger, expectInSlackTime, seedZoomMeeting, submit, triggerOf } from '../slack/support/flows.js';

let h: Harness;
afterEach(async () => {
  h.slack.assertNoViolations();
  await h.close();
});

const lastSeq = (): number => h.slack.calls.at(-1)?.seq ?? 0;

/** Alice opens the app's Home tab; resolves with the views.publish it caused. */
async function openHome(tab: 'home' | 'messages' = 'home'): Promise<RecordedCall> {
  const after = lastSeq();
  const ack = await h.app.sender.event({ type: 'app_home_opened', user: ALICE.id, channel: `D${ALICE.id}`, tab }, { teamId: TEAM.id, botUserId: TEAM.botUserId });
  expect(ack.status).toBe(200);
  return nextPublish(after);
}

function nextPublish(after: number): Promise<RecordedCall> {
  return h.slack.waitForCall('views.publish', (c) => c.seq > after && c.args.user_id === ALICE.id);
}

function homeView(): FakeView {
  const view = h.slack.lastView({ type: 'home', userId: ALICE.id });
  if (!view) throw new Error('no Home tab published');
  return view;
}

/** Connects Alice, and waits for the Home refresh that connecting causes (so later waits see only new publishes). */
async function connectAlice(): Promise<void> {
  const after = lastSeq();
  await h.connect();
  await h.slack.waitForCall('views.publish', (c) => c.seq > after && c.args.user_id === ALICE.id && JSON.stringify(c.args.view).includes('Alice Anders'));
}

function clickHome(actionId: string) {
  const view = homeView();
  return h.app.sender.blockAction({ teamId: TEAM.id, userId: ALICE.id, view, actions: { action_id: actionId } });
}

describe('the Home tab', () => {
  it('not connected: a Connect button and nothing else to do', async () => {
    h = await startHarness();
    const publish = await openHome();
    expect(publish.ok).toBe(true);
    const ids = actionIds((publish.args.view as { blocks: unknown }).blocks);
    expect(ids).toContain('home_connect');
    expect(ids).not.toContain('home_schedule');
    expect(ids).not.toContain('home_disconnect');
    // The Connect button is not a baked-in link: a state in it would expire while the tab sits there.
    expect(button((publish.args.view as { blocks: unknown }).blocks, 'home_connect')?.url).toBeUndefined();
    expect(homeView().type).toBe('home');
  });

  it('connected: the Zoom account, Schedule, the upcoming meetings and Disconnect', async () => {
    h = await startHarness();
    await connectAlice();
    const soon = await seedZoomMeeting(h, ALICE.zoomUserId, { topic: 'Budget review', startTime: Date.parse('2026-11-24T16:00:00Z') });
    const later = await seedZoomMeeting(h, ALICE.zoomUserId, { topic: 'Offsite planning', startTime: Date.parse('2026-12-01T16:00:00Z') });
    const publish = await openHome();
    const text = JSON.stringify(publish.args.view);
    expect(text).toContain('Alice Anders');
    expect(text).toContain(ALICE.email);
    expect(actionIds((publish.args.view as { blocks: unknown }).blocks)).toEqual(expect.arrayContaining(['home_schedule', 'home_disconnect']));
    expect(actionIds((publish.args.view as { blocks: unknown }).blocks)).not.toContain('home_connect');
    expect(text).toContain('Upcoming meetings');
    expect(text).toContain(soon.join_url);
    expect(text).toContain(later.join_url);
    expect(text.indexOf('Budget review')).toBeLessThan(text.indexOf('Offsite planning'));
    expect(text).toContain(`<!date^${Date.parse('2026-11-24T16:00:00Z') / 1000}^`);
  });

  it('Zoom not answering: the tab still opens and says the meetings are unavailable', async () => {
    h = await startHarness();
    await connectAlice();
    h.zoom.failNext('listMeetings', { status: 503, body: { code: 503, message: 'Service Unavailable' } });
    const publish = await openHome();
    const text = JSON.stringify(publish.args.view);
    expect(text).toContain('Alice Anders');
    expect(text).toContain('Zoom did not answer');
  });

  it('a link Zoom no longer accepts: the tab offers Connect again and says why', async () => {
    h = await startHarness();
    await connectAlice();
    h.zoom.expireAccessTokens();
    h.zoom.killRefreshTokens(ALICE.zoomUserId);
    const publish = await openHome();
    const ids = actionIds((publish.args.view as { blocks: unknown }).blocks);
    expect(ids).toContain('home_connect');
    expect(ids).not.toContain('home_disconnect');
    expect(JSON.stringify(publish.args.view)).toContain('no longer accepts');
  });

  it('opening the Messages tab publishes nothing', async () => {
    h = await startHarness();
    const ack = await h.app.sender.event({ type: 'app_home_opened', user: ALICE.id, channel: `D${ALICE.id}`, tab: 'messages' }, { teamId: TEAM.id, botUserId: TEAM.botUserId });
    expect(ack.status).toBe(200);
    // A restart waits for acknowledged work to finish.
    await h.restart();
    expect(h.slack.callsTo('views.publish')).toHaveLength(0);
  });
});

describe('Home tab buttons', () => {
  it('"Schedule a meeting" opens the form (channel chosen in it); scheduling refreshes the tab', async () => {
    h = await startHarness();
    await connectAlice();
    await openHome();
    const sentAt = Date.now();
    const ack = await clickHome('home_schedule');
    expect(ack.status).toBe(200);
    const { open, view } = await modalFromTrigger(h, triggerOf(ack));
    expectInSlackTime('home_schedule', sentAt, open, ack.ackMs);
    expect(inputElement(view, 'channel')).toMatchObject({ type: 'conversations_select', default_to_current_conversation: true });

    const after = lastSeq();
    await submit(h, view, { 'topic/value': 'Design review', 'date/value': '2026-11-24', 'time/value': '15:00', 'channel/value': GENERAL.id }, { userId: ALICE.id });
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
    const refreshed = await h.slack.waitForCall('views.publish', (c) => c.seq > after && c.args.user_id === ALICE.id);
    expect(JSON.stringify(refreshed.args.view)).toContain('Design review');
    expect(JSON.stringify(refreshed.args.view)).toContain(h.zoom.createdMeetings[0]!.join_url);
  });

  it('"Connect Zoom" opens a modal with a fresh authorize link each time; connecting refreshes the tab', async () => {
    h = await startHarness();
    await openHome();
    const links: string[] = [];
    for (let i = 0; i < 2; i++) {
      const ack = await clickHome('home_connect');
      // Opened at once with the click's trigger; the link is made after, then swapped in.
      const { view } = await modalFromTrigger(h, triggerOf(ack), 'connect_modal');
      expect(view.callback_id).toBe('connect_modal');
      const url = button(view.blocks, 'zoom_connect_open')?.url;
      expect(typeof url).toBe('string');
      links.push(String(url));
    }
    const states = links.map((link) => new URL(link).searchParams.get('state'));
    expect(states[0]).toBeTruthy();
    expect(states[0]).not.toBe(states[1]);

    const after = lastSeq();
    const page = await followAuthorizeLink(h, links[1]!, ALICE.zoomUserId);
    expect(page.status).toBe(200);
    const refreshed = await nextPublish(after);
    expect(JSON.stringify(refreshed.args.view)).toContain('Alice Anders');
    expect(actionIds((refreshed.args.view as { blocks: unknown }).blocks)).toContain('home_disconnect');
  });

  it('"Disconnect Zoom" unlinks the account, confirms by DM and refreshes the tab to Connect', async () => {
    h = await startHarness();
    await connectAlice();
    await openHome();
    const after = lastSeq();
    await clickHome('home_disconnect');
    const refreshed = await nextPublish(after);
    const ids = actionIds((refreshed.args.view as { blocks: unknown }).blocks);
    expect(ids).toContain('home_connect');
    expect(ids).not.toContain('home_disconnect');
    const dm = await h.slack.waitForCall('chat.postMessage', (c) => c.seq > after && c.args.channel === `D${ALICE.id}`);
    expect(String(dm.args.text)).toContain('Disconnected Zoom account');
    expect(await h.app.storage.grants.get(TEAM.id, ALICE.id)).toBeUndefined();
    expect(h.zoom.stats.revocations).toBe(1);
  });

  it('`/zoom disconnect` refreshes the tab too', async () => {
    h = await startHarness();
    await connectAlice();
    const after = lastSeq();
    await h.command('disconnect');
    const refreshed = await nextPublish(after);
    expect(actionIds((refreshed.args.view as { blocks: unknown }).blocks)).toContain('home_connect');
  });

  it('scheduling with `/zoom new` refreshes the tab too', async () => {
    h = await startHarness();
    await connectAlice();
    const after = lastSeq();
    await h.command('new Design review tomorrow 3pm');
    const refreshed = await h.slack.waitForCall('views.publish', (c) => c.seq > after && c.args.user_id === ALICE.id && JSON.stringify(c.args.view).includes('Design review'));
    expect(JSON.stringify(refreshed.args.view)).toContain(h.zoom.createdMeetings[0]!.join_url);
  });
});

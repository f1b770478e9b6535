import { afterEach, describe, expect, it } from 'vitest';
import { createZoomEvents, type ZoomEventBody } from '../fakes/zoomEvents.js';
import { POLL } from '../support/expectations.js';
import { connectLinkFromDm, followAuthorizeLink, startHarness, startInstance, startWorld, ZOOM_WEBHOOK_SECRET, type AppInstance, type Harness, type World } from '../support/harness.js';
import { STORE_KINDS } from '../support/storage.js';
import { ALICE, GENERAL, ZOOM_ACCOUNT_ID } from '../support/world.js';
import { button, scheduleCard, seedZoomMeeting } from '../slack/support/flows.js';

/**
 * The card through the meeting's life, driven by Zoom's events as Zoom delivers them (signed, at least once,
 * out of order) to POST /zoom/webhook: each is stored in the job queue, answered 2xx at once, then applied.
 */

let h: Harness | undefined;
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  h?.slack.assertNoViolations();
  await h?.close();
  await cleanup?.();
  h = undefined;
  cleanup = undefined;
});

const MINUTE = 60_000;
type Obj = Record<string, unknown>;

function eventsFor(world: World) {
  return createZoomEvents({ zoom: world.zoom, clock: world.clock, secretToken: ZOOM_WEBHOOK_SECRET, accountId: ZOOM_ACCOUNT_ID });
}

/** Delivers (twice: every event kind gets a duplicate) and waits until the receiving instance ran its jobs. */
async function send(world: World, app: AppInstance, event: ZoomEventBody): Promise<void> {
  const events = eventsFor(world);
  for (let i = 0; i < 2; i++) {
    const [attempt] = await events.deliver(`${app.url}/zoom/webhook`, event);
    expect(attempt).toMatchObject({ status: 200 });
    expect(attempt!.ms).toBeLessThan(1000);
    await app.jobs.runDue();
  }
}

const cardText = (world: World, ts: string) => JSON.stringify(world.slack.messages({ channel: GENERAL.id }).find((m) => m.ts === ts)?.blocks ?? '');
const threadReplies = (world: World, ts: string) => world.slack.messages({ channel: GENERAL.id }).filter((m) => m.threadTs === ts);

describe.each(STORE_KINDS)('the meeting on its card (%s)', (store) => {
  it('live with who is in, ended with its real length, then the recording and the AI summary once each', async () => {
    h = await startHarness({ store });
    await h.connect();
    const { card, meetingId } = await scheduleCard(h);
    const events = eventsFor(h);
    const uuid = '/ab//cd+ef==';

    h.clock.set(Date.parse('2026-11-24T20:02:00Z'));
    await send(h, h.app, events.started(meetingId, { uuid }));
    await expect.poll(() => cardText(h!, card.ts), POLL).toContain('Live now');
    const live = h.slack.messages({ channel: GENERAL.id }).find((m) => m.ts === card.ts)!;
    expect((live.blocks!.find((b) => b.type === 'actions') as { elements: Obj[] }).elements[0]).toMatchObject({ action_id: 'meeting_join' });

    const bea = events.joined(uuid, { name: 'Bea <b>', participantUuid: 'p-bea' });
    const guest = events.joined(uuid, { name: 'Guest', userId: '16778241' });
    await send(h, h.app, bea);
    await send(h, h.app, guest);
    h.clock.advance(MINUTE);
    // The guest leaves, re-joins under a new user_id; the leave arrives after the re-join.
    const guestLeft = events.left(guest);
    h.clock.advance(MINUTE);
    await send(h, h.app, events.joined(uuid, { name: 'Guest', userId: '16778299' }));
    await send(h, h.app, guestLeft);
    await expect.poll(() => cardText(h!, card.ts), POLL).toContain('2 in: Bea &lt;b&gt;, Guest');

    h.clock.set(Date.parse('2026-11-24T20:44:00Z'));
    await send(h, h.app, events.ended(uuid));
    await expect.poll(() => cardText(h!, card.ts), POLL).toContain('lasted 42 min');
    const ended = h.slack.messages({ channel: GENERAL.id }).find((m) => m.ts === card.ts)!;
    expect(button(ended.blocks, 'meeting_join')).toBeUndefined();
    // A late participant event of the ended instance changes nothing.
    await send(h, h.app, events.left(bea));
    expect(cardText(h, card.ts)).toContain('lasted 42 min');

    await send(h, h.app, events.recordingCompleted(uuid));
    await send(h, h.app, events.recordingCompleted(uuid)); // a retry with a fresh download token
    const share = h.zoom.instances.get(uuid)!.recording!.share_url;
    await expect.poll(() => threadReplies(h!, card.ts).filter((m) => JSON.stringify(m.blocks).includes(share)), POLL).toHaveLength(1);
    expect(JSON.stringify(threadReplies(h, card.ts))).not.toContain('Rec.Pass1');

    await send(h, h.app, events.summaryCompleted(uuid, { overview: 'We chose <Plan B>.', details: [{ label: 'Decision', summary: 'Ship Friday' }], nextSteps: ['Alice writes the note'] }));
    await expect.poll(() => threadReplies(h!, card.ts).filter((m) => JSON.stringify(m.blocks).includes('Plan B')), POLL).toHaveLength(1);
    const summary = JSON.stringify(threadReplies(h, card.ts).find((m) => JSON.stringify(m.blocks).includes('Plan B'))!.blocks);
    expect(summary).toContain('We chose &lt;Plan B&gt;.');
    expect(summary).toContain('Alice writes the note');
    // The summary was read by the instance's uuid, encoded twice (it starts with "/" and has "//").
    expect(h.zoom.requests.filter((r) => r.route === 'getMeetingSummary' && r.status === 200)).toHaveLength(1);

    // A restart (same id, new uuid) is live again.
    h.clock.advance(10 * MINUTE);
    await send(h, h.app, events.started(meetingId));
    await expect.poll(() => cardText(h!, card.ts), POLL).toContain('Live now');
  });

  it('events of meetings we did not post are answered 2xx and change nothing', async () => {
    h = await startHarness({ store });
    const events = eventsFor(h);
    const seeded = await seedZoomMeeting(h, ALICE.zoomUserId, { topic: 'Elsewhere', startTime: h.clock.now() + 60 * MINUTE });
    const before = h.slack.calls.length;
    await send(h, h.app, events.started(seeded.id));
    expect(h.slack.calls.length).toBe(before);
  });
});

describe('two instances sharing PostgreSQL: each event goes to the other instance', () => {
  it('a change made in Zoom shows on the card and moves the reminder; deleted in Zoom: cancelled, reminder gone', async () => {
    const world = await startWorld({ store: 'postgres' });
    const a = await startInstance(world);
    const b = await startInstance(world);
    cleanup = async () => {
      world.slack.assertNoViolations();
      await a.stop();
      await b.stop();
      await world.close();
    };
    const fake = { ...world, app: a, command: (text: string) => a.sender.slashCommand({ teamId: 'T0ACME', userId: ALICE.id, channelId: GENERAL.id, text }) } as unknown as Harness;
    const before = world.slack.calls.at(-1)?.seq ?? 0;
    await fake.command('connect');
    const link = await connectLinkFromDm(world.slack, ALICE.id, before);
    await followAuthorizeLink(world, link, ALICE.zoomUserId);
    await world.slack.waitForCall('chat.postMessage', (c) => c.args.channel === `D${ALICE.id}` && String(c.args.text).includes('is connected'));
    const { card, meetingId } = await scheduleCard(fake);
    await expect.poll(() => world.slack.scheduledMessages({ state: 'waiting' }), POLL).toHaveLength(1);

    const events = eventsFor(world);
    await send(world, b, events.updated(meetingId, { start_time: '2026-11-24T22:00:00Z', topic: 'Design review (moved)' }));
    await expect.poll(() => cardText(world, card.ts), POLL).toContain('Design review (moved)');
    expect(cardText(world, card.ts)).toContain(`<!date^${Date.parse('2026-11-24T22:00:00Z') / 1000}^`);
    await expect.poll(() => world.slack.scheduledMessages({ state: 'waiting' }).map((m) => m.postAt), POLL).toEqual([(Date.parse('2026-11-24T22:00:00Z') - 10 * MINUTE) / 1000]);

    await send(world, a, events.deleted(meetingId));
    await expect.poll(() => cardText(world, card.ts), POLL).toContain('was cancelled in Zoom');
    await expect.poll(() => world.slack.scheduledMessages({ state: 'waiting' }), POLL).toHaveLength(0);
  });
});

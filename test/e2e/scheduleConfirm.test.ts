import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedResponse } from '../fakes/fakeSlack.js';
import { startHarness, startInstance, type AppInstance, type Harness } from '../support/harness.js';
import { STORE_KINDS } from '../support/storage.js';
import { modalFromTrigger, inputElement, triggerOf } from '../slack/support/flows.js';
import { ALICE, BOB, GENERAL, TEAM } from '../support/world.js';

/**
 * `/zoom new` with a start it is not sure of: nothing is created or posted; the user is asked
 * privately, and Schedule creates exactly the start it shows, once, whoever answers the click.
 */

let h: Harness;
let extra: AppInstance | undefined;
afterEach(async () => {
  h.slack.assertNoViolations();
  await extra?.stop();
  extra = undefined;
  await h.close();
});

const SCHEDULE = 'schedule_confirmed';
const CHANGE = 'schedule_change';

function channelPosts() {
  return h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === GENERAL.id);
}

/** The private question under the command; its blocks and the stored request's id. */
async function question(): Promise<{ response: RecordedResponse; blocks: unknown[]; id: string }> {
  const response = await h.slack.waitForResponse((r) => r.body.response_type === 'ephemeral' && JSON.stringify(r.body).includes(SCHEDULE));
  const blocks = response.body.blocks as unknown[];
  const id = JSON.stringify(blocks).match(/"value":"([0-9a-f-]{36})"/)?.[1];
  if (!id) throw new Error('no request id on the buttons');
  return { response, blocks, id };
}

/** A click on the question's button must find nothing left to take. */
async function expectGone(instance: AppInstance, blocks: unknown[], userId: string = ALICE.id, meetings = 1): Promise<void> {
  await click(instance, blocks, SCHEDULE, userId);
  await h.slack.waitForResponse((r) => JSON.stringify(r.body).includes('already scheduled'));
  expect(h.zoom.createdMeetings).toHaveLength(meetings);
}

function click(instance: AppInstance, blocks: unknown[], actionId: string, userId: string = ALICE.id) {
  return instance.sender.blockAction({
    teamId: TEAM.id,
    userId,
    channelId: GENERAL.id,
    isEphemeral: true,
    message: { ts: '1763900000.000100', blocks },
    actions: { action_id: actionId },
  });
}

describe.each(STORE_KINDS)('a doubtful start is asked, not guessed (%s store)', (store) => {
  it('creates nothing, shows what it understood; a double click on Schedule creates one meeting at exactly that start', async () => {
    h = await startHarness({ store });
    await h.connect();
    // "at 4" without am/pm: asked, offered as 4 PM. Now is Mon 2026-11-23 10:00 in New York.
    await h.command('new Weekly sync tomorrow at 4 45m');
    const { blocks } = await question();
    const shown = JSON.stringify(blocks);
    expect(shown).toContain('Schedule for Tue, Nov 24, 4:00 PM');
    expect(shown).toContain('Change…');
    expect(shown).toContain('New York time');
    expect(shown).toContain('4 AM or 4 PM');
    expect(h.zoom.createdMeetings).toHaveLength(0);
    expect(channelPosts()).toHaveLength(0);

    const [first, second] = await Promise.all([click(h.app, blocks, SCHEDULE), click(h.app, blocks, SCHEDULE)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(Math.max(first.ackMs, second.ackMs)).toBeLessThan(3000);
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
    await h.slack.waitForResponse((r) => JSON.stringify(r.body).includes('already scheduled'));
    expect(h.zoom.createdMeetings).toHaveLength(1);
    expect(h.zoom.createdMeetings[0]).toMatchObject({ topic: 'Weekly sync', start_time: '2026-11-24T21:00:00Z', duration: 45, timezone: ALICE.tz });
    expect(channelPosts()).toHaveLength(1);
  });

  it('a click after a restart still creates it, once', async () => {
    h = await startHarness({ store });
    await h.connect();
    await h.command('new Weekly sync 10 tomorrow 3pm');
    const { blocks } = await question();
    expect(JSON.stringify(blocks)).toContain('Schedule for Tue, Nov 24, 3:00 PM');
    await h.restart();
    await click(h.app, blocks, SCHEDULE);
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
    expect(h.zoom.createdMeetings.map((m) => [m.topic, m.start_time])).toEqual([['Weekly sync 10', '2026-11-24T20:00:00Z']]);
    await expectGone(h.app, blocks);
  });

  it('Change… opens the form within 3 s, filled in with the topic, date, time and length', async () => {
    h = await startHarness({ store });
    await h.connect();
    await h.command('new Retro tomorrow at 4 45m');
    const { blocks } = await question();
    const ack = await click(h.app, blocks, CHANGE);
    expect(ack.status).toBe(200);
    const { view } = await modalFromTrigger(h, triggerOf(ack));
    const shown = JSON.stringify(view.blocks);
    expect(shown).toContain('Retro');
    expect(shown).toContain('2026-11-24');
    expect(shown).toContain('16:00');
    expect(shown).toContain('45');
    expect(inputElement(view, 'topic')).toBeDefined();
    // The form took the request: Schedule no longer creates it.
    await expectGone(h.app, blocks, ALICE.id, 0);
  });

  it('another user cannot take the request with its id', async () => {
    h = await startHarness({ store });
    await h.connect();
    await h.connect(BOB.id, BOB.zoomUserId);
    await h.command('new Weekly sync tomorrow at 4');
    const { blocks } = await question();
    await expectGone(h.app, blocks, BOB.id, 0);
  });
});

describe('a doubtful start, two instances sharing PostgreSQL', () => {
  it('clicks on both instances at once create one meeting', async () => {
    h = await startHarness({ store: 'postgres' });
    await h.connect();
    extra = await startInstance(h);
    await h.command('new Weekly sync tomorrow at 4');
    const { blocks } = await question();
    await Promise.all([click(h.app, blocks, SCHEDULE), click(extra, blocks, SCHEDULE)]);
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
    await h.slack.waitForResponse((r) => JSON.stringify(r.body).includes('already scheduled'));
    expect(h.zoom.createdMeetings).toHaveLength(1);
    expect(channelPosts()).toHaveLength(1);
  });
});

describe('a certain start is created at once, and the private answer names it in the user\'s zone', () => {
  it.each([
    [ALICE, 'new Design review a quarter past 3pm tomorrow', '2026-11-24T20:15:00Z', 'Tue, Nov 24, 3:15 PM (New York time)'],
    [BOB, 'new Sprint review day after tomorrow 5pm', '2026-11-25T11:30:00Z', 'Wed, Nov 25, 5:00 PM (Kolkata time)'],
  ])('%#: %s', async (who, text, start, named) => {
    h = await startHarness();
    await h.connect(who.id, who.zoomUserId);
    await h.command(text, { userId: who.id });
    const ephemeral = await h.slack.waitForCall('chat.postEphemeral', (c) => c.args.user === who.id);
    expect(h.zoom.createdMeetings[0]?.start_time).toBe(start);
    expect(JSON.stringify(ephemeral.args)).toContain(named);
  });

  it('"tomorrow 25pm" names what is wrong', async () => {
    h = await startHarness();
    await h.connect();
    await h.command('new Sync tomorrow 25pm');
    const answer = await h.slack.waitForResponse((r) => r.body.response_type === 'ephemeral');
    expect(JSON.stringify(answer.body)).toContain('\\"25pm\\" is not a time of day');
    expect(h.zoom.createdMeetings).toHaveLength(0);
  });
});

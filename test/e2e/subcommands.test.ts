import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedResponse } from '../fakes/fakeSlack.js';
import { startHarness, type Harness } from '../support/harness.js';
import { ALICE, GENERAL, TEAM } from '../support/world.js';
import { button, seedZoomMeeting } from '../slack/support/flows.js';

let h: Harness;
afterEach(async () => {
  h.slack.assertNoViolations();
  await h.close();
});

type Blocks = Array<{ type: string; text?: { text: string }; elements?: Array<Record<string, unknown>> }>;
const blocksOf = (r: RecordedResponse | { body: unknown }): Blocks => ((r.body as { blocks?: Blocks }).blocks ?? []);
const textOf = (r: { body: unknown }): string => JSON.stringify(r.body);
/** Blocks as Slack renders them back in payloads: every block gets a block_id. */
const rendered = (blocks: Blocks): Blocks => blocks.map((b, i) => ({ block_id: `b${i}`, ...b }));

describe('instant meetings', () => {
  it.each([
    ['`/zoom` alone', '', `${ALICE.id.toLowerCase()}'s Zoom meeting`],
    ['`/zoom now Quick sync`', 'now Quick sync', 'Quick sync'],
  ])('%s starts a meeting now (type 1) and posts it to the channel at once', async (_case, text, topic) => {
    h = await startHarness();
    await h.connect();
    const ack = await h.command(text);
    expect(ack.status).toBe(200);
    expect(ack.text).toBe('');
    const post = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
    const [meeting] = h.zoom.createdMeetings;
    expect(meeting).toMatchObject({ type: 1, topic, host_id: ALICE.zoomUserId });
    const card = JSON.stringify(post.args.blocks);
    expect(card).toContain('Starting now');
    expect(card).toContain(meeting!.join_url);
    expect(card).not.toContain(meeting!.start_url);
    // Nothing to reschedule: no Edit button on an instant meeting's card.
    expect(button(post.args.blocks, 'meeting_edit')).toBeUndefined();
    const ephemeral = await h.slack.waitForCall('chat.postEphemeral', (c) => c.args.user === ALICE.id);
    expect(JSON.stringify(ephemeral.args)).toContain(meeting!.start_url);
    expect(h.slack.callsTo('views.open')).toHaveLength(0);
  });

  it('not connected: a private connect button, no meeting', async () => {
    h = await startHarness();
    await h.command('now Quick sync');
    const answer = await h.slack.waitForResponse((r) => r.body.response_type === 'ephemeral');
    expect(textOf(answer)).toContain('zoom_connect_open');
    expect(h.zoom.createdMeetings).toHaveLength(0);
  });
});

describe('/zoom list', () => {
  it('lists upcoming meetings privately, 10 at a time, and "More" pages on through Zoom\'s next_page_token', async () => {
    h = await startHarness();
    await h.connect();
    const start = Date.parse('2026-11-24T14:00:00Z');
    const seeded = [];
    for (let i = 1; i <= 12; i++) seeded.push(await seedZoomMeeting(h, ALICE.zoomUserId, { topic: `Meeting ${String(i).padStart(2, '0')}`, startTime: start + i * 3600_000 }));
    // One that is over already is not upcoming.
    await seedZoomMeeting(h, ALICE.zoomUserId, { topic: 'Yesterday', startTime: Date.parse('2026-11-22T14:00:00Z') });

    await h.command('list');
    const first = await h.slack.waitForResponse((r) => r.body.response_type === 'ephemeral');
    const firstText = textOf(first);
    for (const m of seeded.slice(0, 10)) expect(firstText).toContain(m.join_url);
    expect(firstText).not.toContain(seeded[10]!.join_url);
    expect(firstText).not.toContain('Yesterday');
    // Times render in the reader's own zone.
    expect(firstText).toContain(`<!date^${(start + 3600_000) / 1000}^`);
    // Private: nothing in the channel.
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === GENERAL.id)).toHaveLength(0);
    const more = button(blocksOf(first), 'meeting_list_more');
    expect(more).toBeDefined();

    // "More", clicked on the ephemeral list.
    const before = h.slack.responses.length;
    const ack = await h.app.sender.blockAction({
      teamId: TEAM.id,
      userId: ALICE.id,
      channelId: GENERAL.id,
      isEphemeral: true,
      message: { ts: '1795446000.000100', blocks: rendered(blocksOf(first)) },
      actions: { action_id: 'meeting_list_more' },
    });
    expect(ack.status).toBe(200);
    const second = await h.slack.waitForResponse((r) => r.seq > (h.slack.responses[before - 1]?.seq ?? 0));
    expect(second.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    const secondText = textOf(second);
    expect(secondText).toContain('page 2');
    expect(secondText).toContain(seeded[10]!.join_url);
    expect(secondText).toContain(seeded[11]!.join_url);
    expect(secondText).not.toContain(seeded[0]!.join_url);
    expect(button(blocksOf(second), 'meeting_list_more')).toBeUndefined();
  });

  it('says so when there is nothing upcoming', async () => {
    h = await startHarness();
    await h.connect();
    await h.command('list');
    const answer = await h.slack.waitForResponse((r) => r.body.response_type === 'ephemeral');
    expect(textOf(answer)).toContain('no upcoming Zoom meetings');
    expect(button(blocksOf(answer), 'meeting_list_more')).toBeUndefined();
  });

  it('not connected: the connect button', async () => {
    h = await startHarness();
    await h.command('list');
    const answer = await h.slack.waitForResponse((r) => r.body.response_type === 'ephemeral');
    expect(textOf(answer)).toContain('zoom_connect_open');
  });
});

describe('/zoom help and unknown subcommands', () => {
  it('`/zoom help` lists every subcommand with what it does and examples, privately', async () => {
    h = await startHarness();
    const ack = await h.command('help');
    expect(ack.status).toBe(200);
    const body = ack.body as { response_type: string; text: string; blocks: Blocks };
    expect(body.response_type).toBe('ephemeral');
    const all = JSON.stringify(body.blocks);
    for (const sub of ['new', 'now', 'list', 'connect', 'status', 'disconnect', 'help']) expect(all).toContain(`/zoom ${sub}`);
    expect(all).toContain('/zoom new Design review tomorrow 3pm 45m');
    expect(all).toContain('/zoom now Quick sync');
    // Every subcommand shows at least one example.
    const sections = body.blocks.filter((b) => b.type === 'section' && b.text?.text.startsWith('*`/zoom'));
    expect(sections.length).toBeGreaterThanOrEqual(7);
    for (const section of sections) expect(section.text!.text).toMatch(/\n> `\/zoom/);
    expect(all).not.toContain("I don't know");
  });

  it('`/zoom frobnicate` says it is unknown first, then the help', async () => {
    h = await startHarness();
    const ack = await h.command('frobnicate now please');
    const body = ack.body as { response_type: string; text: string; blocks: Blocks };
    expect(body.response_type).toBe('ephemeral');
    expect(body.blocks[0]!.text!.text).toContain('`/zoom frobnicate`');
    expect(body.blocks[0]!.text!.text).toMatch(/don't know/);
    expect(body.text.startsWith('Unknown subcommand "frobnicate"')).toBe(true);
    expect(JSON.stringify(body.blocks.slice(1))).toContain('/zoom new');
    expect(h.zoom.createdMeetings).toHaveLength(0);
  });

  it('subcommands are case-insensitive', async () => {
    h = await startHarness();
    const ack = await h.command('HELP');
    expect(JSON.stringify(ack.body)).not.toContain("I don't know");
  });
});

describe('/zoom status', () => {
  it('connected: names the linked Zoom account', async () => {
    h = await startHarness();
    await h.connect();
    await h.command('status');
    const answer = await h.slack.waitForResponse((r) => r.body.response_type === 'ephemeral');
    expect(textOf(answer)).toContain('Alice Anders');
    expect(textOf(answer)).toContain(ALICE.email);
    expect(textOf(answer)).not.toContain('zoom_connect_open');
  });

  it('not connected: says so, with a connect button', async () => {
    h = await startHarness();
    await h.command('status');
    const answer = await h.slack.waitForResponse((r) => r.body.response_type === 'ephemeral');
    expect(textOf(answer)).toContain('not connected');
    expect(textOf(answer)).toContain(`${h.zoom.oauthUrl}/oauth/authorize`);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeMeeting } from '../fakes/fakeZoom.js';
import { renderedMarkup } from '../fakes/slackMarkup.js';
import { asSlackSendsIt, SLACK_ENTITIES, SLACK_ENTITY, TYPED } from '../fixtures/hostileText.js';
import { startHarness, type Harness } from '../support/harness.js';
import { STORE_KINDS } from '../support/storage.js';
import { ALICE, BOB, CAROL, GENERAL, TEAM } from '../support/world.js';
import { clickOnCard, EDIT_CALLBACK, inputElement, modalFromTrigger, submit, triggerOf } from '../slack/support/flows.js';

/**
 * Nothing a user types can ping, mention or link: hostile topics and agendas (test/fixtures/hostileText.ts)
 * go through every way in (inline `/zoom new` and `/zoom now`, the form, the message shortcut, edit and
 * cancel of the card). Zoom gets the text as typed; every field Slack parses (blocks, top-level text,
 * ephemeral and DM replies, views) renders only the mentions and links the app adds.
 */

let h: Harness;

/** One connected app per group of cases (each case its own test, so a failure names its text). */
function withConnectedApp(store: (typeof STORE_KINDS)[number]): void {
  beforeAll(async () => {
    h = await startHarness({ store });
    await h.connect();
  });
  afterAll(async () => {
    h.slack.assertNoViolations();
    await h.close();
  });
}

const lastSeq = (): number => Math.max(h.slack.calls.at(-1)?.seq ?? 0, h.slack.responses.at(-1)?.seq ?? 0);
const meetingUrls = (): string[] => h.zoom.createdMeetings.flatMap((m) => [m.join_url, m.start_url]);

/** Everything rendered after `since`: the host and the invitees the user chose are the only mentions; Zoom's links the only links. */
function expectOnlyAppMarkup(since: number, invitees: readonly string[] = []): void {
  const rendered = h.slack.rendered(since);
  expect(rendered.length).toBeGreaterThan(0);
  for (const { where, markup } of rendered) {
    expect(markup.broadcasts, where).toEqual([]);
    expect(markup.groups, where).toEqual([]);
    expect(markup.channels.filter((id) => id !== GENERAL.id), where).toEqual([]);
    expect(markup.users.filter((id) => id !== ALICE.id && !invitees.includes(id)), where).toEqual([]);
    expect(markup.links.map((l) => l.url).filter((url) => !meetingUrls().includes(url)), where).toEqual([]);
  }
}

/** The words a reader sees in a mrkdwn text (the three escapes undone). */
const shown = (mrkdwn: unknown): string => String(mrkdwn).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The card posted (or updated) for a meeting: its blocks and top-level text show the topic as typed. */
function expectCardShows(ts: string, topic: string): void {
  const card = h.slack.messages({ channel: GENERAL.id }).find((m) => m.ts === ts);
  expect(card).toBeDefined();
  expect(shown(JSON.parse(JSON.stringify(card!.blocks)).map((b: { text?: { text?: string } }) => b.text?.text ?? '').join('\n'))).toContain(topic);
  expect(shown(card!.text)).toContain(topic);
}

/** Waits for the card of the next meeting after `since` (and the host's start link) and returns both. */
async function nextCard(since: number): Promise<{ ts: string; meeting: FakeMeeting }> {
  const post = await h.slack.waitForCall('chat.postMessage', (c) => c.seq > since && c.args.channel === GENERAL.id);
  await h.slack.waitForCall('chat.postEphemeral', (c) => c.seq > since && c.args.user === ALICE.id);
  return { ts: String(post.response.ts), meeting: h.zoom.createdMeetings.at(-1)! };
}

describe.each(STORE_KINDS)('hostile text through every way in (%s store)', (store) => {
  describe('inline /zoom new and /zoom now', () => {
    withConnectedApp(store);

    it.each(TYPED)('typed literally, reaches Zoom as typed and Slack only as words: %s', async (typed) => {
      for (const command of [`new ${asSlackSendsIt(typed)} tomorrow 3pm`, `now ${asSlackSendsIt(typed)}`]) {
        const since = lastSeq();
        await h.command(command);
        const { ts, meeting } = await nextCard(since);
        expect(meeting.topic, command).toBe(typed);
        expectCardShows(ts, typed);
        expectOnlyAppMarkup(since);
      }
    });

    it.each(SLACK_ENTITIES)("Slack's entities: mentions become invitees, the rest their words, none reaches Zoom: $sent", async ({ sent, topic, invitees = [] }) => {
      const since = lastSeq();
      await h.command(`new ${sent} tomorrow 3pm`);
      const { ts, meeting } = await nextCard(since);
      expect(meeting.topic).toBe(topic);
      expect(meeting.topic).not.toMatch(SLACK_ENTITY);
      expectCardShows(ts, topic);
      const card = h.slack.messages({ channel: GENERAL.id }).find((m) => m.ts === ts)!;
      for (const id of invitees) expect(JSON.stringify(card.blocks)).toContain(`<@${id}>`);
      expectOnlyAppMarkup(since, invitees);
    });

    it('a mention of the host is not an invitation; unknown users keep their id as words', async () => {
      const since = lastSeq();
      await h.command(`new Review with <@${ALICE.id}>, <@${CAROL.id}> and <@U999> tomorrow 3pm`);
      const { ts, meeting } = await nextCard(since);
      expect(meeting.topic).toBe('Review with @alice, @carol and @U999');
      const card = h.slack.messages({ channel: GENERAL.id }).find((m) => m.ts === ts)!;
      expect(JSON.stringify(card.blocks)).toContain(`Invited: <@${CAROL.id}> <@U999>`);
      expectOnlyAppMarkup(since, [CAROL.id, 'U999']);
    });

    it('the help that names an unknown subcommand shows it as words', async () => {
      for (const sent of ['<!channel>', asSlackSendsIt('<!here>'), '<https://evil.example|Click>', '<@U999>']) {
        const markup = renderedMarkup((await h.command(sent)).body);
        expect([...markup.broadcasts, ...markup.users, ...markup.links.map((l) => l.url)], sent).toEqual([]);
      }
      expect(JSON.stringify((await h.command('R&amp;D')).body)).toContain('/zoom r&amp;d`');
    });
  });

  describe('the form, then Edit and Cancel on its card', () => {
    withConnectedApp(store);

    it.each(TYPED.map((typed, index) => [typed, TYPED[(index + 1) % TYPED.length]!] as const))(
      'topic and agenda as typed in Zoom; words on the card, in the edit form and on the cancelled card: %s',
      async (typed, next) => {
        const since = lastSeq();
        const ack = await h.app.sender.shortcut({ teamId: TEAM.id, userId: ALICE.id, callbackId: 'schedule_meeting' });
        const { view } = await modalFromTrigger(h, triggerOf(ack));
        // Slack sends a form's text inputs as typed: not escaped, so nothing to decode.
        await submit(h, view, { 'topic/value': typed, 'agenda/value': typed, 'date/value': '2026-11-24', 'time/value': '11:00', 'channel/value': GENERAL.id }, { userId: ALICE.id });
        const { ts, meeting } = await nextCard(since);
        expect(meeting.topic).toBe(typed.trim());
        expect(meeting.agenda).toBe(typed.trim());
        expectCardShows(ts, typed.trim());
        expectOnlyAppMarkup(since);

        // Edit: the form shows the text as typed (plain_text, not escaped), and saves another hostile one.
        const card = h.slack.messages({ channel: GENERAL.id }).find((m) => m.ts === ts)!;
        const editClick = await clickOnCard(h, card, ALICE.id, 'meeting_edit');
        const { view: editView } = await modalFromTrigger(h, triggerOf(editClick), EDIT_CALLBACK);
        expect(inputElement(editView, 'topic')?.initial_value).toBe(typed.trim());
        expect(inputElement(editView, 'agenda')?.initial_value).toBe(typed.trim());
        const beforeEdit = lastSeq();
        await submit(h, editView, { 'topic/value': next, 'agenda/value': next }, { userId: ALICE.id });
        await h.slack.waitForCall('chat.update', (c) => c.seq > beforeEdit && c.args.ts === ts);
        expect(h.zoom.meeting(meeting.id)).toMatchObject({ topic: next.trim(), agenda: next.trim() });
        expectCardShows(ts, next.trim());
        expectOnlyAppMarkup(beforeEdit);

        // Cancel: the retired card still names the topic, as words.
        const edited = h.slack.messages({ channel: GENERAL.id }).find((m) => m.ts === ts)!;
        const beforeCancel = lastSeq();
        await clickOnCard(h, edited, ALICE.id, 'meeting_cancel');
        await h.slack.waitForCall('chat.update', (c) => c.seq > beforeCancel && c.args.ts === ts);
        expectCardShows(ts, next.trim());
        expectOnlyAppMarkup(beforeCancel);
      },
    );
  });

  describe('the message shortcut', () => {
    withConnectedApp(store);

    const cases = [
      ...TYPED.map((typed) => ({ sent: asSlackSendsIt(typed), topic: typed.replace(/\s+/g, ' ').trim(), invitees: [] as string[], entities: false })),
      ...SLACK_ENTITIES.map(({ sent, topic, invitees = [] }) => ({ sent, topic, invitees, entities: true })),
    ];
    it.each(cases)('the message as words in the topic, its mentions as invitees: $sent', async ({ sent, topic, invitees, entities }) => {
      const since = lastSeq();
      const messageTs = h.slack.addMessage({ teamId: TEAM.id, channel: GENERAL.id, user: BOB.id, text: sent });
      const ack = await h.app.sender.messageShortcut({ teamId: TEAM.id, userId: ALICE.id, channelId: GENERAL.id, callbackId: 'schedule_meeting_from_message', message: { ts: messageTs, text: sent, user: BOB.id } });
      const { view } = await modalFromTrigger(h, triggerOf(ack));
      expect(inputElement(view, 'topic')?.initial_value).toBe(topic);
      expect(inputElement(view, 'invitees')?.initial_users ?? []).toEqual(invitees);
      await submit(h, view, { 'date/value': '2026-11-24', 'time/value': '15:00' }, { userId: ALICE.id });
      const { ts, meeting } = await nextCard(since);
      expect(meeting.topic).toBe(topic);
      if (entities) expect(meeting.topic).not.toMatch(SLACK_ENTITY);
      expectCardShows(ts, topic);
      expectOnlyAppMarkup(since, invitees);
    });
  });
});

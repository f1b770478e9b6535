/**
 * Small helpers shared by the modal, shortcut, Home and subcommand end-to-end tests: finding the
 * modal a trigger opened, submitting it, and poking at rendered blocks.
 */
import { appendFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { FakeView, RecordedCall, StoredMessage } from '../../fakes/fakeSlack.js';
import type { SlackHttpResult } from '../../fakes/slackRequests.js';
import { fillViewState, type Answers, type StateValues } from '../../fakes/viewState.js';
import type { Harness } from '../../support/harness.js';
import { ALICE, GENERAL, TEAM } from '../../support/world.js';

type Obj = Record<string, unknown>;

export const SCHEDULE_CALLBACK = 'schedule_meeting_modal';
export const EDIT_CALLBACK = 'edit_meeting_modal';

/** The views.open made with this trigger_id (it must have succeeded: the fake refuses expired or reused triggers). */
export async function viewsOpenFor(h: Harness, triggerId: string): Promise<RecordedCall> {
  const call = await h.slack.waitForCall('views.open', (c) => c.args.trigger_id === triggerId);
  expect(call.error).toBeUndefined();
  expect(call.ok).toBe(true);
  return call;
}

export function openedViewId(call: RecordedCall): string {
  return (call.response.view as { id: string }).id;
}

/**
 * The modal a trigger opened, once the app swapped in the view with `callbackId` (the loading view
 * comes first). Returns the views.open call too, for timing.
 */
export async function modalFromTrigger(h: Harness, triggerId: string, callbackId = SCHEDULE_CALLBACK): Promise<{ open: RecordedCall; view: FakeView }> {
  const open = await viewsOpenFor(h, triggerId);
  const viewId = openedViewId(open);
  await h.slack.waitForCall('views.update', (c) => c.ok && c.args.view_id === viewId && (c.args.view as Obj).callback_id === callbackId);
  const view = h.slack.view(viewId);
  if (!view) throw new Error(`view ${viewId} vanished`);
  return { open, view };
}

/** The trigger a request carried (the sender issues one from the fake for each interaction). */
export function triggerOf(result: SlackHttpResult): string {
  return String(result.sent.trigger_id);
}

/** Submits a modal as a user who filled it in; `mutate` edits the state afterwards (to send what the client would refuse). */
export function submit(
  h: Harness,
  view: FakeView,
  answers: Answers,
  options: { userId: string; mutate?: (values: StateValues) => void; responseUrls?: Array<{ block_id: string; action_id: string; channel_id: string; response_url: string }> },
): Promise<SlackHttpResult> {
  const { values } = fillViewState(view, answers, { allowMissingRequired: options.mutate !== undefined });
  options.mutate?.(values);
  return h.app.sender.viewSubmission({ teamId: TEAM.id, userId: options.userId, view, values, responseUrls: options.responseUrls });
}

/** An input block's element, by block_id. */
export function inputElement(view: { blocks?: unknown }, blockId: string): Obj | undefined {
  const block = ((view.blocks ?? []) as Obj[]).find((b) => b.block_id === blockId);
  return block?.element as Obj | undefined;
}

/** Every action_id rendered in these blocks (buttons in actions blocks and accessories). */
export function actionIds(blocks: unknown): string[] {
  const ids: string[] = [];
  for (const block of (blocks ?? []) as Obj[]) {
    for (const el of [block.accessory, block.element, ...((block.elements as unknown[]) ?? [])] as Array<Obj | undefined>) {
      if (el && typeof el.action_id === 'string') ids.push(el.action_id);
    }
  }
  return ids;
}

/** A rendered button by action_id. */
export function button(blocks: unknown, actionId: string): Obj | undefined {
  for (const block of (blocks ?? []) as Obj[]) {
    for (const el of [block.accessory, ...((block.elements as unknown[]) ?? [])] as Array<Obj | undefined>) {
      if (el?.action_id === actionId) return el;
    }
  }
  return undefined;
}

/**
 * Slack's clock, checked: the ack came within 3 s, and the resulting API call (views.open with the request's
 * trigger_id) reached Slack within 3 s of sending, before the trigger expired. Returns the latter.
 * With VIEWS_OPEN_TIMINGS_FILE set, each measurement is appended there as a JSON line, to report.
 */
export function expectInSlackTime(label: string, sentAt: number, call: RecordedCall, ackMs: number): number {
  const ms = call.at - sentAt;
  expect(ackMs, `${label}: ack`).toBeLessThan(3000);
  expect(ms, `${label}: ${call.method} after sending`).toBeLessThan(3000);
  const file = process.env.VIEWS_OPEN_TIMINGS_FILE;
  if (file) appendFileSync(file, `${JSON.stringify({ label, viewsOpenMs: ms, ackMs: Math.round(ackMs * 10) / 10 })}\n`);
  return ms;
}

/** The UTC instant of a wall-clock date and time in a zone, computed independently of the app (Intl only). */
export function zonedInstant(date: string, time: string, zone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const naive = Date.UTC(y, m - 1, d, hh, mm);
  const offsetAt = (utc: number): number => {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(utc));
    const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - utc;
  };
  const first = naive - offsetAt(naive);
  return naive - offsetAt(first);
}

/** Seeds an upcoming meeting straight into the fake Zoom through its REST API, as another Zoom client would. */
export async function seedZoomMeeting(h: Harness, zoomUserId: string, meeting: { topic: string; startTime: number; durationMinutes?: number }): Promise<{ id: number; join_url: string }> {
  const { access_token } = h.zoom.issueUserTokens(zoomUserId);
  const response = await fetch(`${h.zoom.apiUrl}/users/me/meetings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      topic: meeting.topic,
      type: 2,
      start_time: new Date(meeting.startTime).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      duration: meeting.durationMinutes ?? 30,
      timezone: 'UTC',
    }),
  });
  if (response.status !== 201) throw new Error(`fake Zoom refused the seed meeting: ${response.status}`);
  return (await response.json()) as { id: number; join_url: string };
}

/** Alice's card for "Design review" in #general, once its post is recorded (the start link comes last). */
export async function scheduleCard(h: Harness): Promise<{ card: StoredMessage; meetingId: number }> {
  await h.command('new Design review tomorrow 3pm');
  const post = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
  await h.slack.waitForCall('chat.postEphemeral', (c) => c.args.user === ALICE.id);
  const card = h.slack.messages({ channel: GENERAL.id }).find((m) => m.ts === post.response.ts);
  if (!card) throw new Error('card not stored');
  return { card, meetingId: h.zoom.createdMeetings[0]!.id };
}

/** A click on a button of a card in #general, as Slack sends it. */
export function clickOnCard(h: Harness, card: StoredMessage, userId: string, actionId: string): Promise<SlackHttpResult> {
  return h.app.sender.blockAction({
    teamId: TEAM.id,
    userId,
    channelId: GENERAL.id,
    message: { ts: card.ts, text: card.text, blocks: card.blocks, user: card.user, botId: card.botId },
    actions: { action_id: actionId },
  });
}

import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { ALICE, GENERAL, TEAM } from '../support/world.js';

/**
 * Zoom's limits and faults through HTTP: 429 on a read is retried after Retry-After (when that is short);
 * 429 on a create is never resent; the per-user daily meeting limit is explained with its reset time; a
 * create whose outcome cannot be known is looked for first (test/e2e/lostCreates.test.ts).
 */

let h: Harness;
afterEach(async () => {
  h.slack.assertNoViolations();
  await h.close();
});

async function connectAlice(env?: Record<string, string>): Promise<void> {
  h = await startHarness({ env });
  await h.connect();
  await h.slack.waitForCall('views.publish', (c) => c.args.user_id === ALICE.id);
}

/** The next ephemeral answer after this point (sequence number) that is not the start link. */
async function privateAnswerAfter(seq: number): Promise<string> {
  const response = await h.slack.waitForResponse((r) => r.seq > seq && r.body.response_type === 'ephemeral');
  return JSON.stringify(response.body);
}

const lastSeq = () => Math.max(h.slack.calls.at(-1)?.seq ?? 0, h.slack.responses.at(-1)?.seq ?? 0);
const routeLog = (route: string, from = 0) => h.zoom.requests.slice(from).filter((r) => r.route === route);
const channelPosts = () => h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === GENERAL.id);

/** 00:00 UTC after the fake clock's now, in epoch seconds. */
const nextUtcMidnightSec = () => {
  const d = new Date(h.clock.now());
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1) / 1000;
};

describe('429 on a read (/zoom list)', () => {
  it('Retry-After: 1 is honoured: one retry, the list arrives', async () => {
    await connectAlice();
    // A meeting made in Zoom itself (not through the app, whose own work could also list meetings).
    const grant = (await h.app.storage.grants.get(TEAM.id, ALICE.id))!;
    const made = await fetch(`${h.zoom.apiUrl}/users/me/meetings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${grant.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ topic: 'Design review', type: 2, start_time: '2026-11-24T20:00:00Z', duration: 30 }),
    });
    expect(made.status).toBe(201);

    const from = h.zoom.requests.length;
    const seq = lastSeq();
    // Zoom asks for one second; the app waits that long (its cap is 3 s) and retries once.
    h.zoom.rateLimitNext('listMeetings', { retryAfter: '1' });
    await h.command('list');
    const answer = await privateAnswerAfter(seq);
    expect(answer).toContain('Design review');
    expect(answer).not.toContain(':warning:');
    const [limited, retried] = routeLog('listMeetings', from);
    expect([limited?.status, retried?.status]).toEqual([429, 200]);
    // The wait went through the app's clock (the harness's sleep moves it), not a real second.
    expect(retried!.at - limited!.at).toBe(1000);
  });

  it('a Retry-After longer than the app will wait: not retried, the user hears when to try again', async () => {
    await connectAlice();
    const from = h.zoom.requests.length;
    const seq = lastSeq();
    h.zoom.rateLimitNext('listMeetings', { retryAfter: '30' });
    await h.command('list');
    expect(await privateAnswerAfter(seq)).toContain('try again in 30 seconds');
    expect(routeLog('listMeetings', from).map((r) => r.status)).toEqual([429]);
  });
});

describe('429 on a create', () => {
  it('is never resent: one request at Zoom, no meeting, "try again in 5 seconds"', async () => {
    await connectAlice();
    const seq = lastSeq();
    h.zoom.rateLimitNext('createMeeting', { retryAfter: '5' });
    await h.command('new Design review tomorrow 3pm');
    expect(await privateAnswerAfter(seq)).toContain('try again in 5 seconds');
    expect(routeLog('createMeeting').map((r) => r.status)).toEqual([429]);
    expect(h.zoom.createdMeetings).toHaveLength(0);
    expect(channelPosts()).toHaveLength(0);
  });

  it('without Retry-After: still one request, "try again shortly"', async () => {
    await connectAlice();
    const seq = lastSeq();
    h.zoom.rateLimitNext('createMeeting');
    await h.command('new Design review tomorrow 3pm');
    expect(await privateAnswerAfter(seq)).toContain('try again shortly');
    expect(routeLog('createMeeting')).toHaveLength(1);
    expect(h.zoom.createdMeetings).toHaveLength(0);
  });
});

describe("Zoom's daily meeting limit", () => {
  it('with Zoom\'s Retry-After date: a plain message naming the limit and its reset at 00:00 UTC', async () => {
    await connectAlice();
    const seq = lastSeq();
    const reset = nextUtcMidnightSec();
    h.zoom.rateLimitNext('createMeeting', { daily: true, retryAfter: new Date(reset * 1000).toISOString().replace('.000Z', 'Z') });
    await h.command('new Design review tomorrow 3pm');
    const answer = await privateAnswerAfter(seq);
    expect(answer).toContain("limit of meetings created per day");
    expect(answer).toContain(`<!date^${reset}^`);
    expect(answer).not.toContain('try again in');
    expect(routeLog('createMeeting')).toHaveLength(1);
    expect(h.zoom.createdMeetings).toHaveLength(0);
  });

  it('without Retry-After: the reset is the next 00:00 UTC by the app clock', async () => {
    await connectAlice();
    // Far from the real date, so the system clock's midnight can never coincide with the app clock's.
    h.clock.set(Date.parse('2031-06-10T15:00:00Z'));
    const seq = lastSeq();
    h.zoom.rateLimitNext('createMeeting', { daily: true });
    await h.command('new Design review tomorrow 3pm');
    const answer = await privateAnswerAfter(seq);
    expect(answer).toContain('limit of meetings created per day');
    expect(answer).toContain(`<!date^${Date.parse('2031-06-11T00:00:00Z') / 1000}^`);
    expect(routeLog('createMeeting').filter((r) => r.status === 429)).toHaveLength(1);
  });
});

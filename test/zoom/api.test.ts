import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCreateMeetingBody, formatZoomTime } from '../../src/zoom/meetingInput.js';
import type { CreateMeetingInput } from '../../src/zoom/types.js';
import { ACCOUNT_ID, ALICE, BOB, rejection, startZoomEnv, staticAuth, type ZoomEnv } from './helpers.js';


const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('Zoom REST API against the fake', () => {
  let env: ZoomEnv;
  let aliceToken: string;
  beforeEach(async () => {
    env = await startZoomEnv();
    aliceToken = env.zoom.issueUserTokens(ALICE.id).access_token;
  });
  afterEach(async () => {
    await env.close();
  });
  const alice = () => staticAuth(aliceToken);
  const scheduled = (overrides: Partial<CreateMeetingInput> = {}): CreateMeetingInput => ({
    topic: 'Sprint planning',
    type: 2,
    startTime: env.clock.now() + DAY,
    durationMinutes: 45,
    timezone: 'Europe/Berlin',
    ...overrides,
  });

  it('getMe maps the user', async () => {
    expect(await env.api.getMe(alice())).toEqual({
      id: ALICE.id,
      accountId: ACCOUNT_ID,
      email: ALICE.email,
      firstName: 'Alice',
      lastName: 'Liddell',
      displayName: 'Alice Liddell',
      timezone: 'UTC',
    });
  });

  it('getUser: a user token may not look at someone else; unknown users are ZOOM_USER_NOT_FOUND', async () => {
    expect((await env.api.getUser(alice(), ALICE.email)).id).toBe(ALICE.id);
    expect((await rejection(env.api.getUser(alice(), BOB.email))).code).toBe('ZOOM_REJECTED');
    const missing = await rejection(env.api.getUser(alice(), 'ghost@example.test'));
    expect(missing.code).toBe('ZOOM_USER_NOT_FOUND');
    expect(missing.details).toMatchObject({ email: 'ghost@example.test', zoomCode: 1001 });
  });

  it('creates a scheduled meeting with the UTC start, duration, zone, agenda and waiting room', async () => {
    const start = Date.UTC(2025, 0, 20, 15, 30, 0, 789);
    const meeting = await env.api.createMeeting(alice(), 'me', scheduled({ startTime: new Date(start), agenda: 'Goals', settings: { waitingRoom: true } }));
    const stored = env.zoom.meeting(meeting.id);
    expect(stored).toMatchObject({ start_time: '2025-01-20T15:30:00Z', duration: 45, timezone: 'Europe/Berlin', agenda: 'Goals', host_id: ALICE.id });
    expect(stored?.settings.waiting_room).toBe(true);
    expect(meeting).toMatchObject({
      id: String(stored?.id),
      uuid: stored?.uuid,
      topic: 'Sprint planning',
      type: 2,
      startTime: Date.UTC(2025, 0, 20, 15, 30, 0),
      durationMinutes: 45,
      timezone: 'Europe/Berlin',
      joinUrl: stored?.join_url,
      startUrl: stored?.start_url,
    });
    expect(meeting.id).toMatch(/^\d+$/);
    expect(meeting.password).toBeUndefined();
  });

  it('asks Zoom for a passcode with default_password, or sends an explicit one', async () => {
    const auto = await env.api.createMeeting(alice(), 'me', scheduled({ settings: { autoPasscode: true } }));
    expect(auto.password).toMatch(/^\S{1,10}$/);
    const own = await env.api.createMeeting(alice(), 'me', scheduled({ settings: { passcode: 'abc-123' } }));
    expect(own.password).toBe('abc-123');
    const bodies = env.zoom.createdMeetings.map((m) => m.password);
    expect(bodies).toEqual([auto.password, 'abc-123']);
  });

  it('creates an instant meeting without start/duration fields', async () => {
    const meeting = await env.api.createMeeting(alice(), 'me', { topic: 'Now', type: 1, durationMinutes: 30, timezone: 'UTC' });
    expect(meeting.type).toBe(1);
    expect(meeting.startTime).toBe(env.clock.now());
    expect(buildCreateMeetingBody({ topic: 'Now', type: 1, durationMinutes: 30, timezone: 'UTC' })).toEqual({ topic: 'Now', type: 1 });
  });

  it('creates a weekly recurring meeting N times, on the start weekday in the meeting zone by default', async () => {
    // Monday 2025-01-20 23:30 in Los Angeles is Tuesday 07:30 UTC: the weekday must be Monday (2).
    const start = Date.UTC(2025, 0, 21, 7, 30, 0);
    const meeting = await env.api.createMeeting(alice(), 'me', scheduled({ type: 8, startTime: start, timezone: 'America/Los_Angeles', recurrence: { occurrences: 4 } }));
    const stored = env.zoom.meeting(meeting.id);
    expect(stored?.recurrence).toEqual({ type: 2, repeat_interval: 1, weekly_days: '2', end_times: 4 });
    expect(meeting.type).toBe(8);
    expect(meeting.occurrences?.map((o) => o.startTime)).toEqual([0, 1, 2, 3].map((w) => start + w * 7 * DAY));

    const twice = await env.api.createMeeting(alice(), 'me', scheduled({ type: 8, startTime: start, timezone: 'UTC', recurrence: { occurrences: 3, weeklyDays: [6, 4, 4] } }));
    expect(env.zoom.meeting(twice.id)?.recurrence).toMatchObject({ weekly_days: '4,6', end_times: 3 });
  });

  it("refuses input Zoom would refuse, before sending anything", async () => {
    const cases: Array<[Partial<CreateMeetingInput>, string]> = [
      [{ topic: 'x'.repeat(201) }, 'topic'],
      [{ topic: '   ' }, 'topic'],
      [{ agenda: 'x'.repeat(2001) }, 'agenda'],
      [{ durationMinutes: 30.5 }, 'durationMinutes'],
      [{ durationMinutes: 0 }, 'durationMinutes'],
      [{ durationMinutes: 1441 }, 'durationMinutes'],
      [{ timezone: 'Mars/Olympus' }, 'timezone'],
      [{ startTime: Number.NaN }, 'startTime'],
      [{ startTime: undefined }, 'startTime'],
      [{ type: 8 }, 'recurrence'],
      [{ type: 8, recurrence: { occurrences: 61 } }, 'recurrence'],
      [{ recurrence: { occurrences: 2 } }, 'recurrence'],
      [{ settings: { passcode: 'has space' } }, 'passcode'],
      [{ settings: { passcode: '12345678901' } }, 'passcode'],
      [{ settings: { passcode: 'abc', autoPasscode: true } }, 'passcode'],
    ];
    for (const [override, field] of cases) {
      const error = await rejection(env.api.createMeeting(alice(), 'me', scheduled(override)));
      expect([error.code, error.details.field]).toEqual(['INVALID_REQUEST', field]);
    }
    expect(env.zoom.requests).toHaveLength(0);
    await expect(env.api.createMeeting(alice(), 'me', scheduled({ topic: 'x'.repeat(200), agenda: 'y'.repeat(2000), durationMinutes: 1440 }))).resolves.toBeDefined();
  });

  it('formats times the way Zoom wants', () => {
    expect(formatZoomTime(Date.UTC(2025, 5, 1, 8, 5, 9, 999))).toBe('2025-06-01T08:05:09Z');
    expect(formatZoomTime(new Date(Date.UTC(2025, 11, 31, 23, 59, 59)))).toBe('2025-12-31T23:59:59Z');
  });

  it('lists upcoming meetings page by page, without past ones', async () => {
    const past = await env.api.createMeeting(alice(), 'me', scheduled({ topic: 'past', startTime: env.clock.now() - DAY }));
    const upcoming = [];
    for (let i = 1; i <= 5; i++) upcoming.push(await env.api.createMeeting(alice(), 'me', scheduled({ topic: `m${i}`, startTime: env.clock.now() + i * HOUR })));

    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await env.api.listUpcomingMeetings(alice(), 'me', { pageSize: 2, pageToken });
      seen.push(...page.meetings.map((m) => m.topic));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken);
    expect(pages).toBe(3);
    expect(seen).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(seen).not.toContain(past.topic);
    const query = env.zoom.requests.filter((r) => r.route === 'listMeetings');
    expect(query).toHaveLength(3);

    const first = await env.api.listUpcomingMeetings(alice(), ALICE.id);
    expect(first.nextPageToken).toBeUndefined();
    expect(first.meetings[0]).toMatchObject({ id: upcoming[0]?.id, joinUrl: upcoming[0]?.joinUrl, durationMinutes: 45, startTime: upcoming[0]?.startTime });
    expect((await rejection(env.api.listUpcomingMeetings(alice(), 'me', { pageSize: 301 }))).code).toBe('INVALID_REQUEST');
  });

  it('gets, updates (PATCH 204) and deletes (DELETE 204) a meeting', async () => {
    const created = await env.api.createMeeting(alice(), 'me', scheduled());
    const got = await env.api.getMeeting(alice(), created.id);
    expect(got).toEqual(created);

    const newStart = env.clock.now() + 2 * DAY;
    await expect(env.api.updateMeeting(alice(), created.id, { topic: 'Renamed', startTime: newStart, durationMinutes: 60, timezone: 'Asia/Tokyo' })).resolves.toBeUndefined();
    expect(await env.api.getMeeting(alice(), created.id)).toMatchObject({ topic: 'Renamed', startTime: newStart, durationMinutes: 60, timezone: 'Asia/Tokyo' });
    expect((await rejection(env.api.updateMeeting(alice(), created.id, {}))).code).toBe('INVALID_REQUEST');

    await expect(env.api.deleteMeeting(alice(), Number(created.id))).resolves.toBeUndefined();
    expect((await rejection(env.api.getMeeting(alice(), created.id))).code).toBe('ZOOM_MEETING_NOT_FOUND');
    expect((await rejection(env.api.deleteMeeting(alice(), created.id))).code).toBe('ZOOM_MEETING_NOT_FOUND');
    expect((await rejection(env.api.updateMeeting(alice(), created.id, { topic: 'x' }))).code).toBe('ZOOM_MEETING_NOT_FOUND');
  });

  it("another user's meeting looks missing; ids that are not ids never reach Zoom", async () => {
    const created = await env.api.createMeeting(alice(), 'me', scheduled());
    const bob = staticAuth(env.zoom.issueUserTokens(BOB.id).access_token);
    expect((await rejection(env.api.getMeeting(bob, created.id))).code).toBe('ZOOM_MEETING_NOT_FOUND');
    const before = env.zoom.requests.length;
    expect((await rejection(env.api.getMeeting(alice(), '../users/me'))).code).toBe('INVALID_REQUEST');
    expect(env.zoom.requests.length).toBe(before);
  });

  it('an account token schedules for a user by email', async () => {
    const account = await env.oauth.accountToken(ACCOUNT_ID);
    const meeting = await env.api.createMeeting(staticAuth(account.accessToken), BOB.email, scheduled());
    expect(env.zoom.meeting(meeting.id)?.host_id).toBe(BOB.id);
    const missing = await rejection(env.api.createMeeting(staticAuth(account.accessToken), 'ghost@example.test', scheduled()));
    expect(missing.code).toBe('ZOOM_USER_NOT_FOUND');
    expect(missing.details.email).toBe('ghost@example.test');
  });
});

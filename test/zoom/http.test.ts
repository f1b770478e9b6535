import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createZoomHttp, isAccessTokenRejected, nextUtcMidnight, parseRetryAfter } from '../../src/zoom/http.js';
import { ACCOUNT_ID, ALICE, captureLogger, rejection, startZoomEnv, staticAuth, type ZoomEnv } from './helpers.js';


const START = Date.UTC(2025, 0, 20, 15, 30, 0);
const meetingInput = { topic: 'Planning', type: 2 as const, startTime: START, durationMinutes: 30, timezone: 'Europe/Berlin' };

describe('parseRetryAfter / nextUtcMidnight', () => {
  const now = Date.UTC(2025, 0, 15, 9, 0, 0);
  it('reads delta-seconds, HTTP-dates and ISO dates', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(parseRetryAfter('2025-01-16T00:00:00Z', now)).toBe(15 * 3600_000);
    expect(parseRetryAfter(new Date(now - 5000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
  it('Zoom daily limits reset at the next 00:00 UTC', () => {
    expect(nextUtcMidnight(now)).toBe(Date.UTC(2025, 0, 16));
    expect(nextUtcMidnight(Date.UTC(2025, 11, 31, 23, 59, 59))).toBe(Date.UTC(2026, 0, 1));
    expect(nextUtcMidnight(Date.UTC(2025, 0, 16))).toBe(Date.UTC(2025, 0, 17));
  });
});

describe('Zoom HTTP client against the fake', () => {
  let env: ZoomEnv;
  let token: string;
  beforeEach(async () => {
    env = await startZoomEnv();
    token = env.zoom.issueUserTokens(ALICE.id).access_token;
  });
  afterEach(async () => {
    await env.close();
  });
  const auth = () => staticAuth(token);
  const routeCount = (route: string) => env.zoom.requests.filter((r) => r.route === route).length;

  describe('429', () => {
    it('retries an idempotent GET once after Retry-After (delta-seconds), through the injected sleep', async () => {
      const created = await env.api.createMeeting(auth(), 'me', meetingInput);
      env.zoom.rateLimitNext('getMeeting', { retryAfter: '1' });
      const meeting = await env.api.getMeeting(auth(), created.id);
      expect(meeting.id).toBe(created.id);
      expect(env.sleeps).toEqual([1000]);
      expect(routeCount('getMeeting')).toBe(2);
    });

    it('honours an HTTP-date Retry-After', async () => {
      env.zoom.rateLimitNext('getMe', { retryAfter: new Date(env.clock.now() + 2000).toUTCString() });
      await env.api.getMe(auth());
      expect(env.sleeps).toEqual([2000]);
    });

    it('retries PATCH and DELETE too (default wait when Zoom sends no Retry-After)', async () => {
      const created = await env.api.createMeeting(auth(), 'me', meetingInput);
      env.zoom.rateLimitNext('updateMeeting');
      await env.api.updateMeeting(auth(), created.id, { topic: 'Renamed' });
      env.zoom.rateLimitNext('deleteMeeting');
      await env.api.deleteMeeting(auth(), created.id);
      expect(env.sleeps).toEqual([1000, 1000]);
      expect(env.zoom.meeting(created.id)).toBeUndefined();
    });

    it('never retries a create (POST)', async () => {
      env.zoom.rateLimitNext('createMeeting', { retryAfter: '1' });
      const error = await rejection(env.api.createMeeting(auth(), 'me', meetingInput));
      expect(error.code).toBe('ZOOM_RATE_LIMITED');
      expect(error.details.retryAfterMs).toBe(1000);
      expect(env.sleeps).toEqual([]);
      expect(routeCount('createMeeting')).toBe(1);
      expect(env.zoom.createdMeetings).toHaveLength(0);
    });

    it('retries at most once', async () => {
      env.zoom.rateLimitNext('getMe', { retryAfter: '1', times: 2 });
      const error = await rejection(env.api.getMe(auth()));
      expect(error.code).toBe('ZOOM_RATE_LIMITED');
      expect(env.sleeps).toEqual([1000]);
      expect(routeCount('getMe')).toBe(2);
    });

    it('does not wait when Zoom asks for more than a few seconds', async () => {
      env.zoom.rateLimitNext('getMe', { retryAfter: '30' });
      const error = await rejection(env.api.getMe(auth()));
      expect(error.code).toBe('ZOOM_RATE_LIMITED');
      expect(error.details.retryAfterMs).toBe(30_000);
      expect(env.sleeps).toEqual([]);
      expect(routeCount('getMe')).toBe(1);
    });
  });

  describe('daily meeting limit', () => {
    it("maps Zoom's daily create/update limit to ZOOM_DAILY_LIMIT resetting at 00:00 UTC, and it does reset", async () => {
      await env.close();
      env = await startZoomEnv({ fake: { dailyMeetingLimit: 2 } });
      token = env.zoom.issueUserTokens(ALICE.id).access_token;
      await env.api.createMeeting(auth(), 'me', meetingInput);
      await env.api.createMeeting(auth(), 'me', meetingInput);
      const error = await rejection(env.api.createMeeting(auth(), 'me', meetingInput));
      expect(error.code).toBe('ZOOM_DAILY_LIMIT');
      expect(error.details.resetsAt).toBe(Date.UTC(2025, 0, 16));
      expect(error.details.zoomMessage).toContain('daily rate limit (2)');
      expect(env.sleeps).toEqual([]);
      expect(env.zoom.createdMeetings).toHaveLength(2);

      env.clock.set(Date.UTC(2025, 0, 16, 0, 0, 1));
      token = env.zoom.issueUserTokens(ALICE.id).access_token; // the old one expired overnight
      await expect(env.api.createMeeting(auth(), 'me', meetingInput)).resolves.toMatchObject({ topic: 'Planning' });
    });

    it('is never retried even on an idempotent PATCH, and uses Retry-After / X-RateLimit-Type when Zoom sends them', async () => {
      const created = await env.api.createMeeting(auth(), 'me', meetingInput);
      env.zoom.rateLimitNext('updateMeeting', { daily: true, retryAfter: '2025-01-16T00:00:00Z' });
      const error = await rejection(env.api.updateMeeting(auth(), created.id, { topic: 'x' }));
      expect(error.code).toBe('ZOOM_DAILY_LIMIT');
      expect(error.details.resetsAt).toBe(Date.UTC(2025, 0, 16));
      expect(env.sleeps).toEqual([]);
      expect(routeCount('updateMeeting')).toBe(1);
    });
  });

  describe('Zoom error bodies', () => {
    it('maps 4xx {code, message} to ZOOM_REJECTED with Zoom’s words', async () => {
      const error = await rejection(
        env.http.request({ method: 'POST', url: `${env.zoom.apiUrl}/users/me/meetings`, headers: { authorization: `Bearer ${token}` }, json: { topic: 'x', type: 5 } }),
      );
      expect(error.code).toBe('ZOOM_REJECTED');
      expect(error.details).toMatchObject({ httpStatus: 400, zoomCode: 300, zoomMessage: 'Validation Failed.' });
    });

    it('the fake is strict about start_time like Zoom', async () => {
      const post = (body: unknown) =>
        rejection(env.http.request({ method: 'POST', url: `${env.zoom.apiUrl}/users/me/meetings`, headers: { authorization: `Bearer ${token}` }, json: body }));
      const base = { topic: 'x', type: 2, duration: 30 };
      expect((await post({ ...base, start_time: '2025-01-20T15:30:00' })).details.zoomCode).toBe(300);
      expect((await post({ ...base, start_time: '2025-01-20T15:30:00.000Z' })).details.zoomCode).toBe(300);
      expect((await post({ ...base, start_time: '2025-01-20T15:30:00Z', duration: 0 })).details.zoomCode).toBe(300);
      expect((await post({ ...base, start_time: '2025-01-20T15:30:00Z', topic: 'x'.repeat(201) })).details.zoomCode).toBe(300);
      const local = await env.http.request({
        method: 'POST',
        url: `${env.zoom.apiUrl}/users/me/meetings`,
        headers: { authorization: `Bearer ${token}` },
        json: { ...base, start_time: '2025-01-20T16:30:00', timezone: 'Europe/Berlin' },
      });
      expect((local.body as { start_time: string }).start_time).toBe('2025-01-20T15:30:00Z');
    });

    it('maps an unknown meeting to ZOOM_MEETING_NOT_FOUND (3001)', async () => {
      const error = await rejection(env.api.getMeeting(auth(), '99999999999'));
      expect(error.code).toBe('ZOOM_MEETING_NOT_FOUND');
      expect(error.details).toMatchObject({ httpStatus: 404, zoomCode: 3001 });
    });

    it('makes 401 recognisable for the token manager', async () => {
      const error = await rejection(env.api.getMe(staticAuth('not-a-token')));
      expect(isAccessTokenRejected(error)).toBe(true);
      expect(error.details).toMatchObject({ httpStatus: 401, zoomCode: 124, zoomMessage: 'Invalid access token.' });
      env.zoom.failNext('getMe', { status: 403, body: { code: 200, message: 'No permission.' } });
      expect(isAccessTokenRejected(await rejection(env.api.getMe(auth())))).toBe(false);
    });

    it('5xx to a read is ZOOM_UNAVAILABLE; any 5xx to a create is ZOOM_OUTCOME_UNKNOWN (Zoom may have made it)', async () => {
      env.zoom.failNext('getMe', { status: 502, rawBody: '<html>Bad gateway</html>' });
      expect((await rejection(env.api.getMe(auth()))).code).toBe('ZOOM_UNAVAILABLE');
      env.zoom.failNext('createMeeting', { status: 500, body: { code: 500, message: 'Internal error' } });
      expect((await rejection(env.api.createMeeting(auth(), 'me', meetingInput))).code).toBe('ZOOM_OUTCOME_UNKNOWN');
      env.zoom.failNext('createMeeting', { status: 502, rawBody: 'Bad Gateway', afterProcessing: true });
      expect((await rejection(env.api.createMeeting(auth(), 'me', meetingInput))).code).toBe('ZOOM_OUTCOME_UNKNOWN');
      env.zoom.failNext('createMeeting', { status: 504, rawBody: 'Gateway Timeout' });
      expect((await rejection(env.api.createMeeting(auth(), 'me', meetingInput))).code).toBe('ZOOM_OUTCOME_UNKNOWN');
      env.zoom.failNext('getMe', { status: 504, rawBody: 'Gateway Timeout' });
      expect((await rejection(env.api.getMe(auth()))).code).toBe('ZOOM_UNAVAILABLE');
    });
  });

  describe('malformed responses', () => {
    it('unreadable JSON on a read is ZOOM_UNAVAILABLE', async () => {
      env.zoom.failNext('getMe', { status: 200, rawBody: '{"id": "zu-alice", ' });
      expect((await rejection(env.api.getMe(auth()))).code).toBe('ZOOM_UNAVAILABLE');
    });

    it('well-formed JSON of the wrong shape is ZOOM_UNAVAILABLE', async () => {
      env.zoom.failNext('getMeeting', { status: 200, body: { id: 'not-a-number', topic: 3 } });
      const error = await rejection(env.api.getMeeting(auth(), '81234567890'));
      expect(error.code).toBe('ZOOM_UNAVAILABLE');
      expect(String(error.details.malformed)).toContain('topic');
      env.zoom.failNext('listMeetings', { status: 200, body: { meetings: [{ id: 1 }] } });
      expect((await rejection(env.api.listUpcomingMeetings(auth(), 'me'))).code).toBe('ZOOM_UNAVAILABLE');
    });

    it('a 201 to create that cannot be read is ZOOM_OUTCOME_UNKNOWN (the meeting exists)', async () => {
      env.zoom.failNext('createMeeting', { status: 201, body: { id: 81234567890 } });
      expect((await rejection(env.api.createMeeting(auth(), 'me', meetingInput))).code).toBe('ZOOM_OUTCOME_UNKNOWN');
      env.zoom.failNext('createMeeting', { status: 201, rawBody: 'not json' });
      expect((await rejection(env.api.createMeeting(auth(), 'me', meetingInput))).code).toBe('ZOOM_OUTCOME_UNKNOWN');
    });
  });

  describe('network failures', () => {
    it('a dropped connection: unavailable for a read, outcome unknown for a create', async () => {
      env.zoom.failNext('getMe', { destroy: true });
      expect((await rejection(env.api.getMe(auth()))).code).toBe('ZOOM_UNAVAILABLE');
      env.zoom.failNext('createMeeting', { destroy: true });
      expect((await rejection(env.api.createMeeting(auth(), 'me', meetingInput))).code).toBe('ZOOM_OUTCOME_UNKNOWN');
    });

    it('connection refused is ZOOM_UNAVAILABLE even for a POST: nothing was sent', async () => {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const error = await rejection(env.http.request({ method: 'POST', url: `http://127.0.0.1:${port}/v2/users/me/meetings`, json: {} }));
      expect(error.code).toBe('ZOOM_UNAVAILABLE');
      expect(error.details.networkError).toBe('ECONNREFUSED');
    });
  });
});

describe('Zoom HTTP client timeouts', () => {
  let env: ZoomEnv;
  let token: string;
  beforeEach(async () => {
    env = await startZoomEnv({ timeoutMs: 250 });
    token = env.zoom.issueUserTokens(ALICE.id).access_token;
  });
  afterEach(async () => {
    await env.close();
  });

  it('a GET with no answer in time is ZOOM_UNAVAILABLE', async () => {
    const hang = env.zoom.hangNext('getMe');
    const error = await rejection(env.api.getMe(staticAuth(token)));
    await hang.arrived;
    hang.release();
    expect(error.code).toBe('ZOOM_UNAVAILABLE');
    expect(error.details.networkError).toBe('UND_ERR_HEADERS_TIMEOUT');
  });

  it('a create that timed out after sending is ZOOM_OUTCOME_UNKNOWN (and Zoom did create it)', async () => {
    const hang = env.zoom.hangNext('createMeeting', { afterProcessing: true });
    const error = await rejection(env.api.createMeeting(staticAuth(token), 'me', meetingInput));
    await hang.arrived;
    hang.release();
    expect(error.code).toBe('ZOOM_OUTCOME_UNKNOWN');
    expect(env.zoom.createdMeetings).toHaveLength(1);
    expect(env.zoom.requests.filter((r) => r.route === 'createMeeting')).toHaveLength(1);
  });

  it('a token request that times out: an account token is just ZOOM_UNAVAILABLE, a refresh ZOOM_OUTCOME_UNKNOWN (Zoom may have rotated the pair)', async () => {
    const accountHang = env.zoom.hangNext('token');
    const accountError = await rejection(env.oauth.accountToken(ACCOUNT_ID));
    accountHang.release();
    expect(accountError.code).toBe('ZOOM_UNAVAILABLE');

    const tokens = env.zoom.issueUserTokens(ALICE.id);
    const refreshHang = env.zoom.hangNext('token');
    const refreshError = await rejection(env.oauth.refresh(tokens.refresh_token));
    refreshHang.release();
    expect(refreshError.code).toBe('ZOOM_OUTCOME_UNKNOWN');
  });
});

describe('createZoomHttp without an injected dispatcher or clock', () => {
  it('works with its own connection pool and closes it', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { logger } = captureLogger();
    const http = createZoomHttp({ timeoutMs: 2000, logger });
    try {
      const res = await http.request({ method: 'GET', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, query: { a: 1, b: undefined } });
      expect(res).toMatchObject({ status: 200, body: { ok: true } });
    } finally {
      await http.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError, isAppError, type ErrorCode, type ErrorDetails } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { installedWorkspaceClients } from '../../src/slack/clients.js';
import { userMessage } from '../../src/slack/errorMessages.js';
import { postToResponseUrl } from '../../src/slack/responseUrl.js';
import { buildCreateMeetingBody, buildUpdateMeetingBody, checkMeetingId } from '../../src/zoom/meetingInput.js';

const ALL_CODES: ErrorCode[] = [
  'ZOOM_NOT_CONNECTED',
  'ZOOM_GRANT_REVOKED',
  'ZOOM_REFRESH_ANSWER_LOST',
  'ZOOM_REJECTED',
  'ZOOM_UNAVAILABLE',
  'ZOOM_RATE_LIMITED',
  'ZOOM_DAILY_LIMIT',
  'ZOOM_OUTCOME_UNKNOWN',
  'ZOOM_USER_NOT_FOUND',
  'ZOOM_MEETING_NOT_FOUND',
  'INVALID_REQUEST',
  'OAUTH_STATE_INVALID',
  'OAUTH_DENIED',
  'OAUTH_EXCHANGE_FAILED',
  'NOT_MEETING_HOST',
  'SLACK_API_FAILED',
  'MEETING_NOT_FULLY_ANNOUNCED',
  'MEETING_CARD_NOT_REFRESHED',
  'STORE_UNAVAILABLE',
  'WORKSPACE_NOT_ALLOWED',
  'INTERNAL',
];

/** A developer's message that must never reach a user for codes whose words come from this file. */
const INTERNAL_TEXT = 'internal text: response_url answered 404 for team T0SECRET';

const words = (code: ErrorCode, details: ErrorDetails = {}, message = INTERNAL_TEXT) => userMessage(new AppError(code, message, details));

describe('every error code has words of its own', () => {
  it.each(ALL_CODES.filter((code) => code !== 'INVALID_REQUEST'))('%s: words for users, not the developer message', (code) => {
    const text = words(code);
    expect(text.length).toBeGreaterThan(20);
    expect(text).not.toContain(INTERNAL_TEXT);
    expect(text).not.toContain('T0SECRET');
  });
});

describe('MEETING_NOT_FULLY_ANNOUNCED: the meeting exists, so it must not be created again', () => {
  const meeting = {
    topic: 'R&D <sync>',
    channelId: 'CGENERAL',
    joinUrl: 'https://zoom.example/j/123',
    startUrl: 'https://zoom.example/s/123?zak=secret',
  };

  it.each([
    ['card', false],
    ['record', true],
    ['record', false],
    ['start-link', false],
  ] as const)('%s (start link sent: %s): says it was created, gives the join link, escapes the topic', (problem, startLinkSent) => {
    const text = words('MEETING_NOT_FULLY_ANNOUNCED', { ...meeting, problem, startLinkSent });
    expect(text).toContain('was created in Zoom');
    expect(text).toContain("don't create it again");
    expect(text).toContain(meeting.joinUrl);
    expect(text).toContain('*R&amp;D &lt;sync&gt;*');
    expect(text).not.toContain('nothing was');
    // The reply is private to the host: the start link is in it exactly when it did not arrive otherwise.
    if (startLinkSent) expect(text).not.toContain(meeting.startUrl);
    else expect(text).toContain(meeting.startUrl);
  });

  it('card: names the channel, suggests inviting the bot, and gives Slack\'s error code', () => {
    const text = words('MEETING_NOT_FULLY_ANNOUNCED', { ...meeting, problem: 'card', startLinkSent: false, slackError: 'is_archived' });
    expect(text).toContain('<#CGENERAL>');
    expect(text).toContain('/invite');
    expect(text).toContain('is_archived');
  });

  it('record: the card\'s buttons will not work; start-link: says the link could not be sent', () => {
    expect(words('MEETING_NOT_FULLY_ANNOUNCED', { ...meeting, problem: 'record', startLinkSent: true })).toContain('Edit and Cancel buttons');
    expect(words('MEETING_NOT_FULLY_ANNOUNCED', { ...meeting, problem: 'start-link', startLinkSent: false })).toContain('could not send you its start link');
  });

  it('a DM (not a channel) is not rendered as a channel link', () => {
    const text = words('MEETING_NOT_FULLY_ANNOUNCED', { ...meeting, channelId: 'DUALICE', problem: 'card', startLinkSent: false });
    expect(text).not.toContain('<#DUALICE>');
    expect(text).toContain('the conversation');
  });
});

describe('ZOOM_UNAVAILABLE depends on what was asked of Zoom', () => {
  it.each([
    ['GET', '/v2/meetings/1'],
    ['POST', '/v2/users/me/meetings'],
  ])('%s: nothing was created or changed', (method, path) => {
    expect(words('ZOOM_UNAVAILABLE', { method, path })).toContain('Zoom did not answer, so nothing was created or changed');
  });

  it('no single request (a create reconciled as never made): nothing was created', () => {
    expect(words('ZOOM_UNAVAILABLE')).toContain('nothing was created');
  });

  it.each([
    ['PATCH', 'may or may not have been applied'],
    ['PUT', 'may or may not have been applied'],
    ['DELETE', 'may or may not have been deleted'],
  ])('%s: it may have happened, and trying again is safe', (method, maybe) => {
    const text = words('ZOOM_UNAVAILABLE', { method, path: '/v2/meetings/1', requestSent: true });
    expect(text).toContain(maybe);
    expect(text).toContain('Trying again is safe');
    expect(text).not.toContain('nothing was');
  });

  it('a PATCH that never left this process (connection refused) changed nothing', () => {
    expect(words('ZOOM_UNAVAILABLE', { method: 'PATCH', path: '/v2/meetings/1', requestSent: false })).toContain('nothing was created or changed');
  });
});

describe('ZOOM_REJECTED', () => {
  it("Zoom's own words when it gave some, never a request path", () => {
    expect(words('ZOOM_REJECTED', { zoomMessage: 'Cannot create meetings for this user.' })).toContain('Cannot create meetings for this user.');
    const bare = userMessage(new AppError('ZOOM_REJECTED', 'Zoom rejected PATCH /v2/meetings/1 (400)', { httpStatus: 400 }));
    expect(bare).not.toContain('/v2/');
    expect(bare).toContain('Zoom refused the request');
  });
});

describe('text that echoes user input or outside words is escaped (the reply is mrkdwn)', () => {
  it('INVALID_REQUEST, Zoom\'s words and an email: no mention or link can come from them', () => {
    expect(userMessage(new AppError('INVALID_REQUEST', '"<!channel> tomorrow" has no time of day.'))).toBe('"&lt;!channel&gt; tomorrow" has no time of day.');
    expect(words('ZOOM_REJECTED', { zoomMessage: 'Topic <@U999> & co' })).toContain('Topic &lt;@U999&gt; &amp; co');
    expect(words('ZOOM_USER_NOT_FOUND', { email: '<!here>@example.com' })).toContain('&lt;!here&gt;@example.com');
    expect(words('MEETING_NOT_FULLY_ANNOUNCED', { problem: 'card', topic: '<!everyone>', channelId: 'CGENERAL', joinUrl: 'https://zoom.us/j/1' })).toContain('*&lt;!everyone&gt;*');
  });
});

describe('SLACK_API_FAILED: generic words, with Slack\'s error code when known', () => {
  it('never the developer message; Slack\'s code when known', () => {
    const text = words('SLACK_API_FAILED', { slackError: 'channel_not_found' });
    expect(text).toContain('Slack did not accept my request');
    expect(text).toContain('channel_not_found');
    expect(words('SLACK_API_FAILED')).not.toContain('Slack said');
  });

  it('a raw Slack Web API error is worded as Slack\'s failure, not as a bug "on our side"', () => {
    const raw = Object.assign(new Error('An API error occurred: not_authed'), { code: 'slack_webapi_platform_error', data: { ok: false, error: 'not_authed' } });
    const text = userMessage(raw);
    expect(text).toContain('not_authed');
    expect(text).not.toContain('on our side');
  });

  it.each([
    ['no_email', 'users:read.email'],
    ['conversation_not_visible', '/invite'],
    ['not_installed', 'install it again'],
  ] as const)('reason %s: says what to do (%s)', (reason, expected) => {
    expect(words('SLACK_API_FAILED', { reason })).toContain(expected);
  });

  it('a workspace without installation: no team id, no "no installation for team"', async () => {
    const logger = createLogger({ level: 'error', sink: () => undefined });
    const clients = installedWorkspaceClients({ apiUrl: 'http://127.0.0.1:1/api/', logger, botTokenFor: async () => undefined });
    const error = await clients.forTeam({ teamId: 'T0GONE' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAppError(error, 'SLACK_API_FAILED')).toBe(true);
    const text = userMessage(error);
    expect(text).not.toContain('T0GONE');
    expect(text).not.toContain('no installation');
    expect(text).toContain('not installed');
  });
});

describe('postToResponseUrl fails only with AppErrors', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function answering(status: number, body: unknown): Promise<string> {
    server = createServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/response/x`;
  }

  const failureOf = (url: string) =>
    postToResponseUrl(url, { response_type: 'ephemeral', text: 'hi' }).then(
      () => undefined,
      (e: unknown) => e,
    );

  it('a non-2xx answer: SLACK_API_FAILED with the status and Slack\'s error code, worded without "response_url"', async () => {
    const error = await failureOf(await answering(404, { ok: false, error: 'expired_url' }));
    expect(isAppError(error, 'SLACK_API_FAILED')).toBe(true);
    expect((error as AppError).details).toMatchObject({ reason: 'response_url_failed', httpStatus: 404, slackError: 'expired_url' });
    const text = userMessage(error);
    expect(text).toContain('expired_url');
    expect(text).not.toContain('response_url');
  });

  it('no answer at all (network error): SLACK_API_FAILED, not a TypeError', async () => {
    const url = await answering(200, {});
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const error = await failureOf(url);
    expect(isAppError(error, 'SLACK_API_FAILED')).toBe(true);
    expect((error as AppError).details.reason).toBe('response_url_failed');
    expect(userMessage(error)).not.toContain('fetch failed');
  });

  it('a 2xx answer resolves', async () => {
    await expect(postToResponseUrl(await answering(200, { ok: true }), { response_type: 'ephemeral', text: 'hi' })).resolves.toBeUndefined();
  });
});

describe('INVALID_REQUEST is shown as it is, so every one is written for users', () => {
  const base = { topic: 'Sync', type: 2 as const, startTime: Date.UTC(2026, 10, 24, 20), durationMinutes: 30, timezone: 'UTC' };
  const thrown = (work: () => unknown): AppError => {
    try {
      work();
    } catch (error) {
      if (isAppError(error, 'INVALID_REQUEST')) return error;
      throw error;
    }
    throw new Error('did not throw');
  };

  it.each([
    ['no topic', () => buildCreateMeetingBody({ ...base, topic: ' ' })],
    ['a bad time zone', () => buildCreateMeetingBody({ ...base, timezone: 'Mars/Olympus' })],
    ['a recurring type without a recurrence', () => buildCreateMeetingBody({ ...base, type: 8 })],
    ['an unknown type', () => buildCreateMeetingBody({ ...base, type: 3 as never })],
    ['an empty update', () => buildUpdateMeetingBody({})],
    ['a meeting id that is not one', () => checkMeetingId('../users/me')],
  ])('%s: a full sentence, without Zoom API jargon', (_case, work) => {
    const text = userMessage(thrown(work));
    expect(text).toMatch(/[.!]$/);
    expect(text).not.toMatch(/type [128]\b|\(instant\)|\.\.\/users/);
  });
});

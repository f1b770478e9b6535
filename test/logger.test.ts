import { LogLevel } from '@slack/logger';
import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../src/logger.js';
import { withRequestContext } from '../src/requestContext.js';

describe('redact', () => {
  it.each([
    ['a Slack bot token', 'token xoxb-123-456-abcDEF in text', 'xoxb-123'],
    ['a Slack app token', 'xapp-1-A0-123-abc', 'xapp-1'],
    ['a JWT-like Zoom token', 'Bearer eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl', 'eyJhbGci'],
    ['a JSON access_token field', '{"access_token":"opaque-zoom-token","expires_in":3600}', 'opaque-zoom-token'],
    ['a refresh_token form field', 'grant_type=refresh_token&refresh_token=opaque-refresh', 'opaque-refresh'],
    ['a Basic authorization header', 'authorization: Basic Y2xpZW50OnNlY3JldA==', 'Y2xpZW50OnNlY3JldA=='],
    ['a Zoom start link', 'start it: https://us05web.zoom.us/s/81234567890?zak=opaque-zak-value&pwd=1', 'opaque-zak-value'],
    ['a start link as Slack mrkdwn in JSON-encoded blocks', '{"blocks":"[{\\"text\\":\\"<https://zoom.us/s/8123?zak=zak-in-blocks|Start>\\"}]"}', 'zak-in-blocks'],
    ['a zak as a JSON field', '{"zak":"zak-field-value"}', 'zak-field-value'],
    ['an OAuth state in a link', 'https://zoom.us/oauth/authorize?response_type=code&client_id=c&state=live-state-value&code_challenge=x', 'live-state-value'],
    ['an OAuth state in JSON-encoded JSON', '{\\"state\\":\\"live-state-json\\"}', 'live-state-json'],
    ['an OAuth code in a callback URL', 'GET /zoom/oauth/callback?code=oauth-code-value&state=s', 'oauth-code-value'],
    ['an OAuth code in a form body', 'code=form-code-value&grant_type=authorization_code', 'form-code-value'],
    ['an email', 'profile of alice@example.com', 'alice@example.com'],
    ['a percent-encoded email in a path', 'zoom GET /users/alice%40example.com/meetings -> 200', 'alice%40example.com'],
  ])('removes %s', (_what, text, secret) => {
    expect(redact(text)).not.toContain(secret);
    expect(redact(text)).toContain('[redacted]');
  });

  it('leaves ordinary text alone: ids, join links, Zoom error codes, view state', () => {
    const text = 'meeting 81234567890 created for U123 https://zoom.us/j/81234567890?pwd=abc {"code":3001,"state":{"values":{}}}';
    expect(redact(text)).toBe(text);
  });
});

describe('createLogger', () => {
  it('writes one JSON line per entry at or above its level, redacted', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', sink: (line) => lines.push(line) });
    logger.debug('hidden');
    logger.info('refreshed', { refresh_token: 'opaque-refresh' });
    logger.error(new Error('boom xoxb-1-2-secret'));
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', name: 'slack-zoom-scheduler' });
    expect(lines.join('\n')).not.toContain('opaque-refresh');
    expect(lines.join('\n')).not.toContain('xoxb-1-2-secret');
    expect(JSON.parse(lines[1]!).msg).toContain('Error: boom');
  });

  it('logs an error with its stack and its cause, redacted', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', sink: (line) => lines.push(line) });
    logger.error('saving failed', new Error('outer', { cause: new Error('inner for bob@example.com') }));
    const { msg } = JSON.parse(lines[0]!) as { msg: string };
    expect(msg).toContain('Error: outer');
    expect(msg).toMatch(/\n\s+at /);
    expect(msg).toContain('cause: Error: inner for [redacted]');
  });

  it('names the request each line is about', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', sink: (line) => lines.push(line) });
    withRequestContext({ team: 'T1', user: 'U1', command: '/zoom new' }, () => logger.info('inside'));
    logger.info('outside');
    const [inside, outside] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(inside).toMatchObject({ team: 'T1', user: 'U1', command: '/zoom new', msg: 'inside' });
    expect(inside!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(outside).not.toHaveProperty('requestId');
  });

  it('keeps the configured level and name when Bolt or WebClient try to change them', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', sink: (line) => lines.push(line) });
    logger.setLevel(LogLevel.INFO);
    logger.setName('web-api:WebClient:0');
    logger.debug('still shown');
    expect(logger.getLevel()).toBe(LogLevel.DEBUG);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'debug', name: 'slack-zoom-scheduler', msg: 'still shown' });
  });
});

import { LogLevel } from '@slack/logger';
import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../src/logger.js';

describe('redact', () => {
  it.each([
    ['a Slack bot token', 'token xoxb-123-456-abcDEF in text', 'xoxb-123'],
    ['a Slack app token', 'xapp-1-A0-123-abc', 'xapp-1'],
    ['a JWT-like Zoom token', 'Bearer eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl', 'eyJhbGci'],
    ['a JSON access_token field', '{"access_token":"opaque-zoom-token","expires_in":3600}', 'opaque-zoom-token'],
    ['a refresh_token form field', 'grant_type=refresh_token&refresh_token=opaque-refresh', 'opaque-refresh'],
    ['a Basic authorization header', 'authorization: Basic Y2xpZW50OnNlY3JldA==', 'Y2xpZW50OnNlY3JldA=='],
  ])('removes %s', (_what, text, secret) => {
    expect(redact(text)).not.toContain(secret);
    expect(redact(text)).toContain('[redacted]');
  });

  it('leaves ordinary text alone', () => {
    expect(redact('meeting 81234567890 created for alice@example.com')).toBe('meeting 81234567890 created for alice@example.com');
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

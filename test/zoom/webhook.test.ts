import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkZoomWebhook, urlValidationResponse } from '../../src/zoom/webhook.js';

const SECRET = 'whsec-test-token';
const NOW = Date.UTC(2025, 0, 15, 9, 0, 0);
const BODY = '{"event":"meeting.deleted","payload":{"object":{"id":81234567890}},"event_ts":1736931600000}';

function sign(body: string | Buffer, timestampSeconds: number, secret = SECRET): { signature: string; timestamp: string } {
  const timestamp = String(timestampSeconds);
  const mac = createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex');
  return { signature: `v0=${mac}`, timestamp };
}

describe('checkZoomWebhook', () => {
  const fresh = sign(BODY, NOW / 1000);

  it('accepts a fresh request signed with the secret', () => {
    expect(checkZoomWebhook({ secretToken: SECRET, rawBody: BODY, ...fresh, nowMs: NOW })).toEqual({ ok: true });
    expect(checkZoomWebhook({ secretToken: SECRET, rawBody: Buffer.from(BODY), ...fresh, nowMs: NOW + 60_000 })).toEqual({ ok: true });
  });

  it('accepts a body with non-ASCII bytes exactly as received', () => {
    const body = Buffer.from('{"topic":"Café ☕"}', 'utf8');
    expect(checkZoomWebhook({ secretToken: SECRET, rawBody: body, ...sign(body, NOW / 1000), nowMs: NOW })).toEqual({ ok: true });
  });

  it('rejects another secret, a changed body, or a changed timestamp', () => {
    expect(checkZoomWebhook({ secretToken: 'other', rawBody: BODY, ...fresh, nowMs: NOW })).toEqual({ ok: false, reason: 'mismatch' });
    expect(checkZoomWebhook({ secretToken: SECRET, rawBody: BODY.replace('81234567890', '81234567891'), ...fresh, nowMs: NOW })).toEqual({ ok: false, reason: 'mismatch' });
    expect(checkZoomWebhook({ secretToken: SECRET, rawBody: BODY, signature: fresh.signature, timestamp: String(NOW / 1000 + 1), nowMs: NOW })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('rejects stale and far-future timestamps even when the signature is right', () => {
    const old = sign(BODY, NOW / 1000 - 5 * 60 - 1);
    expect(checkZoomWebhook({ secretToken: SECRET, rawBody: BODY, ...old, nowMs: NOW })).toEqual({ ok: false, reason: 'stale' });
    const future = sign(BODY, NOW / 1000 + 10 * 60);
    expect(checkZoomWebhook({ secretToken: SECRET, rawBody: BODY, ...future, nowMs: NOW })).toEqual({ ok: false, reason: 'stale' });
    expect(checkZoomWebhook({ secretToken: SECRET, rawBody: BODY, ...old, nowMs: NOW, windowMs: 10 * 60_000 })).toEqual({ ok: true });
  });

  it('rejects missing or malformed headers', () => {
    expect(checkZoomWebhook({ secretToken: SECRET, rawBody: BODY, timestamp: fresh.timestamp, nowMs: NOW })).toEqual({ ok: false, reason: 'missing' });
    expect(checkZoomWebhook({ secretToken: SECRET, rawBody: BODY, signature: fresh.signature, nowMs: NOW })).toEqual({ ok: false, reason: 'missing' });
    expect(checkZoomWebhook({ secretToken: SECRET, rawBody: BODY, signature: fresh.signature.slice(3), timestamp: fresh.timestamp, nowMs: NOW })).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(checkZoomWebhook({ secretToken: SECRET, rawBody: BODY, signature: `${fresh.signature}00`, timestamp: fresh.timestamp, nowMs: NOW })).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(checkZoomWebhook({ secretToken: SECRET, rawBody: BODY, signature: fresh.signature, timestamp: 'yesterday', nowMs: NOW })).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});

describe('urlValidationResponse', () => {
  it("answers Zoom's challenge with hex HMAC-SHA256(secret, plainToken)", () => {
    const answer = urlValidationResponse('qgg8vlvZRS6UYooatFL8Aw', SECRET);
    expect(answer.plainToken).toBe('qgg8vlvZRS6UYooatFL8Aw');
    expect(answer.encryptedToken).toBe(createHmac('sha256', SECRET).update('qgg8vlvZRS6UYooatFL8Aw').digest('hex'));
    expect(answer.encryptedToken).toMatch(/^[0-9a-f]{64}$/);
    expect(urlValidationResponse('qgg8vlvZRS6UYooatFL8Aw', 'other').encryptedToken).not.toBe(answer.encryptedToken);
  });
});

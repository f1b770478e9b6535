import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Zoom webhook authenticity. Zoom signs `v0:{x-zm-request-timestamp}:{raw body}` with HMAC-SHA256 keyed by the
 * app's secret token and sends `x-zm-signature: v0={hex}`; the timestamp is epoch seconds.
 */

export interface VerifyZoomWebhookInput {
  secretToken: string;
  /** The body exactly as received (before any JSON parsing). */
  rawBody: Buffer | string;
  /** x-zm-signature */
  signature?: string;
  /** x-zm-request-timestamp (seconds) */
  timestamp?: string;
  nowMs: number;
  /** How far the timestamp may be from now, either way. Default 5 minutes. */
  windowMs?: number;
}

export type ZoomWebhookCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

function hmacHex(secret: string, data: Buffer | string): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

export function checkZoomWebhook(input: VerifyZoomWebhookInput): ZoomWebhookCheck {
  const { secretToken, rawBody, signature, timestamp, nowMs } = input;
  const windowMs = input.windowMs ?? 5 * 60_000;
  if (!signature || !timestamp) return { ok: false, reason: 'missing' };
  if (!/^\d{1,13}$/.test(timestamp) || !/^v0=[0-9a-f]{64}$/i.test(signature)) return { ok: false, reason: 'malformed' };
  const stampMs = Number(timestamp) * 1000;
  if (Math.abs(nowMs - stampMs) > windowMs) return { ok: false, reason: 'stale' };

  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  const expected = Buffer.from(hmacHex(secretToken, Buffer.concat([Buffer.from(`v0:${timestamp}:`, 'utf8'), body])), 'hex');
  const given = Buffer.from(signature.slice(3), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'mismatch' };
  return { ok: true };
}

/** Answer to Zoom's `endpoint.url_validation` event. */
export function urlValidationResponse(plainToken: string, secretToken: string): { plainToken: string; encryptedToken: string } {
  return { plainToken, encryptedToken: hmacHex(secretToken, plainToken) };
}

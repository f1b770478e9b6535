import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, ZOOM_WEBHOOK_SECRET, type Harness } from '../support/harness.js';
import { STORE_KINDS } from '../support/storage.js';
import { ALICE, BOB, CAROL, TEAM } from '../support/world.js';

/**
 * POST /zoom/webhook as Zoom sends it: `x-zm-request-timestamp` (epoch seconds) and `x-zm-signature`
 * (`v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` keyed by the secret token). The app's clock is
 * the shared fake clock, so "5 minutes old" is set by moving it, not by waiting.
 */

let h: Harness;
afterEach(async () => {
  h.slack.assertNoViolations();
  await h.close();
});

const FIVE_MINUTES = 5 * 60_000;

function sign(body: string, timestampSec: number, secret = ZOOM_WEBHOOK_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

interface Delivery {
  body: string;
  headers: Record<string, string>;
}

/** A request as Zoom would sign it now (by the app's clock). */
function signed(event: unknown, options: { timestampSec?: number; secret?: string } = {}): Delivery {
  const body = typeof event === 'string' ? event : JSON.stringify(event);
  const timestampSec = options.timestampSec ?? Math.floor(h.clock.now() / 1000);
  return { body, headers: { 'x-zm-request-timestamp': String(timestampSec), 'x-zm-signature': sign(body, timestampSec, options.secret) } };
}

async function deliver({ body, headers }: Delivery): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${h.app.url}/zoom/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Zoom Marketplace/1.0a', ...headers },
    body,
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, json };
}

const deauthorized = (zoomUserId: string) => ({
  event: 'app_deauthorized',
  event_ts: h.clock.now(),
  payload: {
    account_id: 'acct_acme',
    user_id: zoomUserId,
    signature: 'd8d6dc3f7b3d1b0c2d3e4f5a6b7c8d9e',
    deauthorization_time: new Date(h.clock.now()).toISOString(),
    client_id: 'zoom-client-id',
  },
});

const grantOf = (userId: string) => h.app.storage.grants.get(TEAM.id, userId);
const disconnectDms = () => h.slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).includes('app was removed in Zoom'));

/** Connects a Slack user and waits for all the after-connect work, so later counts are stable. */
async function connect(userId: string, zoomUserId: string): Promise<void> {
  await h.connect(userId, zoomUserId);
  await h.slack.waitForCall('views.publish', (c) => c.args.user_id === userId);
}

describe('Zoom webhook: authenticity', () => {
  it('answers the endpoint.url_validation challenge with the HMAC of the plain token', async () => {
    h = await startHarness();
    const plainToken = 'qgg8vlvZRS6UYooatFL8Aw';
    const answer = await deliver(signed({ event: 'endpoint.url_validation', event_ts: h.clock.now(), payload: { plainToken } }));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ plainToken, encryptedToken: createHmac('sha256', ZOOM_WEBHOOK_SECRET).update(plainToken).digest('hex') });
  });

  it('a validly signed event the app does not act on: 200', async () => {
    h = await startHarness();
    const answer = await deliver(signed({ event: 'meeting.started', event_ts: h.clock.now(), payload: { account_id: 'acct_acme', object: { id: 1 } } }));
    expect(answer.status).toBe(200);
  });

  it('unsigned, wrongly signed, tampered, stale or future-dated: 401 and nothing changes', async () => {
    h = await startHarness();
    await connect(ALICE.id, ALICE.zoomUserId);
    const event = deauthorized(ALICE.zoomUserId);
    const good = signed(event);
    const now = Math.floor(h.clock.now() / 1000);

    const refused: Array<[string, Delivery]> = [
      ['unsigned', { body: good.body, headers: {} }],
      ['no timestamp', { body: good.body, headers: { 'x-zm-signature': good.headers['x-zm-signature']! } }],
      ['signed with another secret', signed(event, { secret: 'not-the-secret' })],
      ['body changed after signing', { body: JSON.stringify(deauthorized(BOB.zoomUserId)), headers: good.headers }],
      ['timestamp changed after signing', { body: good.body, headers: { ...good.headers, 'x-zm-request-timestamp': String(now - 1) } }],
      ['signed over 5 minutes ago', signed(event, { timestampSec: now - 301 })],
      ['dated over 5 minutes ahead', signed(event, { timestampSec: now + 301 })],
      ['not a v0 signature', { body: good.body, headers: { ...good.headers, 'x-zm-signature': 'sha256=abc' } }],
    ];
    for (const [why, delivery] of refused) {
      const answer = await deliver(delivery);
      expect({ why, status: answer.status }).toEqual({ why, status: 401 });
    }

    // A request signed correctly, then held back until the clock has moved past the window.
    const delayed = signed(event);
    h.clock.advance(FIVE_MINUTES + 1000);
    expect((await deliver(delayed)).status).toBe(401);

    expect(await grantOf(ALICE.id)).toMatchObject({ zoomUserId: ALICE.zoomUserId });
    expect(disconnectDms()).toHaveLength(0);

    // Inside the window (4 minutes old) the very same kind of request is accepted.
    const fresh = signed(event, { timestampSec: Math.floor(h.clock.now() / 1000) - 240 });
    expect((await deliver(fresh)).status).toBe(200);
    expect(await grantOf(ALICE.id)).toBeUndefined();
  });

  it('a validly signed body that is not JSON: 400, nothing changes', async () => {
    h = await startHarness();
    await connect(ALICE.id, ALICE.zoomUserId);
    const answer = await deliver(signed('{"event":"app_deauthorized","payload":{"user_id":"zu_alice"'));
    expect(answer.status).toBe(400);
    expect(await grantOf(ALICE.id)).toBeDefined();
    expect(disconnectDms()).toHaveLength(0);
  });
});

describe.each(STORE_KINDS)('Zoom webhook: app_deauthorized (%s store)', (store) => {
  it('deletes every grant of that Zoom user, DMs each Slack user, leaves other Zoom users alone', async () => {
    h = await startHarness({ store });
    // One Zoom user linked from two Slack users, and a third Slack user on another Zoom user.
    await connect(ALICE.id, ALICE.zoomUserId);
    await connect(BOB.id, ALICE.zoomUserId);
    await connect(CAROL.id, BOB.zoomUserId);
    const publishesBefore = h.slack.callsTo('views.publish').length;

    const answer = await deliver(signed(deauthorized(ALICE.zoomUserId)));
    expect(answer.status).toBe(200);

    expect(await grantOf(ALICE.id)).toBeUndefined();
    expect(await grantOf(BOB.id)).toBeUndefined();
    expect(await grantOf(CAROL.id)).toMatchObject({ zoomUserId: BOB.zoomUserId });
    expect(await h.app.storage.grants.listByZoomUser(ALICE.zoomUserId)).toEqual([]);

    for (const userId of [ALICE.id, BOB.id]) {
      const dm = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === `D${userId}` && String(c.args.text).includes('app was removed in Zoom'));
      expect(String(dm.args.text)).toContain(ALICE.email);
      expect(String(dm.args.text)).toContain('/zoom connect');
      await h.slack.waitForCall('views.publish', (c) => c.seq > dm.seq && c.args.user_id === userId);
    }
    expect(disconnectDms()).toHaveLength(2);
    expect(h.slack.callsTo('views.publish').length).toBe(publishesBefore + 2);
    // The app was removed in Zoom: there is nothing left to revoke.
    expect(h.zoom.stats.revocations).toBe(0);

    // Zoom redelivers: still 200, no second round of DMs.
    expect((await deliver(signed(deauthorized(ALICE.zoomUserId)))).status).toBe(200);
    expect(disconnectDms()).toHaveLength(2);

    // Alice's next command asks her to connect again.
    await h.command('new Design review tomorrow 3pm');
    const prompt = await h.slack.waitForResponse((r) => r.body.response_type === 'ephemeral' && JSON.stringify(r.body).includes('zoom_connect_open'));
    expect(JSON.stringify(prompt.body)).toContain('connect your Zoom account');
    expect(h.zoom.createdMeetings).toHaveLength(0);
  });

  it('a DM that fails does not cost the other users their notice', async () => {
    h = await startHarness({ store });
    await connect(ALICE.id, ALICE.zoomUserId);
    await connect(BOB.id, ALICE.zoomUserId);
    // Slack refuses the first DM (Alice's); Bob must still hear.
    h.slack.failNext('chat.postMessage', { error: 'fatal_error' });

    const answer = await deliver(signed(deauthorized(ALICE.zoomUserId)));
    // The grants are gone either way, so a redelivery could not notify anyone: nothing to retry.
    expect(answer.status).toBe(200);
    expect(await grantOf(ALICE.id)).toBeUndefined();
    expect(await grantOf(BOB.id)).toBeUndefined();
    const notified = disconnectDms().filter((c) => c.ok).map((c) => c.args.channel);
    expect(notified).toHaveLength(1);
    await h.slack.waitForCall('views.publish', (c) => c.args.user_id === String(notified[0]).slice(1) && c.seq > disconnectDms()[0]!.seq);
    expect(h.app.logs.some((line) => line.includes('"level":"error"') && line.includes('app_deauthorized'))).toBe(true);
  });
});

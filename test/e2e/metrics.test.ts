import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { POLL } from '../support/expectations.js';
import { startHarness, ZOOM_WEBHOOK_SECRET, type Harness } from '../support/harness.js';
import { STORE_KINDS } from '../support/storage.js';
import { GENERAL } from '../support/world.js';

/** GET /metrics as Prometheus scrapes it, before and after real traffic: the counters move with what happened. */
let h: Harness;
afterEach(async () => {
  h.slack.assertNoViolations();
  await h.close();
});

const HOUR = 60 * 60_000;

async function scrape(headers: Record<string, string> = {}): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(`${h.app.url}/metrics`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

/** The value of one sample line, e.g. `meetings_total{action="created"}`; 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

async function zoomWebhook(event: object): Promise<number> {
  const body = JSON.stringify(event);
  const timestamp = Math.floor(h.clock.now() / 1000);
  const signature = `v0=${createHmac('sha256', ZOOM_WEBHOOK_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const res = await fetch(`${h.app.url}/zoom/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zm-request-timestamp': String(timestamp), 'x-zm-signature': signature },
    body,
  });
  return res.status;
}

describe.each(STORE_KINDS)('GET /metrics (%s store)', (store) => {
  it('counts a /zoom new: the request and its ack time, the Zoom calls, the meeting, the store, a refresh and a webhook', async () => {
    h = await startHarness({ store });
    await h.connect();
    const before = await scrape();
    expect(before.status).toBe(200);
    expect(before.type).toContain('text/plain');
    expect(sample(before.text, 'meetings_total{action="created"}')).toBe(0);

    // After the access token expired: the command refreshes the grant first.
    h.clock.advance(HOUR + 60_000);
    const ack = await h.command('new Design review tomorrow 3pm');
    expect(ack.status).toBe(200);
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id && String(c.args.text).includes('Design review'));
    expect(await zoomWebhook({ event: 'endpoint.url_validation', payload: { plainToken: 'plain' }, event_ts: h.clock.now() })).toBe(200);

    // A request is counted when its work is done, after the ack (the card and the start link).
    await expect.poll(async () => sample((await scrape()).text, 'slack_requests_total{kind="command",outcome="ok"}'), POLL).toBe(2);
    const after = (await scrape()).text;
    const moved = (series: string) => sample(after, series) - sample(before.text, series);
    expect(moved('slack_ack_seconds_count{kind="command"}')).toBe(1);
    expect(sample(after, 'slack_ack_seconds_bucket{le="3",kind="command"}')).toBe(sample(after, 'slack_ack_seconds_count{kind="command"}'));
    expect(moved('zoom_calls_total{endpoint="/v2/users/me/meetings",method="POST",status="201"}')).toBe(1);
    expect(moved('zoom_token_refreshes_total{outcome="ok"}')).toBe(1);
    expect(moved('meetings_total{action="created"}')).toBe(1);
    expect(moved('zoom_webhook_events_total{event="endpoint.url_validation"}')).toBe(1);
    expect(moved('store_operation_seconds_count{store="grants",operation="get",outcome="ok"}')).toBeGreaterThan(0);
    // Labels stay bounded: no meeting number, user id or email in them.
    expect(after).not.toMatch(/endpoint="[^"]*(\d{6,}|@|%40)/);
  });

  it('with METRICS_TOKEN: refused without the bearer token, served with it', async () => {
    h = await startHarness({ store, env: { METRICS_TOKEN: 'metrics-secret' } });
    expect((await scrape()).status).toBe(401);
    expect((await scrape({ authorization: 'Bearer wrong' })).status).toBe(401);
    const served = await scrape({ authorization: 'Bearer metrics-secret' });
    expect(served.status).toBe(200);
    expect(served.text).toContain('# TYPE slack_requests_total counter');
  });
});

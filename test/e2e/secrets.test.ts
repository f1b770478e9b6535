import { afterEach, describe, expect, it } from 'vitest';
import type { ZoomGrant } from '../../src/storage/types.js';
import { startHarness, ZOOM_CLIENT, type Harness } from '../support/harness.js';
import { rawStoreText, STORE_KINDS } from '../support/storage.js';
import { ALICE, GENERAL, TEAM } from '../support/world.js';

/**
 * No token in plain text: after a full flow (connect, schedule, refresh after expiry, 401 and refresh,
 * schedule, disconnect with a failing revoke), neither the store as it sits on disk / in PostgreSQL nor any
 * log line holds a Zoom token the fake issued, the Slack bot token or the Zoom client secret.
 */

let h: Harness;
afterEach(async () => {
  h.slack.assertNoViolations();
  await h.close();
});

const HOUR = 60 * 60_000;

const grantOfAlice = async () => (await h.app.storage.grants.get(TEAM.id, ALICE.id)) as ZoomGrant;
const cardFor = (topic: string) => h.slack.waitForCall('chat.postMessage', (c) => c.ok && c.args.channel === GENERAL.id && JSON.stringify(c.args).includes(topic));

describe.each(STORE_KINDS)('no secret in plain text (%s store)', (store) => {
  it('neither at rest nor in any log line, after connect, two refreshes, scheduling and disconnect', async () => {
    h = await startHarness({ store });
    const tokens = new Set<string>();
    const remember = (grant: ZoomGrant) => {
      tokens.add(grant.accessToken);
      tokens.add(grant.refreshToken);
    };

    await h.connect();
    await h.slack.waitForCall('views.publish', (c) => c.args.user_id === ALICE.id);
    remember(await grantOfAlice());
    await h.command('new Design review tomorrow 3pm');
    await cardFor('Design review');

    // Refresh ahead of expiry.
    h.clock.advance(HOUR + 60_000);
    await h.command('new Retro tomorrow 4pm');
    await cardFor('Retro');
    const v2 = await grantOfAlice();
    expect(v2.version).toBe(2);
    remember(v2);

    // Refresh after a 401 (logged at info).
    h.zoom.invalidateAccessToken(v2.accessToken);
    await h.command('new Planning tomorrow 5pm');
    await cardFor('Planning');
    const v3 = await grantOfAlice();
    expect(v3.version).toBe(3);
    remember(v3);
    for (const request of h.zoom.requests) if (request.bearer) tokens.add(request.bearer);
    expect(tokens.size).toBeGreaterThanOrEqual(6);

    // At rest, while the grant exists: the records are there, encrypted.
    const atRest = await rawStoreText(h.location);
    expect(atRest).toContain('grants:');
    expect(atRest).toContain('v1:');
    for (const token of tokens) expect(atRest).not.toContain(token);
    // Values are encrypted whole, so personal data is not readable either (ids do appear in keys).
    expect(atRest).not.toContain(ALICE.email);

    // A failing revoke logs a warning with the error.
    h.zoom.failNext('revoke', { status: 500, body: { reason: 'Internal error', error: 'server_error' } });
    await h.command('disconnect');
    const confirmation = await h.slack.waitForResponse((r) => JSON.stringify(r.body).includes('Disconnected'));
    await h.slack.waitForCall('views.publish', (c) => c.args.user_id === ALICE.id && c.seq > confirmation.seq);

    const afterwards = await rawStoreText(h.location);
    for (const token of tokens) expect(afterwards).not.toContain(token);

    const logs = h.app.logs.join('\n');
    expect(h.app.logs.length).toBeGreaterThan(0);
    // The flow did log about the refused token and the failed revoke (so the check below is not vacuous).
    expect(logs).toContain('refused the access token');
    expect(logs).toContain('Zoom revoke failed');
    for (const token of tokens) expect(logs).not.toContain(token);
    expect(logs).not.toContain('xoxb-');
    expect(logs).not.toContain(ZOOM_CLIENT.secret);
    expect(logs).not.toContain(Buffer.from(`${ZOOM_CLIENT.id}:${ZOOM_CLIENT.secret}`).toString('base64'));
  });
});

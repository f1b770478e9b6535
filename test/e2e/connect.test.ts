import { afterEach, describe, expect, it } from 'vitest';
import { connectLinkFromDm, followAuthorizeLink, startHarness, type Harness } from '../support/harness.js';
import { STORE_KINDS } from '../support/storage.js';
import { ALICE, GENERAL, TEAM } from '../support/world.js';

let h: Harness;
afterEach(async () => {
  h.slack.assertNoViolations();
  await h.close();
});

/** Sends /zoom connect and returns the authorize URL from the DM. */
async function requestConnectLink(): Promise<string> {
  const ack = await h.command('connect');
  expect(ack.status).toBe(200);
  expect(ack.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('DM') });
  return connectLinkFromDm(h.slack, ALICE.id);
}

describe.each(STORE_KINDS)('connecting a Zoom account (%s store)', (store) => {
  it('links the account through a DM, a friendly page and a confirmation naming the account', async () => {
    h = await startHarness({ store });
    const link = new URL(await requestConnectLink());
    expect(link.origin + link.pathname).toBe(`${h.zoom.oauthUrl}/oauth/authorize`);
    expect(link.searchParams.get('code_challenge_method')).toBe('S256');
    expect(link.searchParams.get('state')?.length).toBeGreaterThanOrEqual(22);
    expect(link.searchParams.get('redirect_uri')).toBe(`${h.app.url}/zoom/oauth/callback`);
    // The link goes by DM only, never into the channel.
    expect(h.slack.messages({ channel: GENERAL.id })).toHaveLength(0);

    const page = await followAuthorizeLink(h, link.href, ALICE.zoomUserId);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Zoom account alice@example.com is connected');

    const confirmation = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === `D${ALICE.id}` && String(c.args.text).includes('is connected'));
    expect(String(confirmation.args.text)).toContain('Alice Anders');
    expect(String(confirmation.args.text)).toContain('alice@example.com');
    const grant = await h.app.storage.grants.get(TEAM.id, ALICE.id);
    expect(grant).toMatchObject({ zoomUserId: ALICE.zoomUserId, zoomEmail: ALICE.email, zoomName: 'Alice Anders' });
    expect(h.zoom.stats.codeExchanges).toBe(1);
  });

  it('keeps the grant across a restart', async () => {
    h = await startHarness({ store });
    await h.connect();
    await h.restart();
    const ack = await h.command('new Planning tomorrow 10am');
    expect(ack.status).toBe(200);
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id);
    expect(h.zoom.createdMeetings).toHaveLength(1);
  });
});

describe('a connect that must not link anything', () => {
  it('denied consent: a clear 4xx page, nothing stored, no token request', async () => {
    h = await startHarness();
    const link = await requestConnectLink();
    h.zoom.denyNext();
    const page = await followAuthorizeLink(h, link, ALICE.zoomUserId);
    expect(page.status).toBe(403);
    expect(page.html).toContain('You chose not to allow access');
    expect(h.zoom.stats.tokenRequests).toEqual([]);
    expect(await h.app.storage.grants.get(TEAM.id, ALICE.id)).toBeUndefined();
  });

  it('forged state: 400, no token request', async () => {
    h = await startHarness();
    const page = await fetch(`${h.app.url}/zoom/oauth/callback?code=stolen-code&state=forged-state`);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('expired or was already used');
    expect(h.zoom.stats.tokenRequests).toEqual([]);
  });

  it('missing state: 400, no token request', async () => {
    h = await startHarness();
    const page = await fetch(`${h.app.url}/zoom/oauth/callback?code=some-code`);
    expect(page.status).toBe(400);
    expect(h.zoom.stats.tokenRequests).toEqual([]);
  });

  it('expired state (over 10 minutes): 400, no token request', async () => {
    h = await startHarness();
    const link = await requestConnectLink();
    h.clock.advance(10 * 60_000 + 1);
    const page = await followAuthorizeLink(h, link, ALICE.zoomUserId);
    expect(page.status).toBe(400);
    expect(h.zoom.stats.tokenRequests).toEqual([]);
    expect(await h.app.storage.grants.get(TEAM.id, ALICE.id)).toBeUndefined();
  });

  it('replayed callback: the second use is refused and does not reach Zoom', async () => {
    h = await startHarness();
    const first = await followAuthorizeLink(h, await requestConnectLink(), ALICE.zoomUserId);
    expect(first.status).toBe(200);
    const replay = await fetch(first.callbackUrl);
    expect(replay.status).toBe(400);
    expect(h.zoom.stats.tokenRequests).toEqual(['authorization_code']);
  });
});

describe('Slack request verification', () => {
  it('refuses a wrong signature and a timestamp over 5 minutes old', async () => {
    h = await startHarness();
    const input = { teamId: TEAM.id, userId: ALICE.id, channelId: GENERAL.id, text: 'connect' };
    expect((await h.app.sender.slashCommand(input, { forge: { wrongSecret: true } })).status).toBe(401);
    expect((await h.app.sender.slashCommand(input, { forge: { staleTimestamp: true } })).status).toBe(401);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });
});

describe('health', () => {
  it('answers 200 when the store answers', async () => {
    h = await startHarness({ store: 'postgres' });
    const response = await fetch(`${h.app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});

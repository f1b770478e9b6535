import { afterEach, describe, expect, it } from 'vitest';
import { answerConfirmation, connectLinkFromDm, consentAtZoom, followAuthorizeLink, startHarness, type Harness } from '../support/harness.js';
import { STORE_KINDS } from '../support/storage.js';
import { ALICE, BOB, GENERAL, TEAM, ZOOM_ACCOUNT_ID } from '../support/world.js';

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

/** The DMs to a user that confirm a link. */
const connectedDms = (userId: string) => h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === `D${userId}` && String(c.args.text).includes('is connected'));
/** The access token Zoom issued at the latest consent (the app asked who it belongs to with it). */
const latestIssuedAccessToken = () => h.zoom.requests.filter((r) => r.route === 'getMe').at(-1)?.bearer ?? '';

describe.each(STORE_KINDS)('connecting a Zoom account (%s store)', (store) => {
  it('links nothing until the person confirms on a page naming the Slack user and workspace; Confirm links and tells them by DM', async () => {
    h = await startHarness({ store });
    const link = new URL(await requestConnectLink());
    expect(link.origin + link.pathname).toBe(`${h.zoom.oauthUrl}/oauth/authorize`);
    expect(link.searchParams.get('code_challenge_method')).toBe('S256');
    expect(link.searchParams.get('state')?.length).toBeGreaterThanOrEqual(22);
    expect(link.searchParams.get('redirect_uri')).toBe(`${h.app.url}/zoom/oauth/callback`);
    // The link goes by DM only, never into the channel.
    expect(h.slack.messages({ channel: GENERAL.id })).toHaveLength(0);

    const page = await consentAtZoom(h, link.href, ALICE.zoomUserId);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const csp = page.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'none'", "form-action 'self'", "frame-ancestors 'none'"]) expect(csp).toContain(directive);
    expect(page.html).toContain('Link this Zoom account to Slack?');
    expect(page.html).toContain('Zoom account <strong>Alice Anders</strong> (alice@example.com) will be linked to Slack user <strong>alice</strong> in workspace <strong>Acme</strong>');
    expect(page.html).not.toContain('is not the email');
    // Zoom has issued tokens, but nothing is linked and nobody is told yet.
    expect(h.zoom.stats.codeExchanges).toBe(1);
    expect(await h.app.storage.grants.get(TEAM.id, ALICE.id)).toBeUndefined();
    expect(connectedDms(ALICE.id)).toHaveLength(0);

    const done = await answerConfirmation(page, 'confirm');
    expect(done.status).toBe(200);
    expect(done.headers.get('cache-control')).toBe('no-store');
    expect(done.html).toContain('Zoom account alice@example.com is connected to Slack user alice in Acme');

    const confirmation = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === `D${ALICE.id}` && String(c.args.text).includes('is connected'));
    expect(String(confirmation.args.text)).toContain('Alice Anders');
    expect(String(confirmation.args.text)).toContain('alice@example.com');
    const grant = await h.app.storage.grants.get(TEAM.id, ALICE.id);
    expect(grant).toMatchObject({ zoomUserId: ALICE.zoomUserId, zoomEmail: ALICE.email, zoomName: 'Alice Anders', accessToken: latestIssuedAccessToken() });
    expect(h.zoom.stats.revocations).toBe(0);
  });

  it('a forwarded link: the page names Alice and warns of the other email; Bob declines, nothing is linked, his token is revoked, Alice hears privately', async () => {
    h = await startHarness({ store });
    const link = await requestConnectLink();
    // Alice forwards the link to Bob, who is signed in to Zoom as himself.
    const page = await consentAtZoom(h, link, BOB.zoomUserId);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Zoom account <strong>Bob Bhatt</strong> (bob@example.com) will be linked to Slack user <strong>alice</strong> in workspace <strong>Acme</strong>');
    expect(page.html).toContain("This Zoom account's email is not the email on alice's Slack profile.");
    // Alice's own email is not shown to whoever holds her link.
    expect(page.html).not.toContain(ALICE.email);
    const bobsNewToken = latestIssuedAccessToken();
    expect(h.zoom.isAccessTokenValid(bobsNewToken)).toBe(true);

    const declined = await answerConfirmation(page, 'decline');
    expect(declined.status).toBe(200);
    expect(declined.html).toContain('Nothing was linked');
    expect(declined.html).toContain('Zoom account bob@example.com was not linked to Slack user alice');

    const notice = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === `D${ALICE.id}` && String(c.args.text).includes('not completed'));
    expect(String(notice.args.text)).toContain('/zoom connect');
    // The notice does not say whose Zoom account it was.
    expect(JSON.stringify(notice.args)).not.toContain('bob');
    expect(await h.app.storage.grants.get(TEAM.id, ALICE.id)).toBeUndefined();
    expect(await h.app.storage.grants.listByZoomUser(BOB.zoomUserId)).toEqual([]);
    expect(h.zoom.stats.revocations).toBe(1);
    expect(h.zoom.isAccessTokenValid(bobsNewToken)).toBe(false);
    expect(connectedDms(ALICE.id)).toHaveLength(0);
    // Bob was told nothing in Slack.
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === `D${BOB.id}`)).toHaveLength(0);

    // Changing his mind after declining does nothing either.
    const again = await answerConfirmation(page, 'confirm');
    expect(again.status).toBe(409);
    expect(again.html).toContain('This link was declined');
    expect(await h.app.storage.grants.get(TEAM.id, ALICE.id)).toBeUndefined();
  });

  it('replays of the confirm POST (a reload, or at once) link once and tell once; a reload says "already connected"', async () => {
    h = await startHarness({ store });
    const page = await consentAtZoom(h, await requestConnectLink(), ALICE.zoomUserId);
    const answers = await Promise.all(Array.from({ length: 5 }, () => answerConfirmation(page, 'confirm')));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409]);
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === `D${ALICE.id}` && String(c.args.text).includes('is connected'));

    // The browser reloads the result page: it posts the same form again.
    const reload = await answerConfirmation(page, 'confirm');
    expect(reload.status).toBe(409);
    expect(reload.html).toContain('Zoom is already connected');
    expect(reload.html).toContain('alice@example.com is already connected to Slack user alice in Acme');
    expect(reload.html).not.toContain('expired');
    // Reloading the confirmation page itself (the callback URL) says the same, and does not reach Zoom again.
    const callbackReload = await fetch(page.callbackUrl);
    expect(callbackReload.status).toBe(200);
    expect(await callbackReload.text()).toContain('Zoom is already connected');

    const grant = await h.app.storage.grants.get(TEAM.id, ALICE.id);
    expect(grant).toMatchObject({ zoomUserId: ALICE.zoomUserId, version: 1 });
    await h.restart(); // waits for the work acknowledged after the confirm
    expect(connectedDms(ALICE.id)).toHaveLength(1);
    expect(h.zoom.stats.tokenRequests).toEqual(['authorization_code']);
    expect(h.slack.callsTo('views.publish').filter((c) => c.args.user_id === ALICE.id)).toHaveLength(1);
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

  it('a reloaded confirmation page shows the same page (one exchange with Zoom), and its form still works', async () => {
    h = await startHarness();
    const page = await consentAtZoom(h, await requestConnectLink(), ALICE.zoomUserId);
    const reload = await fetch(page.callbackUrl);
    expect(reload.status).toBe(200);
    const reloaded = await reload.text();
    expect(reloaded).toBe(page.html);
    expect(h.zoom.stats.tokenRequests).toEqual(['authorization_code']);
    expect((await answerConfirmation(page, 'confirm')).status).toBe(200);
    expect(await h.app.storage.grants.get(TEAM.id, ALICE.id)).toMatchObject({ zoomUserId: ALICE.zoomUserId });
  });

  it('an answer with a wrong, missing or expired token is refused with a clear page, and links nothing', async () => {
    h = await startHarness();
    const page = await consentAtZoom(h, await requestConnectLink(), ALICE.zoomUserId);
    const wrong = await answerConfirmation({ ...page, html: page.html.replace(/name="token" value="[^"]+"/, 'name="token" value="forged-page-token"') }, 'confirm');
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('This page has expired');
    expect(wrong.html).toContain('nothing was linked');
    const missing = await fetch(`${h.app.url}/zoom/oauth/confirm`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'decision=confirm' });
    expect(missing.status).toBe(400);
    const junk = await fetch(`${h.app.url}/zoom/oauth/confirm`, { method: 'POST', body: '\u0000{"token":null}' });
    expect(junk.status).toBe(400);

    const issued = latestIssuedAccessToken();
    h.clock.advance(10 * 60_000 + 1);
    const late = await answerConfirmation(page, 'confirm');
    expect(late.status).toBe(400);
    expect(late.html).toContain('This page has expired');
    expect(await h.app.storage.grants.get(TEAM.id, ALICE.id)).toBeUndefined();
    // The tokens nobody confirmed are revoked.
    expect(h.zoom.isAccessTokenValid(issued)).toBe(false);
    expect(connectedDms(ALICE.id)).toHaveLength(0);
  });

  it('a page nobody answers: when its 10 minutes are up its tokens are revoked, and the Slack user hears privately, once', async () => {
    h = await startHarness();
    const page = await consentAtZoom(h, await requestConnectLink(), ALICE.zoomUserId);
    const issued = latestIssuedAccessToken();
    h.clock.advance(10 * 60_000 - 1);
    expect(await h.app.jobs.runDue()).toBe(0);
    expect(h.zoom.isAccessTokenValid(issued)).toBe(true);

    h.clock.advance(1);
    expect(await h.app.jobs.runDue()).toBe(1);
    expect(h.zoom.isAccessTokenValid(issued)).toBe(false);
    expect(h.zoom.stats.revocations).toBe(1);
    const notice = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === `D${ALICE.id}` && String(c.args.text).includes('not completed'));
    expect(String(notice.args.text)).toContain('not answered within 10 minutes');
    expect(String(notice.args.text)).not.toContain(ALICE.email);

    // A late answer links nothing, and nothing is revoked or said twice.
    const late = await answerConfirmation(page, 'confirm');
    expect(late.status).toBe(400);
    expect(await h.app.storage.grants.get(TEAM.id, ALICE.id)).toBeUndefined();
    h.clock.advance(60 * 60_000);
    await h.app.jobs.runDue();
    expect(h.zoom.stats.revocations).toBe(1);
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === `D${ALICE.id}` && String(c.args.text).includes('not completed'))).toHaveLength(1);
  });

  it('a page answered in time is not expired later: the link it made stays', async () => {
    h = await startHarness();
    await h.connect();
    h.clock.advance(10 * 60_000);
    expect(await h.app.jobs.runDue()).toBe(1);
    expect(h.zoom.stats.revocations).toBe(0);
    expect(await h.app.storage.grants.get(TEAM.id, ALICE.id)).toBeDefined();
    expect(h.slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).includes('not completed'))).toHaveLength(0);
  });

  it('an answer posted from another site is refused, and the page can still be answered', async () => {
    h = await startHarness();
    const page = await consentAtZoom(h, await requestConnectLink(), ALICE.zoomUserId);
    const crossSite = await answerConfirmation(page, 'confirm', { headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    expect(crossSite.html).toContain('Nothing was linked');
    const otherOrigin = await answerConfirmation(page, 'confirm', { headers: { origin: 'https://evil.example' } });
    expect(otherOrigin.status).toBe(403);
    expect(await h.app.storage.grants.get(TEAM.id, ALICE.id)).toBeUndefined();

    const fromOurPage = await answerConfirmation(page, 'confirm', { headers: { origin: h.app.url, 'sec-fetch-site': 'same-origin' } });
    expect(fromOurPage.status).toBe(200);
    expect(await h.app.storage.grants.get(TEAM.id, ALICE.id)).toBeDefined();
  });

  it('declining with a Zoom account already linked to its owner leaves that link working (Zoom revokes per user, not per token)', async () => {
    h = await startHarness();
    await h.connect(BOB.id, BOB.zoomUserId);
    const bobsGrant = (await h.app.storage.grants.get(TEAM.id, BOB.id))!;
    const page = await consentAtZoom(h, await requestConnectLink(), BOB.zoomUserId);
    expect((await answerConfirmation(page, 'decline')).status).toBe(200);
    expect(h.zoom.stats.revocations).toBe(0);
    expect(h.zoom.isRefreshTokenValid(bobsGrant.refreshToken)).toBe(true);
    expect(await h.app.storage.grants.get(TEAM.id, ALICE.id)).toBeUndefined();
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === `D${ALICE.id}` && String(c.args.text).includes('not completed'));
  });

  it('the page escapes what Slack and Zoom say, and no state, code or token reaches the log', async () => {
    h = await startHarness();
    h.slack.addUser({ teamId: TEAM.id, id: ALICE.id, name: 'alice', email: ALICE.email, tz: ALICE.tz, displayName: '<script>alert("slack")</script>' });
    h.zoom.addUser({ id: 'zu_mallory', email: 'mallory@example.com', first_name: '<img src=x onerror=alert(1)>', last_name: '"&', account_id: ZOOM_ACCOUNT_ID });
    const link = await requestConnectLink();
    const page = await consentAtZoom(h, link, 'zu_mallory');
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('<script>');
    expect(page.html).not.toContain('<img');
    expect(page.html).toContain('&lt;script&gt;alert(&quot;slack&quot;)&lt;/script&gt;');
    expect(page.html).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;&amp;');
    const done = await answerConfirmation(page, 'confirm');
    expect(done.status).toBe(200);
    expect(done.html).not.toContain('<script>');

    const callback = new URL(page.callbackUrl).searchParams;
    const grant = (await h.app.storage.grants.get(TEAM.id, ALICE.id))!;
    const pageToken = /name="token" value="([^"]+)"/.exec(page.html)![1]!;
    const secrets = [callback.get('state')!, callback.get('code')!, pageToken, grant.accessToken, grant.refreshToken];
    const logLines = h.app.logs;
    await h.restart(); // waits for the work acknowledged after the confirm, which logs too
    expect(logLines.join('\n')).toContain('Zoom connect confirmed');
    // The Web API client's own debug lines about the DM that carries the link are issue 10 item 4, redacted in the logger.
    const logs = logLines.filter((line) => !/"msg":"http request (body|result): /.test(line)).join('\n');
    for (const secret of secrets) expect(logs).not.toContain(secret);
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

describe('the root page', () => {
  it('names the app, with no install link in single-workspace mode', async () => {
    h = await startHarness();
    const page = await fetch(`${h.app.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('<h1>Zoom Scheduler</h1>');
    expect(html).not.toContain('/slack/install');
  });
});

describe.each(STORE_KINDS)('health (%s store)', (store) => {
  it('answers 200 while the store answers, and 503 once it does not', async () => {
    h = await startHarness({ store });
    const healthy = await fetch(`${h.app.url}/healthz`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual({ ok: true });

    // The store goes away under the running app (the connection closed, as after a fatal database error).
    await h.app.storage.close();
    const sick = await fetch(`${h.app.url}/healthz`);
    expect(sick.status).toBe(503);
    expect(await sick.json()).toEqual({ ok: false, error: 'store unavailable' });
  });
});

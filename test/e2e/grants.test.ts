import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ZoomGrant } from '../../src/storage/types.js';
import { ROTATED_PAIR_SAVE_RETRY_DELAYS_MS } from '../../src/zoom/tokenManager.js';
import { findButtonUrl, followAuthorizeLink, startHarness, type Harness } from '../support/harness.js';
import { STORE_KINDS } from '../support/storage.js';
import { ALICE, GENERAL, TEAM } from '../support/world.js';

/**
 * Issue 4, token lifecycle through HTTP: expiry between commands, Zoom-side invalidation, many concurrent
 * commands on one expired grant, a refresh token Zoom killed (reconnect, then the command finishes), and
 * disconnect with revocation at Zoom.
 */

let h: Harness;
afterEach(async () => {
  h.slack.assertNoViolations();
  await h.close();
});

const HOUR = 60 * 60_000;

/** Connects Alice and waits until the after-connect work (DM, App Home with its Zoom list call) is done. */
async function connectAlice(): Promise<ZoomGrant> {
  await h.connect();
  await h.slack.waitForCall('views.publish', (c) => c.args.user_id === ALICE.id);
  return (await grantOfAlice())!;
}

const grantOfAlice = () => h.app.storage.grants.get(TEAM.id, ALICE.id);

/** The meeting card for this topic, posted in #general. */
const cardFor = (topic: string) =>
  h.slack.waitForCall('chat.postMessage', (c) => c.ok && c.args.channel === GENERAL.id && JSON.stringify(c.args).includes(topic));

/** The host's private start link for this topic. */
const startLinkFor = (topic: string) =>
  h.slack.waitForCall('chat.postEphemeral', (c) => c.ok && c.args.user === ALICE.id && JSON.stringify(c.args).includes(topic));

/** What a store outage looks like to the grant store (a PostgreSQL connection dropped mid-query). */
const storeBlip = () => new Error('Connection terminated unexpectedly');

/** Short, so an answer Zoom holds back is given up on within the test. */
const SHORT_ZOOM_TIMEOUT_MS = 300;

/** Private replies with a connect button. */
const connectPrompts = () => h.slack.responses.filter((r) => r.body.response_type === 'ephemeral' && JSON.stringify(r.body).includes('zoom_connect_open'));

/** The private reply with a connect button that promises to schedule this topic. */
const connectPromptNaming = (topic: string) =>
  h.slack.waitForResponse((r) => r.body.response_type === 'ephemeral' && JSON.stringify(r.body).includes('zoom_connect_open') && JSON.stringify(r.body).includes(`*${topic}*`));

const refreshRequests = () => h.zoom.requests.filter((r) => r.route === 'token' && r.grantType === 'refresh_token');
const createRequests = () => h.zoom.requests.filter((r) => r.route === 'createMeeting');

describe.each(STORE_KINDS)('Zoom grant lifecycle (%s store)', (store) => {
  it('an access token that expired between two commands is refreshed once, saved as v2, and the old refresh token is dead', async () => {
    h = await startHarness({ store });
    const v1 = await connectAlice();
    expect(v1.version).toBe(1);

    await h.command('new Design review tomorrow 3pm');
    await cardFor('Design review');
    expect(h.zoom.stats.refreshCount).toBe(0);

    h.clock.advance(HOUR + 60_000);
    expect(h.zoom.isAccessTokenValid(v1.accessToken)).toBe(false);
    await h.command('new Retro tomorrow 4pm');
    await cardFor('Retro');

    expect(h.zoom.stats.refreshCount).toBe(1);
    const v2 = (await grantOfAlice())!;
    expect(v2.version).toBe(2);
    expect(v2.refreshToken).not.toBe(v1.refreshToken);
    expect(v2.accessToken).not.toBe(v1.accessToken);
    expect(v2.accessTokenExpiresAt).toBe(h.clock.now() + HOUR);
    expect(h.zoom.isRefreshTokenValid(v1.refreshToken)).toBe(false);
    expect(h.zoom.isRefreshTokenValid(v2.refreshToken)).toBe(true);
    // The expired token was never sent: the refresh came first, and the create used the new token.
    expect(createRequests().map((r) => [r.status, r.bearer])).toEqual([
      [201, v1.accessToken],
      [201, v2.accessToken],
    ]);
    expect(h.zoom.createdMeetings.map((m) => m.topic)).toEqual(['Design review', 'Retro']);
  });

  it('a token Zoom invalidated before its expiry: 401 (124), one refresh, the create retried once, one meeting', async () => {
    h = await startHarness({ store });
    const v1 = await connectAlice();
    h.zoom.invalidateAccessToken(v1.accessToken);

    await h.command('new Design review tomorrow 3pm');
    await cardFor('Design review');

    expect(h.zoom.stats.refreshCount).toBe(1);
    const v2 = (await grantOfAlice())!;
    expect(v2.version).toBe(2);
    expect(createRequests().map((r) => [r.status, r.bearer])).toEqual([
      [401, v1.accessToken],
      [201, v2.accessToken],
    ]);
    expect(h.zoom.createdMeetings).toHaveLength(1);
  });

  it('20 concurrent /zoom new on one expired grant: exactly one refresh, 20 meetings, 20 cards', async () => {
    const N = 20;
    h = await startHarness({ store });
    await connectAlice();
    h.clock.advance(HOUR + 60_000);

    // Letters, not numbers: see the report (a number before "tomorrow" confuses the parser).
    const topics = Array.from({ length: N }, (_, i) => `Sync squad ${String.fromCharCode(65 + i).repeat(2)}`);
    const acks = await Promise.all(topics.map((topic) => h.command(`new ${topic} tomorrow 3pm`)));
    expect(acks.map((ack) => ack.status)).toEqual(topics.map(() => 200));
    await Promise.all(topics.map(cardFor));
    await Promise.all(topics.map(startLinkFor));

    expect(h.zoom.stats.refreshCount).toBe(1);
    expect(refreshRequests()).toHaveLength(1);
    expect(h.zoom.createdMeetings.map((m) => m.topic).sort()).toEqual([...topics].sort());
    expect(new Set(h.zoom.createdMeetings.map((m) => m.start_time))).toEqual(new Set(['2026-11-24T20:00:00Z']));
    expect(createRequests()).toHaveLength(N);
    // Every create carried the one refreshed token; none was refused.
    const v2 = (await grantOfAlice())!;
    expect(v2.version).toBe(2);
    expect(new Set(createRequests().map((r) => `${r.status} ${r.bearer}`))).toEqual(new Set([`201 ${v2.accessToken}`]));
    const cards = h.slack.callsTo('chat.postMessage').filter((c) => c.ok && c.args.channel === GENERAL.id);
    expect(cards).toHaveLength(N);
  });

  it('20 concurrent /zoom new whose token Zoom invalidated: every 401 shares one refresh, 20 meetings', async () => {
    const N = 20;
    h = await startHarness({ store });
    const v1 = await connectAlice();
    h.zoom.invalidateAccessToken(v1.accessToken);

    const topics = Array.from({ length: N }, (_, i) => `Sync squad ${String.fromCharCode(65 + i).repeat(2)}`);
    await Promise.all(topics.map((topic) => h.command(`new ${topic} tomorrow 3pm`)));
    await Promise.all(topics.map(cardFor));

    expect(h.zoom.stats.refreshCount).toBe(1);
    const v2 = (await grantOfAlice())!;
    expect(v2.version).toBe(2);
    const creates = createRequests();
    // A command that read the grant before the refresh met a 401 once and was retried with v2.
    expect(creates.filter((r) => r.status === 201).map((r) => r.bearer)).toEqual(topics.map(() => v2.accessToken));
    expect(creates.filter((r) => r.status !== 201).every((r) => r.status === 401 && r.bearer === v1.accessToken)).toBe(true);
    expect(h.zoom.createdMeetings.map((m) => m.topic).sort()).toEqual([...topics].sort());
  });

  it('a refresh token Zoom killed: told privately with a reconnect button naming the topic; after reconnecting the meeting is made, once', async () => {
    h = await startHarness({ store });
    const v1 = await connectAlice();
    h.zoom.killRefreshTokens(ALICE.zoomUserId);
    h.clock.advance(HOUR + 60_000);

    await h.command('new Design review tomorrow 3pm');
    const prompt = await h.slack.waitForResponse((r) => r.body.response_type === 'ephemeral' && JSON.stringify(r.body).includes('zoom_connect_open'));
    const said = JSON.stringify(prompt.body);
    expect(said).toContain('no longer accepts');
    expect(said).toContain('*Design review*');
    expect(h.zoom.createdMeetings).toHaveLength(0);
    // Dead is dead: the grant is gone, so no one retries the killed refresh token.
    expect(await grantOfAlice()).toBeUndefined();
    expect(h.zoom.stats.tokenRequests.filter((t) => t === 'refresh_token')).toHaveLength(1);
    // Nothing went into the channel.
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === GENERAL.id)).toHaveLength(0);

    const link = findButtonUrl(prompt.body.blocks, 'zoom_connect_open');
    expect(link).toBeDefined();
    const page = await followAuthorizeLink(h, link!, ALICE.zoomUserId);
    expect(page.status).toBe(200);

    const card = await cardFor('Design review');
    const done = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === `D${ALICE.id}` && String(c.args.text).includes('As you asked'));
    expect(String(done.args.text)).toContain('*Design review*');
    expect(String(done.args.text)).toContain(`<#${GENERAL.id}>`);
    await startLinkFor('Design review');

    expect(h.zoom.createdMeetings).toHaveLength(1);
    expect(createRequests()).toHaveLength(1);
    const [meeting] = h.zoom.createdMeetings;
    // Still the time asked for: "tomorrow 3pm" as read when the command was typed.
    expect(meeting).toMatchObject({ topic: 'Design review', start_time: '2026-11-24T20:00:00Z' });
    expect(JSON.stringify(card.args.blocks)).toContain(meeting!.join_url);
    const v1again = (await grantOfAlice())!;
    expect(v1again.version).toBe(1);
    expect(v1again.refreshToken).not.toBe(v1.refreshToken);
  });

  it('a command waiting for a reconnect also finishes when the user reconnects with /zoom connect, not the prompt', async () => {
    h = await startHarness({ store });
    await connectAlice();
    h.zoom.killRefreshTokens(ALICE.zoomUserId);
    h.clock.advance(HOUR + 60_000);
    await h.command('new Design review tomorrow 3pm');
    await h.slack.waitForResponse((r) => r.body.response_type === 'ephemeral' && JSON.stringify(r.body).includes('zoom_connect_open'));

    await h.connect();
    await cardFor('Design review');
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === `D${ALICE.id}` && String(c.args.text).includes('As you asked'));
    expect(createRequests()).toHaveLength(1);

    // Taken once: a later reconnect does not schedule it again.
    await h.connect();
    expect(createRequests()).toHaveLength(1);
  });

  it('the store refuses the rotated pair once: the command works on the new token, no reconnect is asked, and the pair lands', async () => {
    h = await startHarness({ store });
    const v1 = await connectAlice();
    const saves = vi.spyOn(h.app.storage.grants, 'save').mockRejectedValueOnce(storeBlip());
    h.clock.advance(HOUR + 60_000);

    await h.command('new Design review tomorrow 3pm');
    await cardFor('Design review');
    await startLinkFor('Design review');
    const rotated = saves.mock.calls[0]![0];
    await vi.waitFor(async () => expect(await grantOfAlice()).toEqual(rotated));
    expect(rotated).toMatchObject({ version: 2 });
    expect(rotated.refreshToken).not.toBe(v1.refreshToken);
    expect(h.zoom.isRefreshTokenValid(rotated.refreshToken)).toBe(true);
    expect(createRequests().map((r) => [r.status, r.bearer])).toEqual([[201, rotated.accessToken]]);
    expect(refreshRequests()).toHaveLength(1);
    expect(connectPrompts()).toHaveLength(0);
  });

  it('the store refuses the rotated pair for minutes: commands work on the pair held in memory, and it lands once the store is back', async () => {
    h = await startHarness({ store });
    await connectAlice();
    const saves = vi.spyOn(h.app.storage.grants, 'save').mockRejectedValue(storeBlip());
    h.clock.advance(HOUR + 60_000);

    await h.command('new Design review tomorrow 3pm');
    await cardFor('Design review');
    const rotated = saves.mock.calls[0]![0];
    // The first save and every retry of the bounded backoff (and more, at later uses) were refused: the store still
    // has the old pair, and every attempt was to save the one rotated pair.
    await vi.waitFor(() => expect(saves.mock.calls.length).toBeGreaterThan(ROTATED_PAIR_SAVE_RETRY_DELAYS_MS.length));
    expect(new Set(saves.mock.calls.map(([grant]) => grant.refreshToken))).toEqual(new Set([rotated.refreshToken]));
    expect((await grantOfAlice())?.version).toBe(1);

    await h.command('new Retro tomorrow 4pm');
    await cardFor('Retro');

    saves.mockRestore();
    await h.command('new Planning tomorrow 5pm');
    await cardFor('Planning');
    await vi.waitFor(async () => expect(await grantOfAlice()).toEqual(rotated));
    // One refresh: nothing ever tried the refresh token Zoom had killed.
    expect(refreshRequests().map((r) => r.status)).toEqual([200]);
    expect(createRequests().map((r) => [r.status, r.bearer])).toEqual(['Design review', 'Retro', 'Planning'].map(() => [201, rotated.accessToken]));
    expect(connectPrompts()).toHaveLength(0);
  });

  it('a refresh whose answer is lost: told to reconnect, grant kept; after reconnecting the command is made, once', async () => {
    h = await startHarness({ store, env: { ZOOM_TIMEOUT_MS: String(SHORT_ZOOM_TIMEOUT_MS) } });
    const v1 = await connectAlice();
    h.clock.advance(HOUR + 60_000);
    // Zoom rotates the pair, then its answer never arrives.
    const answer = h.zoom.hangNext('token', { afterProcessing: true });

    await h.command('new Design review tomorrow 3pm');
    const prompt = await connectPromptNaming('Design review');
    answer.release();
    expect(JSON.stringify(prompt.body)).toContain('Zoom stopped answering');
    expect(await grantOfAlice()).toEqual(v1);
    expect(h.zoom.createdMeetings).toHaveLength(0);

    const page = await followAuthorizeLink(h, findButtonUrl(prompt.body.blocks, 'zoom_connect_open')!, ALICE.zoomUserId);
    expect(page.status).toBe(200);
    await cardFor('Design review');
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === `D${ALICE.id}` && String(c.args.text).includes('I scheduled *Design review*'));
    expect(createRequests()).toHaveLength(1);
  });

  it('a refresh whose answer was lost, then the next command: invalid_grant ends the link, and both commands finish after reconnecting', async () => {
    h = await startHarness({ store, env: { ZOOM_TIMEOUT_MS: String(SHORT_ZOOM_TIMEOUT_MS) } });
    await connectAlice();
    h.clock.advance(HOUR + 60_000);
    const answer = h.zoom.hangNext('token', { afterProcessing: true });
    await h.command('new Design review tomorrow 3pm');
    await connectPromptNaming('Design review');
    answer.release();

    // Not reconnected: the next command refreshes with the kept refresh token, which Zoom had killed.
    await h.command('new Retro tomorrow 4pm');
    const prompt = await connectPromptNaming('Retro');
    expect(JSON.stringify(prompt.body)).toContain('no longer accepts');
    expect(await grantOfAlice()).toBeUndefined();
    expect(refreshRequests().map((r) => r.status)).toEqual([200, 400]);

    await followAuthorizeLink(h, findButtonUrl(prompt.body.blocks, 'zoom_connect_open')!, ALICE.zoomUserId);
    await Promise.all(['Design review', 'Retro'].map(cardFor));
    expect(h.zoom.createdMeetings.map((m) => m.topic).sort()).toEqual(['Design review', 'Retro']);
  });

  it('/zoom disconnect: revoked at Zoom, grant deleted, confirmed privately, App Home re-published', async () => {
    h = await startHarness({ store });
    const grant = await connectAlice();
    const publishesBefore = h.slack.callsTo('views.publish').length;

    await h.command('disconnect');
    const confirmation = await h.slack.waitForResponse((r) => r.body.response_type === 'ephemeral' && JSON.stringify(r.body).includes('Disconnected'));
    expect(JSON.stringify(confirmation.body)).toContain('I no longer have access');
    expect(JSON.stringify(confirmation.body)).toContain(ALICE.email);
    expect(h.zoom.stats.revocations).toBe(1);
    expect(h.zoom.isRefreshTokenValid(grant.refreshToken)).toBe(false);
    expect(h.zoom.isAccessTokenValid(grant.accessToken)).toBe(false);
    expect(await grantOfAlice()).toBeUndefined();

    const publish = await h.slack.waitFor((c) => c.method === 'views.publish' && c.seq > confirmation.seq && c.args.user_id === ALICE.id);
    expect(h.slack.callsTo('views.publish').length).toBe(publishesBefore + 1);
    // The Home tab now offers to connect rather than naming the old account.
    expect(JSON.stringify(publish.args.view)).not.toContain(ALICE.email);
  });
});

describe('refreshing ahead of expiry', () => {
  it('a token with under 5 minutes left is refreshed before use, so Zoom never sees it refused', async () => {
    h = await startHarness();
    const v1 = await connectAlice();
    h.clock.advance(HOUR - 4 * 60_000);
    expect(h.zoom.isAccessTokenValid(v1.accessToken)).toBe(true);
    await h.command('new Design review tomorrow 3pm');
    await cardFor('Design review');
    const v2 = (await grantOfAlice())!;
    expect(h.zoom.stats.refreshCount).toBe(1);
    expect(createRequests().map((r) => [r.status, r.bearer])).toEqual([[201, v2.accessToken]]);
  });
});

describe('/zoom disconnect when Zoom does not cooperate', () => {
  it('the revoke fails (500): the grant is still deleted and the message says Zoom was not told', async () => {
    h = await startHarness();
    const grant = await connectAlice();
    h.zoom.failNext('revoke', { status: 500, body: { reason: 'Internal error', error: 'server_error' } });

    await h.command('disconnect');
    const confirmation = await h.slack.waitForResponse((r) => r.body.response_type === 'ephemeral' && JSON.stringify(r.body).includes('Disconnected'));
    const said = JSON.stringify(confirmation.body);
    expect(said).toContain('Zoom did not answer the revoke request');
    expect(said).toContain('Added Apps');
    expect(await grantOfAlice()).toBeUndefined();
    expect(h.zoom.stats.revocations).toBe(0);
    // Zoom still holds the grant; the user was told to remove the app there.
    expect(h.zoom.isRefreshTokenValid(grant.refreshToken)).toBe(true);
    await h.slack.waitFor((c) => c.method === 'views.publish' && c.seq > confirmation.seq);
  });

  it('the access token is no longer accepted (expired or invalidated): the grant is still revoked at Zoom', async () => {
    h = await startHarness();
    const grant = await connectAlice();
    h.zoom.expireAccessTokens();
    h.clock.advance(HOUR + 60_000);

    await h.command('disconnect');
    const confirmation = await h.slack.waitForResponse((r) => r.body.response_type === 'ephemeral' && JSON.stringify(r.body).includes('Disconnected'));
    expect(JSON.stringify(confirmation.body)).toContain('I no longer have access');
    expect(await grantOfAlice()).toBeUndefined();
    // The refresh token would otherwise have lived on at Zoom for 90 days.
    expect(h.zoom.isRefreshTokenValid(grant.refreshToken)).toBe(false);
    expect(h.zoom.stats.revocations).toBe(1);
  });
});

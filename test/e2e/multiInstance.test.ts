import { afterEach, describe, expect, it } from 'vitest';
import { grantLockName } from '../../src/zoom/tokenManager.js';
import { answerConfirmation, connectLinkFromDm, consentAtZoom, findButtonUrl, followAuthorizeLink, startInstance, startWorld, type AppInstance, type World } from '../support/harness.js';
import { waitForLockWaiters } from '../support/pgLocks.js';
import { ALICE, GENERAL, TEAM } from '../support/world.js';

/**
 * Several app instances behind one load balancer, sharing one PostgreSQL: they must behave as one. A
 * connect started on one finishes on another, and commands spread across them after the access token
 * expired still cause exactly one refresh (Zoom kills the old refresh token at once, so a second refresh
 * would lose the grant).
 */

/** The address every instance is published under (the load balancer); the test sends each request to a chosen instance. */
const PUBLIC_URL = 'https://zoom-bot.example.test';
const HOUR = 60 * 60_000;

let world: World;
let instances: AppInstance[] = [];
afterEach(async () => {
  world.slack.assertNoViolations();
  await Promise.all(instances.map((instance) => instance.stop()));
  instances = [];
  await world.close();
});

const command = (instance: AppInstance, text: string) => instance.sender.slashCommand({ teamId: TEAM.id, userId: ALICE.id, channelId: GENERAL.id, text });
const cardFor = (topic: string) =>
  world.slack.waitForCall('chat.postMessage', (c) => c.ok && c.args.channel === GENERAL.id && JSON.stringify(c.args).includes(topic));

describe('two app instances sharing PostgreSQL', () => {
  it('a connect started on A finishes on B; after expiry 20 commands spread over A and B make one refresh and 20 meetings', async () => {
    world = await startWorld({ store: 'postgres' });
    const a = await startInstance(world, { PUBLIC_URL });
    const b = await startInstance(world, { PUBLIC_URL });
    instances = [a, b];

    // Connect: /zoom connect reaches A; Zoom sends the browser back to the load balancer, which picks B.
    const ack = await command(a, 'connect');
    expect(ack.status).toBe(200);
    const link = await connectLinkFromDm(world.slack, ALICE.id);
    expect(new URL(link).searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/zoom/oauth/callback`);
    const page = await consentAtZoom(world, link, ALICE.zoomUserId, b.url);
    expect(page.callbackUrl.startsWith(`${b.url}/zoom/oauth/callback?`)).toBe(true);
    expect(page.status).toBe(200);
    // The confirmation page came from B; the load balancer sends its form to A, and a replay of it to B.
    const confirmed = await answerConfirmation(page, 'confirm', { base: a.url });
    expect(confirmed.status).toBe(200);
    expect(confirmed.html).toContain('alice@example.com is connected');
    const replay = await answerConfirmation(page, 'confirm', { base: b.url });
    expect(replay.status).toBe(409);
    expect(replay.html).toContain('Zoom is already connected');
    await world.slack.waitForCall('chat.postMessage', (c) => c.args.channel === `D${ALICE.id}` && String(c.args.text).includes('is connected'));
    await world.slack.waitForCall('views.publish', (c) => c.args.user_id === ALICE.id);
    // B answered the callback, so B exchanged the code with the PKCE verifier A had stored; A saved the grant.
    expect(world.zoom.stats.codeExchanges).toBe(1);
    const v1 = (await a.storage.grants.get(TEAM.id, ALICE.id))!;
    expect(v1).toMatchObject({ zoomUserId: ALICE.zoomUserId, version: 1 });

    // An hour later: 20 commands, alternating between A and B, all at once. The first refresh is held at
    // Zoom until every command has been acknowledged and has looked the user up, so both instances pile up
    // behind the one refresh (in-process single flight on one, the PostgreSQL advisory lock across them).
    world.clock.advance(HOUR + 60_000);
    const refreshHeld = world.zoom.hangNext('token');
    const topics = Array.from({ length: 20 }, (_, i) => `Sync squad ${String.fromCharCode(65 + i).repeat(2)}`);
    const usersInfoBefore = world.slack.callsTo('users.info').length;
    const acks = await Promise.all(topics.map((topic, i) => command(i % 2 === 0 ? a : b, `new ${topic} tomorrow 3pm`)));
    expect(acks.map((r) => r.status)).toEqual(topics.map(() => 200));
    await refreshHeld.arrived;
    await world.slack.waitFor(() => world.slack.callsTo('users.info').length >= usersInfoBefore + topics.length);
    refreshHeld.release();

    await Promise.all(topics.map(cardFor));

    const refreshes = world.zoom.stats.refreshCount;
    const meetings = world.zoom.createdMeetings.length;
    expect({ refreshes, meetings }).toEqual({ refreshes: 1, meetings: 20 });
    expect(world.zoom.stats.tokenRequests.filter((t) => t === 'refresh_token')).toHaveLength(1);
    expect(world.zoom.createdMeetings.map((m) => m.topic).sort()).toEqual([...topics].sort());
    // Every create, from either instance, carried the one refreshed token.
    const v2 = (await b.storage.grants.get(TEAM.id, ALICE.id))!;
    expect(v2.version).toBe(2);
    const creates = world.zoom.requests.filter((r) => r.route === 'createMeeting');
    expect(new Set(creates.map((r) => `${r.status} ${r.bearer}`))).toEqual(new Set([`201 ${v2.accessToken}`]));
    expect(world.zoom.isRefreshTokenValid(v1.refreshToken)).toBe(false);
    expect(world.zoom.isRefreshTokenValid(v2.refreshToken)).toBe(true);
  });

  it('a refresh token Zoom killed, met by both instances at once: one refresh attempt, both commands kept and finished after reconnecting', async () => {
    world = await startWorld({ store: 'postgres' });
    const a = await startInstance(world, { PUBLIC_URL });
    const b = await startInstance(world, { PUBLIC_URL });
    instances = [a, b];
    await command(a, 'connect');
    await followAuthorizeLink(world, await connectLinkFromDm(world.slack, ALICE.id), ALICE.zoomUserId, a.url);
    await world.slack.waitForCall('views.publish', (c) => c.args.user_id === ALICE.id);

    world.zoom.killRefreshTokens(ALICE.zoomUserId);
    world.clock.advance(HOUR + 60_000);
    // A's refresh is held at Zoom (A holds the grant's lock) until B's command is queued behind that lock.
    const refreshHeld = world.zoom.hangNext('token');
    await command(a, 'new Design review tomorrow 3pm');
    await refreshHeld.arrived;
    await command(b, 'new Retro tomorrow 4pm');
    await waitForLockWaiters(`${world.location.namespace}:${grantLockName(TEAM.id, ALICE.id)}`, 1);
    refreshHeld.release();

    const prompts = await Promise.all(['*Design review*', '*Retro*'].map((topic) => connectPromptNaming(topic)));
    // One attempt with the dead refresh token; B re-read the store under the lock and found the grant gone.
    expect(world.zoom.stats.tokenRequests.filter((t) => t === 'refresh_token')).toHaveLength(1);
    expect(await a.storage.grants.get(TEAM.id, ALICE.id)).toBeUndefined();
    expect(world.zoom.createdMeetings).toHaveLength(0);

    // Each prompt's link finishes its own command, whichever instance the browser lands on.
    for (const [prompt, topic, landOn] of [[prompts[1]!, 'Retro', a], [prompts[0]!, 'Design review', b]] as const) {
      const page = await followAuthorizeLink(world, findButtonUrl(prompt.body.blocks, 'zoom_connect_open')!, ALICE.zoomUserId, landOn.url);
      expect(page.status).toBe(200);
      await cardFor(topic);
      await world.slack.waitForCall('chat.postMessage', (c) => c.args.channel === `D${ALICE.id}` && String(c.args.text).includes(`I scheduled *${topic}*`));
    }
    expect(world.zoom.createdMeetings.map((m) => m.topic).sort()).toEqual(['Design review', 'Retro']);
  });
});

/** The private reply with a connect button that promises to schedule this topic. */
function connectPromptNaming(topic: string) {
  return world.slack.waitForResponse((r) => r.body.response_type === 'ephemeral' && JSON.stringify(r.body).includes('zoom_connect_open') && JSON.stringify(r.body).includes(topic));
}

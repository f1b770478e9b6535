import { afterEach, describe, expect, it } from 'vitest';
import type { ZoomGrant } from '../../src/storage/types.js';
import { clickOnCard, EDIT_CALLBACK, modalFromTrigger, scheduleCard, submit, triggerOf } from '../slack/support/flows.js';
import { connectLinkFromDm, followAuthorizeLink, startHarness, type Harness } from '../support/harness.js';
import { STORE_KINDS } from '../support/storage.js';
import { ALICE, TEAM } from '../support/world.js';

/**
 * A debug-level run of the whole life of a link and a meeting (connect, new, list, edit, cancel, disconnect):
 * no log line holds a token, start link, zak, OAuth state or code, or email that flowed through it, although the
 * Slack Web API client logs every request body at debug. Each line about a request names it.
 */
let h: Harness;
afterEach(async () => {
  h.slack.assertNoViolations();
  await h.close();
});

describe.each(STORE_KINDS)('a debug-level log (%s store)', (store) => {
  it('holds no secret that flowed, and names the request of each line', async () => {
    h = await startHarness({ store });
    const secrets = new Set<string>([TEAM.botToken, ALICE.email, encodeURIComponent(ALICE.email)]);

    // Connect, keeping the state and code the browser carried.
    await h.command('connect');
    const link = new URL(await connectLinkFromDm(h.slack, ALICE.id));
    const { callbackUrl, status } = await followAuthorizeLink(h, link.href, ALICE.zoomUserId);
    expect(status).toBe(200);
    const callback = new URL(callbackUrl);
    for (const value of [link.searchParams.get('state'), callback.searchParams.get('code'), callback.searchParams.get('state')]) secrets.add(value!);
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === `D${ALICE.id}` && String(c.args.text).includes('is connected'));

    // New (its start link is DMed), list, edit, cancel, disconnect.
    const { card, meetingId } = await scheduleCard(h);
    await h.command('list');
    await h.slack.waitForResponse((r) => JSON.stringify(r.body).includes('Design review'));
    const edit = await clickOnCard(h, card, ALICE.id, 'meeting_edit');
    await submit(h, (await modalFromTrigger(h, triggerOf(edit), EDIT_CALLBACK)).view, { 'topic/value': 'Design review, round 2' }, { userId: ALICE.id });
    await h.slack.waitForCall('chat.update', (c) => c.args.ts === card.ts && JSON.stringify(c.args.blocks).includes('round 2'));
    await clickOnCard(h, card, ALICE.id, 'meeting_cancel');
    await h.slack.waitForCall('chat.update', (c) => c.args.ts === card.ts && String(c.args.text).includes('Cancelled'));
    const grant = (await h.app.storage.grants.get(TEAM.id, ALICE.id)) as ZoomGrant;
    secrets.add(grant.accessToken).add(grant.refreshToken);
    await h.command('disconnect');
    await h.slack.waitForResponse((r) => JSON.stringify(r.body).includes('Disconnected'));

    for (const request of h.zoom.requests) if (request.bearer) secrets.add(request.bearer);
    const started = h.zoom.createdMeetings.find((m) => m.id === meetingId)!;
    secrets.add(started.start_url).add(new URL(started.start_url).searchParams.get('zak')!);

    const logs = h.app.logs.join('\n');
    // Not vacuous: the Web API client's request bodies were logged, among them the DM that carried the start link.
    expect(logs).toContain('http request body');
    expect(h.slack.callsTo('chat.postEphemeral').some((c) => JSON.stringify(c.args).includes(started.start_url))).toBe(true);
    for (const secret of secrets) expect(logs, `a log line holds ${secret.slice(0, 12)}…`).not.toContain(secret);
    expect(logs).not.toMatch(/zak=(?!\[redacted\])/);

    const lines = h.app.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const aboutNew = lines.filter((line) => line.command === '/zoom new');
    expect(aboutNew.length).toBeGreaterThan(0);
    for (const line of aboutNew) expect(line).toMatchObject({ team: TEAM.id, user: ALICE.id, requestId: expect.any(String) });
    expect(lines.some((line) => line.action === 'meeting_cancel')).toBe(true);
    expect(new Set(aboutNew.map((line) => line.requestId)).size).toBe(1);
  });
});

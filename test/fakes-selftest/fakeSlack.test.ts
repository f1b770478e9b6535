import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSlack, tzOffsetSeconds, type FakeSlack } from '../fakes/fakeSlack.js';
import { clientFor, slackError } from './helpers.js';

const TEAM = { id: 'T0001', name: 'Acme', botToken: 'xoxb-1-acme', botUserId: 'U0BOT1' };
const JULY = Date.parse('2024-07-01T12:00:00Z');

describe('fake Slack Web API', () => {
  let slack: FakeSlack;
  let mono = 0;
  let wall = JULY;

  beforeEach(async () => {
    mono = 0;
    wall = JULY;
    slack = await startFakeSlack({
      teams: [TEAM],
      users: [{ teamId: TEAM.id, id: 'U1', name: 'ada', email: 'ada@acme.test', tz: 'America/New_York' }],
      channels: [
        { teamId: TEAM.id, id: 'C_OUT', name: 'general', botIsMember: false },
        { teamId: TEAM.id, id: 'C_IN', name: 'meetings', botIsMember: true },
        { teamId: TEAM.id, id: 'G_SECRET', name: 'secret', isPrivate: true, botIsMember: false },
      ],
      monotonicNow: () => mono,
      now: () => wall,
    });
  });

  afterEach(async () => {
    await slack.close();
  });

  it('rejects missing and unknown tokens like Slack', async () => {
    expect(await slackError(clientFor(slack.apiUrl).auth.test())).toBe('not_authed');
    expect(await slackError(clientFor(slack.apiUrl, 'xoxb-nope').auth.test())).toBe('invalid_auth');

    const auth = await clientFor(slack.apiUrl, TEAM.botToken).auth.test();
    expect(auth).toMatchObject({ ok: true, team_id: TEAM.id, user_id: TEAM.botUserId, url: 'https://acme.slack.com/' });
    expect(slack.callsTo('auth.test').map((c) => c.error ?? 'ok')).toEqual(['not_authed', 'invalid_auth', 'ok']);
  });

  it('reports tz_offset for the current date, DST included', async () => {
    const client = clientFor(slack.apiUrl, TEAM.botToken);
    const summer = await client.users.info({ user: 'U1' });
    expect(summer.user).toMatchObject({ tz: 'America/New_York', tz_offset: -4 * 3600, tz_label: 'Eastern Daylight Time' });
    expect(summer.user?.profile?.email).toBe('ada@acme.test');

    wall = Date.parse('2024-01-15T12:00:00Z');
    const winter = await client.users.info({ user: 'U1' });
    expect(winter.user?.tz_offset).toBe(-5 * 3600);
    expect(tzOffsetSeconds('Asia/Kolkata', wall)).toBe(19800);
    expect(await slackError(client.users.info({ user: 'U404' }))).toBe('user_not_found');
  });

  it('enforces channel membership and parses form-encoded blocks', async () => {
    const client = clientFor(slack.apiUrl, TEAM.botToken);
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }];

    expect(await slackError(client.chat.postMessage({ channel: 'C_OUT', text: 'x' }))).toBe('not_in_channel');
    expect(await slackError(client.chat.postMessage({ channel: 'G_SECRET', text: 'x' }))).toBe('channel_not_found');
    expect(await slackError(client.chat.postMessage({ channel: 'C_NOPE', text: 'x' }))).toBe('channel_not_found');

    const posted = await client.chat.postMessage({ channel: 'C_IN', text: 'hi', blocks });
    const call = slack.callsTo('chat.postMessage').at(-1);
    expect(call?.contentType).toBe('application/x-www-form-urlencoded');
    expect(call?.args.blocks).toEqual(blocks);
    expect(slack.messages({ channel: 'C_IN' })[0]?.blocks?.[0]?.block_id).toEqual(expect.any(String));

    const threaded = await client.chat.postMessage({ channel: 'C_IN', text: 'reply', thread_ts: posted.ts });
    expect(threaded.ts).not.toBe(posted.ts);

    const dm = await client.conversations.open({ users: 'U1' });
    expect(dm.channel?.id).toBe('DU1');
    await client.chat.postMessage({ channel: 'DU1', text: 'psst' });

    slack.addMessage({ teamId: TEAM.id, channel: 'C_IN', user: 'U1', text: 'human', ts: '1719835200.000100' });
    expect(await slackError(client.chat.update({ channel: 'C_IN', ts: '1719835200.000100', text: 'edit' }))).toBe('cant_update_message');
    expect(await slackError(client.chat.update({ channel: 'C_IN', ts: '1.2', text: 'edit' }))).toBe('message_not_found');
    await client.chat.update({ channel: 'C_IN', ts: posted.ts as string, text: 'edited' });
    expect(slack.messages({ channel: 'C_IN' })[0]).toMatchObject({ text: 'edited', edited: true });
  });

  it('accepts trigger ids only once and only within 3 s (injected monotonic clock)', async () => {
    const client = clientFor(slack.apiUrl, TEAM.botToken);
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Schedule' }, blocks: [] };

    const stale = slack.issueTriggerId({ teamId: TEAM.id, userId: 'U1' });
    mono += 3001;
    expect(await slackError(client.views.open({ trigger_id: stale, view }))).toBe('expired_trigger_id');

    const fresh = slack.issueTriggerId({ teamId: TEAM.id, userId: 'U1' });
    mono += 2999;
    const opened = await client.views.open({ trigger_id: fresh, view });
    expect(opened.view?.id).toMatch(/^V/);
    expect(await slackError(client.views.open({ trigger_id: fresh, view }))).toBe('exchanged_trigger_id');
    expect(await slackError(client.views.open({ trigger_id: '1.2.abc', view }))).toBe('invalid_trigger_id');

    const id = opened.view?.id as string;
    expect(await slackError(client.views.update({ view_id: id, hash: 'stale', view }))).toBe('hash_conflict');
    await client.views.update({ view_id: id, hash: opened.view?.hash as string, view });
  });

  it('pushes onto the modal the trigger came from, at most 3 deep', async () => {
    const client = clientFor(slack.apiUrl, TEAM.botToken);
    const view = (text: string) => ({ type: 'modal' as const, title: { type: 'plain_text' as const, text }, blocks: [] });
    const root = await client.views.open({ trigger_id: slack.issueTriggerId({ teamId: TEAM.id, userId: 'U1' }), view: view('Root') });
    const rootId = root.view?.id as string;
    const push = (title: string) =>
      client.views.push({ trigger_id: slack.issueTriggerId({ teamId: TEAM.id, userId: 'U1', viewId: rootId }), view: view(title) });

    const second = await push('Second');
    expect(second.view).toMatchObject({ root_view_id: rootId, previous_view_id: rootId });
    await push('Third');
    expect(await slackError(push('Fourth'))).toBe('push_limit_reached');

    slack.closeView(rootId);
    expect(slack.isViewOpen(second.view?.id as string)).toBe(false);
    expect(await slackError(client.views.update({ view_id: rootId, view: view('Gone') }))).toBe('not_found');
  });

  it('rejects Block Kit limit violations and records them loudly', async () => {
    const client = clientFor(slack.apiUrl, TEAM.botToken);
    const header = { type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } };
    expect(await slackError(client.chat.postMessage({ channel: 'C_IN', text: 'x', blocks: [header] }))).toBe('invalid_blocks');

    const badView = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'A title over 24 characters' }, blocks: [] };
    const trigger = slack.issueTriggerId({ teamId: TEAM.id });
    expect(await slackError(client.views.open({ trigger_id: trigger, view: badView }))).toBe('invalid_arguments');

    expect(slack.violations.map((v) => v.where)).toEqual(['chat.postMessage', 'views.open']);
    expect(slack.violations[0]?.errors[0]).toContain('/blocks/0/text/text');
    expect(() => slack.assertNoViolations()).toThrow(/at most 24 characters/);
    slack.clearRecords();
    expect(() => slack.assertNoViolations()).not.toThrow();
  });

  it('waitFor resolves on a call recorded after it started waiting', async () => {
    const waiting = slack.waitForCall('chat.postEphemeral', (c) => c.args.user === 'U1', 2000);
    await clientFor(slack.apiUrl, TEAM.botToken).chat.postEphemeral({ channel: 'C_IN', user: 'U1', text: 'only you' });
    await expect(waiting).resolves.toMatchObject({ ok: true, args: { text: 'only you' } });
    await expect(slack.waitForCall('chat.delete', () => true, 20)).rejects.toThrow(/timed out/);
  });

  it('serves response_urls with Slack limits (5 uses, valid blocks only)', async () => {
    const url = slack.responseUrl({ teamId: TEAM.id, channelId: 'C_OUT', userId: 'U1' });
    const post = (body: unknown): Promise<Response> =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    expect((await post({ response_type: 'ephemeral', blocks: [{ type: 'nope' }] })).status).toBe(400);
    for (let i = 0; i < 4; i++) expect((await post({ text: `ok ${i}` })).status).toBe(200);
    expect((await post({ text: 'one too many' })).status).toBe(404);

    expect(slack.responses.map((r) => r.error ?? r.status)).toEqual(['invalid_blocks', 200, 200, 200, 200, 'used_url']);
    expect(slack.violations).toHaveLength(1);
  });

  it('exchanges single-use OAuth codes and checks client credentials', async () => {
    const code = slack.createOAuthCode({ teamId: 'T0002', teamName: 'Beta', installerUserId: 'U9' });
    const noToken = clientFor(slack.apiUrl);
    const creds = { client_id: slack.clientId, client_secret: slack.clientSecret };

    expect(await slackError(noToken.oauth.v2.access({ ...creds, client_secret: 'wrong', code }))).toBe('bad_client_secret');
    const res = await noToken.oauth.v2.access({ ...creds, code });
    expect(res).toMatchObject({ ok: true, token_type: 'bot', team: { id: 'T0002', name: 'Beta' }, authed_user: { id: 'U9' } });
    expect(await slackError(noToken.oauth.v2.access({ ...creds, code }))).toBe('invalid_code');

    const auth = await clientFor(slack.apiUrl, res.access_token).auth.test();
    expect(auth.team_id).toBe('T0002');
  });

  it('accepts JSON bodies with a Bearer token but not a token inside JSON', async () => {
    const body = JSON.stringify({ channel: 'C_IN', text: 'json' });
    const call = (headers: Record<string, string>, payload = body): Promise<unknown> =>
      fetch(`${slack.apiUrl}chat.postMessage`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: payload }).then((r) => r.json());

    expect(await call({ authorization: `Bearer ${TEAM.botToken}` })).toMatchObject({ ok: true, channel: 'C_IN' });
    expect(await call({}, JSON.stringify({ token: TEAM.botToken, channel: 'C_IN', text: 'json' }))).toMatchObject({ ok: false, error: 'not_authed' });
  });
});

import type { AddressInfo } from 'node:net';
import { App, verifySlackRequest } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../fakes/fakeSlack.js';
import { createSlackSender, signSlackRequest, type SlackSender } from '../fakes/slackRequests.js';
import { fillViewState } from '../fakes/viewState.js';
import { silentLogger } from './helpers.js';

const SECRET = 'test-signing-secret';
const TEAM = { id: 'T0001', name: 'Acme', botToken: 'xoxb-1-acme', botUserId: 'U0BOT1' };

const modal = {
  type: 'modal' as const,
  callback_id: 'schedule',
  private_metadata: '{"channel":"C_IN"}',
  title: { type: 'plain_text' as const, text: 'Schedule a Zoom' },
  submit: { type: 'plain_text' as const, text: 'Create' },
  blocks: [
    { type: 'input', block_id: 'topic', label: { type: 'plain_text', text: 'Topic' }, element: { type: 'plain_text_input', action_id: 'topic', max_length: 200 } },
    {
      type: 'input',
      block_id: 'duration',
      label: { type: 'plain_text', text: 'Duration' },
      element: {
        type: 'static_select',
        action_id: 'duration',
        initial_option: { text: { type: 'plain_text', text: '30 min' }, value: '30' },
        options: [
          { text: { type: 'plain_text', text: '30 min' }, value: '30' },
          { text: { type: 'plain_text', text: '60 min' }, value: '60' },
        ],
      },
    },
    { type: 'actions', block_id: 'more', elements: [{ type: 'button', action_id: 'add_agenda', text: { type: 'plain_text', text: 'Add agenda' }, value: 'agenda' }] },
  ],
};

describe('signed Slack requests against a real Bolt app', () => {
  let slack: FakeSlack;
  let app: App;
  let sender: SlackSender;
  const seen: Record<string, unknown[]> = { submissions: [], actions: [] };

  beforeAll(async () => {
    slack = await startFakeSlack({ teams: [TEAM], users: [{ teamId: TEAM.id, id: 'U1', name: 'ada' }] });
    app = new App({
      token: TEAM.botToken,
      signingSecret: SECRET,
      logger: silentLogger(),
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/zoom', async ({ ack, body, client }) => {
      await ack();
      await client.views.open({ trigger_id: body.trigger_id, view: modal });
    });
    app.action('add_agenda', async ({ ack, body }) => {
      await ack();
      seen.actions?.push(body);
    });
    app.view('schedule', async ({ ack, view }) => {
      seen.submissions?.push(view.state.values);
      await ack();
    });
    app.event('app_home_opened', async ({ event, client }) => {
      await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: [] } });
    });
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    const { port } = server.address() as AddressInfo;
    sender = createSlackSender({ appUrl: `http://127.0.0.1:${port}`, signingSecret: SECRET, slack });
  });

  afterAll(async () => {
    await app.stop();
    await slack.close();
  });

  it('produces signatures verifySlackRequest accepts', () => {
    const body = 'token=x&team_id=T0001';
    const ts = Math.floor(Date.now() / 1000);
    const headers = { 'x-slack-signature': signSlackRequest(SECRET, ts, body), 'x-slack-request-timestamp': ts };
    expect(() => verifySlackRequest({ signingSecret: SECRET, body, headers })).not.toThrow();
    expect(() => verifySlackRequest({ signingSecret: 'other', body, headers })).toThrow(/signature mismatch/);
  });

  it('rejects forged or stale requests at the app', async () => {
    const base = { teamId: TEAM.id, userId: 'U1', channelId: 'C1' };
    expect((await sender.slashCommand(base, { forge: { wrongSecret: true } })).status).toBe(401);
    expect((await sender.slashCommand(base, { forge: { staleTimestamp: true } })).status).toBe(401);
    expect(slack.callsTo('views.open')).toHaveLength(0);
  });

  it('drives command → modal → action → submission like Slack', async () => {
    const ack = await sender.slashCommand({ teamId: TEAM.id, userId: 'U1', channelId: 'C_IN', text: 'standup tomorrow 10am' });
    expect(ack.status).toBe(200);
    expect(ack.ackMs).toBeLessThan(3000);
    expect(ack.sent).toMatchObject({ command: '/zoom', text: 'standup tomorrow 10am', team_id: TEAM.id });

    const opened = await slack.waitForCall('views.open', (c) => c.ok);
    const view = slack.view((opened.response.view as { id: string }).id);
    if (!view) throw new Error('view not stored');
    expect(slack.viewUser(view.id)).toBe('U1');

    expect((await sender.blockAction({ teamId: TEAM.id, userId: 'U1', view, actions: { action_id: 'add_agenda' } })).status).toBe(200);
    expect(seen.actions?.[0]).toMatchObject({ actions: [{ action_id: 'add_agenda', block_id: 'more', value: 'agenda', type: 'button' }] });

    const submitted = await sender.viewSubmission({ teamId: TEAM.id, userId: 'U1', view, answers: { topic: 'Standup' } });
    expect(submitted.status).toBe(200);
    expect(seen.submissions?.[0]).toEqual({
      topic: { topic: { type: 'plain_text_input', value: 'Standup' } },
      duration: { duration: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: '30 min' }, value: '30' } } },
    });
  });

  it('delivers events and url_verification as JSON', async () => {
    const res = await sender.event({ type: 'app_home_opened', user: 'U1', channel: 'DU1', tab: 'home' }, { teamId: TEAM.id, botUserId: TEAM.botUserId });
    expect(res.status).toBe(200);
    await slack.waitForCall('views.publish', (c) => c.ok && c.args.user_id === 'U1');

    const verify = await sender.urlVerification('abc123');
    expect(verify.body).toMatchObject({ challenge: 'abc123' });
    slack.assertNoViolations();
  });

  it('fillViewState refuses what the Slack client would refuse', () => {
    expect(() => fillViewState(modal, {})).toThrow(/required input topic\/topic is empty/);
    expect(() => fillViewState(modal, { topic: 'x', duration: '45' })).toThrow(/no option with value "45"/);
    expect(() => fillViewState(modal, { topic: 'x', nope: 'y' })).toThrow(/not in the view/);
    expect(() => fillViewState(modal, { topic: 'x'.repeat(201) })).toThrow(/max_length/);
  });
});

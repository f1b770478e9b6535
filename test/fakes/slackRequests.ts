/**
 * Drive the app over HTTP exactly as Slack does: same content types, same body shapes, signed
 * with the signing secret (`v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`).
 *
 * Each call returns the HTTP status/body and `ackMs`, the wall time until the response headers
 * arrived — Slack gives up after 3 s, so tests can assert the app acks promptly.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fillViewState, findElement, type Answers, type StateValues } from './viewState.js';

type Obj = Record<string, unknown>;

export const SLACK_USER_AGENT = 'Slackbot 1.0 (+https://api.slack.com/robots)';
/** Bolt rejects requests whose timestamp is more than 5 minutes old. */
const STALE_SECONDS = 6 * 60;

/** What the sender needs from the fake Slack to mint realistic trigger ids and response URLs. */
export interface InteractionSource {
  appId?: string;
  issueTriggerId(opts?: { teamId?: string; userId?: string; viewId?: string }): string;
  responseUrl(opts?: { teamId?: string; channelId?: string; userId?: string; messageTs?: string }): string;
}

export interface SlackSenderOptions {
  /** App base URL (→ /slack/events) or a full endpoint URL used for everything. */
  appUrl: string;
  signingSecret: string;
  /** When given, triggerId/responseUrl default to handles issued by this fake. */
  slack?: InteractionSource;
  paths?: { commands?: string; interactivity?: string; events?: string };
  apiAppId?: string;
  /** Deprecated verification token Slack still sends in payloads. */
  verificationToken?: string;
  /** Wall clock for x-slack-request-timestamp (ms). */
  now?: () => number;
}

export interface Forgery {
  /** Sign with this secret instead of the right one. */
  secret?: string;
  wrongSecret?: boolean;
  /** Timestamp older than Bolt's 5-minute window. */
  staleTimestamp?: boolean;
  timestampSec?: number;
  /** Use this exact x-slack-signature value. */
  signature?: string;
  omitSignature?: boolean;
}

export interface SendOptions {
  forge?: Forgery;
  headers?: Record<string, string>;
}

export interface SlackHttpResult {
  status: number;
  /** Parsed JSON when the app answered JSON, else the raw text. */
  body: unknown;
  text: string;
  headers: IncomingHttpHeaders;
  /** Wall time from sending until the response headers arrived. */
  ackMs: number;
  /** The exact payload sent (decoded), for assertions and follow-ups. */
  sent: Obj;
}

export interface BaseInput {
  teamId: string;
  userId: string;
  userName?: string;
  teamDomain?: string;
  enterpriseId?: string;
  enterpriseName?: string;
  isEnterpriseInstall?: boolean;
  triggerId?: string;
}

export interface SlashCommandInput extends BaseInput {
  command?: string;
  text?: string;
  channelId: string;
  channelName?: string;
  responseUrl?: string;
}

export interface ActionInput {
  action_id: string;
  block_id?: string;
  type?: string;
  value?: string;
  selected_option?: Obj;
  [key: string]: unknown;
}

/** A message as Slack echoes it in block_actions payloads (e.g. from fake.messages()). */
export interface MessageLike {
  ts: string;
  text?: string;
  blocks?: unknown;
  user?: string;
  botId?: string;
  bot_id?: string;
}

/** A view as Slack echoes it in payloads (e.g. fake.lastView()). */
export interface ViewLike {
  id: string;
  type?: string;
  blocks?: unknown;
  callback_id?: string;
  private_metadata?: string;
  state?: { values: StateValues };
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  hash?: string;
  team_id?: string;
  root_view_id?: string;
  previous_view_id?: string | null;
  external_id?: string;
}

export interface BlockActionInput extends BaseInput {
  actions: ActionInput | ActionInput[];
  /** Action in a message: channel plus the message (or only messageTs for an ephemeral one). */
  channelId?: string;
  channelName?: string;
  message?: MessageLike;
  messageTs?: string;
  isEphemeral?: boolean;
  /** Action inside a modal or home tab. */
  view?: ViewLike;
  /** Current input state of the view, or answers to build it with fillViewState. */
  values?: StateValues;
  answers?: Answers;
  responseUrl?: string;
}

export interface ViewSubmissionInput extends BaseInput {
  view: ViewLike;
  values?: StateValues;
  answers?: Answers;
  /** Lets the test submit with empty required inputs (the client would refuse). */
  allowMissingRequired?: boolean;
  responseUrls?: Array<{ block_id: string; action_id: string; channel_id: string; response_url: string }>;
}

export interface ViewClosedInput extends BaseInput {
  view: ViewLike;
  isCleared?: boolean;
}

export interface ShortcutInput extends BaseInput {
  callbackId: string;
}

export interface MessageShortcutInput extends ShortcutInput {
  channelId: string;
  channelName?: string;
  message: MessageLike;
  responseUrl?: string;
}

export interface BlockSuggestionInput extends BaseInput {
  actionId: string;
  blockId: string;
  value: string;
  view?: ViewLike;
  channelId?: string;
  messageTs?: string;
}

export interface EventEnvelopeInput {
  teamId: string;
  enterpriseId?: string;
  isEnterpriseInstall?: boolean;
  /** The bot user the event is authorized for. */
  botUserId?: string;
  eventId?: string;
  eventTime?: number;
  /** Sets x-slack-retry-num / x-slack-retry-reason like Slack's redeliveries. */
  retryNum?: number;
  retryReason?: string;
  isExtSharedChannel?: boolean;
}

/** `v0=<hex hmac>` exactly as Slack computes it. */
export function signSlackRequest(signingSecret: string, timestampSec: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest('hex')}`;
}

const actionTs = (nowMs: number): string => `${(nowMs / 1000).toFixed(6)}`;

export interface SlackSender {
  slashCommand(input: SlashCommandInput, opts?: SendOptions): Promise<SlackHttpResult>;
  blockAction(input: BlockActionInput, opts?: SendOptions): Promise<SlackHttpResult>;
  viewSubmission(input: ViewSubmissionInput, opts?: SendOptions): Promise<SlackHttpResult>;
  viewClosed(input: ViewClosedInput, opts?: SendOptions): Promise<SlackHttpResult>;
  shortcut(input: ShortcutInput, opts?: SendOptions): Promise<SlackHttpResult>;
  messageShortcut(input: MessageShortcutInput, opts?: SendOptions): Promise<SlackHttpResult>;
  blockSuggestion(input: BlockSuggestionInput, opts?: SendOptions): Promise<SlackHttpResult>;
  event(event: Obj, envelope: EventEnvelopeInput, opts?: SendOptions): Promise<SlackHttpResult>;
  urlVerification(challenge?: string, opts?: SendOptions): Promise<SlackHttpResult>;
  /** Send an already-built interactivity payload (form `payload=<json>`). */
  interactive(payload: Obj, opts?: SendOptions): Promise<SlackHttpResult>;
  /** Lowest level: sign and POST a raw body. */
  send(path: string, contentType: string, rawBody: string, sent: Obj, opts?: SendOptions): Promise<SlackHttpResult>;
}

export function createSlackSender(options: SlackSenderOptions): SlackSender {
  const base = new URL(options.appUrl);
  const defaultPath = base.pathname && base.pathname !== '/' ? base.pathname : '/slack/events';
  const paths = {
    commands: options.paths?.commands ?? defaultPath,
    interactivity: options.paths?.interactivity ?? defaultPath,
    events: options.paths?.events ?? defaultPath,
  };
  const apiAppId = options.apiAppId ?? options.slack?.appId ?? 'A0FAKEAPP01';
  const token = options.verificationToken ?? 'fake-verification-token';
  const now = options.now ?? Date.now;
  const slack = options.slack;

  const trigger = (i: BaseInput, viewId?: string): string =>
    i.triggerId ?? slack?.issueTriggerId({ teamId: i.teamId, userId: i.userId, viewId }) ?? `${randomDigits(10)}.${randomDigits(10)}.${randomHex(16)}`;
  const responseUrl = (given: string | undefined, ctx: { teamId: string; channelId?: string; userId: string; messageTs?: string }): string =>
    given ?? slack?.responseUrl(ctx) ?? `https://hooks.slack.com/commands/${ctx.teamId}/${randomDigits(12)}/${randomHex(12)}`;

  const user = (i: BaseInput): Obj => ({ id: i.userId, username: i.userName ?? i.userId.toLowerCase(), name: i.userName ?? i.userId.toLowerCase(), team_id: i.teamId });
  const team = (i: BaseInput): Obj => ({ id: i.teamId, domain: i.teamDomain ?? i.teamId.toLowerCase() });
  const enterprise = (i: BaseInput): Obj | null => (i.enterpriseId ? { id: i.enterpriseId, name: i.enterpriseName ?? i.enterpriseId } : null);
  const message = (m: MessageLike): Obj => ({
    type: 'message',
    text: m.text ?? '',
    ts: m.ts,
    ...(m.user ? { user: m.user } : {}),
    ...(m.botId || m.bot_id ? { bot_id: m.botId ?? m.bot_id } : {}),
    ...(m.blocks !== undefined ? { blocks: m.blocks } : {}),
  });
  const viewWithState = (v: ViewLike, state: { values: StateValues }): Obj => ({ ...v, state });

  async function send(path: string, contentType: string, rawBody: string, sent: Obj, opts: SendOptions = {}): Promise<SlackHttpResult> {
    const f = opts.forge ?? {};
    const nowSec = Math.floor(now() / 1000);
    const ts = f.timestampSec ?? (f.staleTimestamp ? nowSec - STALE_SECONDS : nowSec);
    const secret = f.secret ?? (f.wrongSecret ? `${options.signingSecret}-wrong` : options.signingSecret);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'user-agent': SLACK_USER_AGENT,
      'x-slack-request-timestamp': String(ts),
      ...(f.omitSignature ? {} : { 'x-slack-signature': f.signature ?? signSlackRequest(secret, ts, rawBody) }),
      ...opts.headers,
    };
    const res = await post(new URL(path, base), headers, rawBody);
    return { ...res, sent };
  }

  const interactive = (payload: Obj, opts?: SendOptions): Promise<SlackHttpResult> =>
    send(paths.interactivity, 'application/x-www-form-urlencoded', new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), payload, opts);

  return {
    send,
    interactive,

    slashCommand(i, opts) {
      // Field order and presence follow what Slack posts; enterprise fields only on Grid.
      const fields: Record<string, string> = {
        token,
        team_id: i.teamId,
        team_domain: i.teamDomain ?? i.teamId.toLowerCase(),
        ...(i.enterpriseId ? { enterprise_id: i.enterpriseId, enterprise_name: i.enterpriseName ?? i.enterpriseId } : {}),
        channel_id: i.channelId,
        channel_name: i.channelName ?? (i.channelId.startsWith('D') ? 'directmessage' : i.channelId.toLowerCase()),
        user_id: i.userId,
        user_name: i.userName ?? i.userId.toLowerCase(),
        command: i.command ?? '/zoom',
        text: i.text ?? '',
        api_app_id: apiAppId,
        is_enterprise_install: String(i.isEnterpriseInstall ?? false),
        response_url: responseUrl(i.responseUrl, { teamId: i.teamId, channelId: i.channelId, userId: i.userId }),
        trigger_id: trigger(i),
      };
      return send(paths.commands, 'application/x-www-form-urlencoded', new URLSearchParams(fields).toString(), fields, opts);
    },

    blockAction(i, opts) {
      const blocks = i.view?.blocks ?? i.message?.blocks;
      const actions = (Array.isArray(i.actions) ? i.actions : [i.actions]).map((a) => buildAction(a, blocks, now()));
      const common = {
        type: 'block_actions',
        user: user(i),
        api_app_id: apiAppId,
        token,
        trigger_id: trigger(i, i.view?.id),
        team: team(i),
        enterprise: enterprise(i),
        is_enterprise_install: i.isEnterpriseInstall ?? false,
      };
      if (i.view) {
        const state = i.values ? { values: i.values } : i.answers ? fillViewState(i.view, i.answers, { allowMissingRequired: true }) : (i.view.state ?? { values: {} });
        return interactive(
          { ...common, container: { type: 'view', view_id: i.view.id }, view: viewWithState(i.view, state), actions },
          opts,
        );
      }
      if (!i.channelId) throw new Error('blockAction needs either view or channelId (+ message / messageTs)');
      const ts = i.message?.ts ?? i.messageTs;
      if (!ts) throw new Error('blockAction in a message needs message or messageTs');
      return interactive(
        {
          ...common,
          container: { type: 'message', message_ts: ts, channel_id: i.channelId, is_ephemeral: i.isEphemeral ?? false },
          channel: { id: i.channelId, name: i.channelName ?? i.channelId.toLowerCase() },
          // Slack omits the message body for ephemeral messages.
          ...(i.message && !i.isEphemeral ? { message: message(i.message) } : {}),
          state: { values: i.values ?? {} },
          response_url: responseUrl(i.responseUrl, { teamId: i.teamId, channelId: i.channelId, userId: i.userId, messageTs: ts }),
          actions,
        },
        opts,
      );
    },

    viewSubmission(i, opts) {
      const state = i.values ? { values: i.values } : fillViewState(i.view, i.answers ?? {}, { allowMissingRequired: i.allowMissingRequired });
      return interactive(
        {
          type: 'view_submission',
          team: team(i),
          user: user(i),
          api_app_id: apiAppId,
          token,
          trigger_id: trigger(i, i.view.id),
          view: viewWithState(i.view, state),
          response_urls: i.responseUrls ?? [],
          enterprise: enterprise(i),
          is_enterprise_install: i.isEnterpriseInstall ?? false,
        },
        opts,
      );
    },

    viewClosed(i, opts) {
      return interactive(
        {
          type: 'view_closed',
          team: team(i),
          user: user(i),
          api_app_id: apiAppId,
          token,
          view: i.view,
          is_cleared: i.isCleared ?? false,
          enterprise: enterprise(i),
          is_enterprise_install: i.isEnterpriseInstall ?? false,
        },
        opts,
      );
    },

    shortcut(i, opts) {
      return interactive(
        {
          type: 'shortcut',
          token,
          action_ts: actionTs(now()),
          team: team(i),
          user: user(i),
          is_enterprise_install: i.isEnterpriseInstall ?? false,
          enterprise: enterprise(i),
          callback_id: i.callbackId,
          trigger_id: trigger(i),
        },
        opts,
      );
    },

    messageShortcut(i, opts) {
      return interactive(
        {
          type: 'message_action',
          token,
          action_ts: actionTs(now()),
          team: team(i),
          user: user(i),
          channel: { id: i.channelId, name: i.channelName ?? i.channelId.toLowerCase() },
          is_enterprise_install: i.isEnterpriseInstall ?? false,
          enterprise: enterprise(i),
          callback_id: i.callbackId,
          trigger_id: trigger(i),
          response_url: responseUrl(i.responseUrl, { teamId: i.teamId, channelId: i.channelId, userId: i.userId }),
          message_ts: i.message.ts,
          message: message(i.message),
        },
        opts,
      );
    },

    blockSuggestion(i, opts) {
      return interactive(
        {
          type: 'block_suggestion',
          user: user(i),
          container: i.view ? { type: 'view', view_id: i.view.id } : { type: 'message', channel_id: i.channelId, message_ts: i.messageTs },
          api_app_id: apiAppId,
          token,
          action_id: i.actionId,
          block_id: i.blockId,
          value: i.value,
          team: team(i),
          enterprise: enterprise(i),
          is_enterprise_install: i.isEnterpriseInstall ?? false,
          ...(i.view ? { view: i.view } : {}),
        },
        opts,
      );
    },

    event(event, e, opts) {
      const t = now();
      const envelope: Obj = {
        token,
        team_id: e.teamId,
        context_team_id: e.teamId,
        context_enterprise_id: e.enterpriseId ?? null,
        api_app_id: apiAppId,
        event: { event_ts: actionTs(t), ...event },
        type: 'event_callback',
        event_id: e.eventId ?? `Ev${randomHex(5).toUpperCase()}`,
        event_time: e.eventTime ?? Math.floor(t / 1000),
        authorizations: [
          {
            enterprise_id: e.enterpriseId ?? null,
            team_id: e.teamId,
            user_id: e.botUserId ?? 'U0FAKEBOT',
            is_bot: true,
            is_enterprise_install: e.isEnterpriseInstall ?? false,
          },
        ],
        is_ext_shared_channel: e.isExtSharedChannel ?? false,
        event_context: `4-${randomHex(16)}`,
      };
      const retry: Record<string, string> =
        e.retryNum !== undefined ? { 'x-slack-retry-num': String(e.retryNum), 'x-slack-retry-reason': e.retryReason ?? 'http_timeout' } : {};
      return send(paths.events, 'application/json', JSON.stringify(envelope), envelope, { ...opts, headers: { ...retry, ...opts?.headers } });
    },

    urlVerification(challenge = randomHex(24), opts) {
      const body = { token, challenge, type: 'url_verification' };
      return send(paths.events, 'application/json', JSON.stringify(body), body, opts);
    },
  };
}

/** Fill an action from the element the app rendered, like Slack does; unknown action_ids throw. */
function buildAction(a: ActionInput, blocks: unknown, nowMs: number): Obj {
  const found = blocks !== undefined ? findElement(blocks, a.action_id, a.block_id) : undefined;
  if (blocks !== undefined && !found) {
    throw new Error(`action_id ${a.action_id}${a.block_id ? ` in block ${a.block_id}` : ''} is not in the rendered blocks`);
  }
  const el = found?.element ?? {};
  const type = a.type ?? (typeof el.type === 'string' ? el.type : 'button');
  const out: Obj = { action_id: a.action_id, block_id: a.block_id ?? found?.blockId ?? 'block', type, action_ts: actionTs(nowMs) };
  if (type === 'button') {
    if (el.text !== undefined) out.text = el.text;
    if (el.value !== undefined) out.value = el.value;
    if (el.style !== undefined) out.style = el.style;
  }
  const { action_id: _a, block_id: _b, type: _t, ...rest } = a;
  return { ...out, ...rest };
}

function post(url: URL, headers: Record<string, string>, body: string): Promise<Omit<SlackHttpResult, 'sent'>> {
  if (url.protocol !== 'http:') throw new Error(`only http app URLs are supported (got ${url.href})`);
  return new Promise((resolve, reject) => {
    const start = performance.now();
    // agent:false → no keep-alive pool, so the app server can close promptly after tests.
    const req = httpRequest(url, { method: 'POST', agent: false, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const ackMs = performance.now() - start;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        if ((res.headers['content-type'] ?? '').includes('application/json') && text !== '') {
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = text;
          }
        }
        resolve({ status: res.statusCode ?? 0, body: parsed, text, headers: res.headers, ackMs });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

function randomDigits(n: number): string {
  return Array.from(randomBytes(n), (b) => String(b % 10)).join('');
}

/**
 * A real HTTP server that plays Slack's Web API (`${url}/api/<method>`) and response_url endpoints
 * (`${url}/response/<id>`) for tests. Point the app's WebClient at `apiUrl` (slackApiUrl).
 *
 * It is deliberately strict where Slack is strict — auth, scopes, channel membership, message
 * ownership, single-use short-lived trigger_ids, view hashes, Block Kit limits — so behaviour that
 * would fail against real Slack fails here too. Every call is recorded; Block Kit violations are
 * additionally collected in `violations` (see `assertNoViolations()`).
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { LIMITS, messageViolations, viewViolations } from './blockKitLimits.js';
import type { StateValues } from './viewState.js';
import { assertTimeZone, tzLabel, tzOffsetSeconds } from './timezones.js';

export { tzLabel, tzOffsetSeconds } from './timezones.js';

type Obj = Record<string, unknown>;
export type SlackResponse = { ok: boolean; error?: string } & Obj;

/** Scopes a freshly installed bot gets unless a team seed says otherwise. No chat:write.public on purpose. */
export const DEFAULT_BOT_SCOPES: readonly string[] = [
  'commands',
  'chat:write',
  'users:read',
  'users:read.email',
  'im:write',
  'im:read',
  'channels:read',
  'groups:read',
  'team:read',
];

export const TRIGGER_TTL_MS = 3000;
export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;
const OAUTH_CODE_TTL_MS = 10 * 60 * 1000;

export interface TeamSeed {
  id: string;
  name: string;
  botToken: string;
  botUserId: string;
  botId?: string;
  /** Bot display name reported by auth.test `user`. */
  botName?: string;
  domain?: string;
  enterpriseId?: string;
  enterpriseName?: string;
  /** Granted bot scopes; defaults to DEFAULT_BOT_SCOPES. Calls needing a missing scope fail with missing_scope. */
  scopes?: readonly string[];
}

export interface UserSeed {
  teamId: string;
  id: string;
  name: string;
  email?: string;
  /** IANA zone; Slack always has one. Defaults to America/Los_Angeles. */
  tz?: string;
  realName?: string;
  displayName?: string;
  isBot?: boolean;
  deleted?: boolean;
  isAdmin?: boolean;
  locale?: string;
}

export interface ChannelSeed {
  teamId: string;
  id: string;
  name: string;
  isPrivate?: boolean;
  /** A DM (D…) between humans that the bot is not part of, e.g. where a slash command was typed. */
  isIm?: boolean;
  botIsMember?: boolean;
  /** Human members; omit to treat every user as a member (only chat.postEphemeral checks it). */
  members?: string[];
  isArchived?: boolean;
}

export interface FakeSlackOptions {
  teams?: TeamSeed[];
  users?: UserSeed[];
  channels?: ChannelSeed[];
  appId?: string;
  /** OAuth client credentials checked by oauth.v2.access / apps.uninstall. */
  clientId?: string;
  clientSecret?: string;
  /** Wall clock (ms since epoch): message ts, tz offsets, response_url and OAuth code expiry. */
  now?: () => number;
  /** Monotonic clock (ms) for trigger_id expiry; inject to test expiry without sleeping. */
  monotonicNow?: () => number;
  triggerTtlMs?: number;
  /** Added before every API answer, to imitate network latency. */
  latencyMs?: number;
  /**
   * The clock scheduled messages are judged by (post_at, the 120-day horizon, the 60 s delete cut-off).
   * The harness passes the app's fake clock; defaults to `now`.
   */
  scheduleNow?: () => number;
}

/** Slack's rules for chat.scheduleMessage / chat.deleteScheduledMessage (docs.slack.dev). */
export const SCHEDULE_HORIZON_MS = 120 * 24 * 60 * 60 * 1000;
export const SCHEDULE_DELETE_CUTOFF_MS = 60_000;
export const SCHEDULE_WINDOW = { ms: 5 * 60_000, max: 30 } as const;

/** A message waiting in Slack's queue (chat.scheduleMessage), or one it has posted since. */
export interface ScheduledMessage {
  id: string;
  teamId: string;
  channel: string;
  /** Epoch seconds, as Slack takes and answers it. */
  postAt: number;
  dateCreated: number;
  text?: string;
  blocks?: Obj[];
  threadTs?: string;
  replyBroadcast: boolean;
  state: 'waiting' | 'deleted' | 'posted';
  /** The message it became. */
  postedTs?: string;
}

export interface RecordedCall {
  /** Shared sequence with `responses`, so ordering across both is observable. */
  seq: number;
  method: string;
  token?: string;
  teamId?: string;
  /** Parsed arguments; JSON-string fields (blocks, view, attachments, metadata) are decoded. */
  args: Obj;
  contentType: string;
  ok: boolean;
  error?: string;
  response: SlackResponse;
  at: number;
}

export interface RecordedResponse {
  seq: number;
  id: string;
  body: Obj;
  status: number;
  ok: boolean;
  error?: string;
  context: ResponseUrlContext;
  at: number;
}

export interface Violation {
  seq: number;
  /** API method, or `response_url`. */
  where: string;
  errors: string[];
}

export interface ResponseUrlContext {
  teamId?: string;
  channelId?: string;
  userId?: string;
  /** When set, replace_original / delete_original act on this stored message. */
  messageTs?: string;
}

export interface ResponseUrlOptions extends ResponseUrlContext {
  id?: string;
}

export interface TriggerOptions {
  teamId?: string;
  userId?: string;
  /** The modal the interaction came from; views.push stacks onto it. */
  viewId?: string;
}

export interface OAuthCodeSpec {
  teamId: string;
  teamName: string;
  installerUserId: string;
  botUserId?: string;
  /** Reinstalling an existing team keeps its token unless one is given here. */
  botToken?: string;
  scopes?: readonly string[];
  userScopes?: readonly string[];
  enterpriseId?: string;
  enterpriseName?: string;
  /** If set, oauth.v2.access must be called with the same redirect_uri. */
  redirectUri?: string;
}

export interface Failure {
  /** Slack error code answered as {ok:false, error}. */
  error?: string;
  /** HTTP status instead of 200 (429 gets a Retry-After header). */
  status?: number;
  retryAfterSec?: number;
}

export interface FakeView {
  id: string;
  team_id: string;
  type: 'modal' | 'home';
  title?: unknown;
  close: unknown;
  submit: unknown;
  blocks: Obj[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: StateValues };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  root_view_id: string;
  previous_view_id: string | null;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
}

export interface StoredMessage {
  teamId: string;
  channel: string;
  ts: string;
  threadTs?: string;
  text?: string;
  blocks?: Obj[];
  attachments?: unknown[];
  /** Author: the bot user id for app messages. */
  user: string;
  botId?: string;
  deleted: boolean;
  edited: boolean;
}

export interface StoredEphemeral {
  teamId: string;
  channel: string;
  user: string;
  messageTs: string;
  text?: string;
  blocks?: Obj[];
  threadTs?: string;
}

interface Team extends Required<Pick<TeamSeed, 'id' | 'name' | 'botToken' | 'botUserId' | 'botId' | 'botName' | 'domain'>> {
  enterpriseId?: string;
  enterpriseName?: string;
  scopes: Set<string>;
}

interface User extends UserSeed {
  tz: string;
}

interface Channel {
  teamId: string;
  id: string;
  name: string;
  kind: 'public' | 'private' | 'im' | 'mpim';
  botIsMember: boolean;
  members?: string[];
  /** For the bot's own DMs: the human on the other side. */
  imUser?: string;
  isArchived: boolean;
}

interface Trigger extends TriggerOptions {
  issuedAt: number;
  used: boolean;
}

interface ViewRecord {
  view: FakeView;
  userId?: string;
  open: boolean;
  /** Root modals only: ids of the views stacked on it, root first. */
  stack: string[];
}

interface ResponseUrlRecord {
  uses: number;
  createdAt: number;
  context: ResponseUrlContext;
}

interface OAuthCode {
  spec: OAuthCodeSpec;
  createdAt: number;
  used: boolean;
}

interface Ctx {
  team: Team;
  args: Obj;
  token: string;
}

type Result = SlackResponse & { _violations?: string[] };
type Handler = (ctx: Ctx) => Result;
type RawHandler = (args: Obj, req: IncomingMessage) => Result;

const ok = (extra: Obj = {}): Result => ({ ok: true, ...extra });
const fail = (error: string, extra: Obj = {}): Result => ({ ok: false, error, ...extra });
const truthy = (v: unknown): boolean => v === true || v === 'true' || v === '1' || v === 1;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const rand = (n: number): string => randomBytes(n).toString('hex');

/** Slack-looking short random id, as it generates for missing block_id / action_id. */
function shortId(): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(5), (b) => abc[b % abc.length]).join('');
}

/** Slack fills in block_id (and action_id on interactive elements) when the app leaves them out. */
function withGeneratedIds(blocks: unknown): Obj[] {
  if (!Array.isArray(blocks)) return [];
  const withAction = (el: unknown): unknown =>
    isObj(el) && el.type !== 'image' && el.type !== 'plain_text' && el.type !== 'mrkdwn' && el.action_id === undefined
      ? { ...el, action_id: shortId() }
      : el;
  return (structuredClone(blocks) as unknown[]).filter(isObj).map((b) => {
    const out: Obj = { ...b, block_id: b.block_id ?? shortId() };
    if (b.type === 'actions' && Array.isArray(b.elements)) out.elements = b.elements.map(withAction);
    if (b.accessory !== undefined) out.accessory = withAction(b.accessory);
    if (b.type === 'input') out.element = withAction(b.element);
    return out;
  });
}

const errorMeta = (errors: string[]): Obj => ({ response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } });

/** Slack's answer to a rejected message body; Block Kit problems are also kept as violations. */
const contentFailure = (error: string, violations?: string[]): Result => ({
  ...fail(error, violations ? errorMeta(violations) : {}),
  _violations: violations,
});

export class FakeSlack {
  readonly url: string;
  /** Give this to WebClient as slackApiUrl (trailing slash included). */
  readonly apiUrl: string;
  readonly appId: string;
  readonly clientId: string;
  readonly clientSecret: string;

  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedResponse[] = [];
  readonly violations: Violation[] = [];

  /**
   * Socket Mode: what apps.connections.open answers for this app-level token (a WebSocket stand-in sets it,
   * see socketModeServer.ts). Unset, every app-level token is unknown (invalid_auth).
   */
  socketMode?: { appToken: string; openConnection: () => string };

  private readonly server: Server;
  private readonly events = new EventEmitter();
  private readonly now: () => number;
  private readonly mono: () => number;
  private readonly triggerTtlMs: number;
  private latencyMs: number;
  private seq = 0;
  private tsCounter = 0;
  private idCounter = 0;

  private readonly teams = new Map<string, Team>();
  private readonly tokens = new Map<string, { teamId: string; revoked: boolean }>();
  private readonly users = new Map<string, User>();
  private readonly channels = new Map<string, Channel>();
  private readonly messageStore: StoredMessage[] = [];
  private readonly ephemeralStore: StoredEphemeral[] = [];
  private readonly viewStore = new Map<string, ViewRecord>();
  private readonly triggers = new Map<string, Trigger>();
  private readonly responseUrls = new Map<string, ResponseUrlRecord>();
  private readonly oauthCodes = new Map<string, OAuthCode>();
  private readonly failures = new Map<string, Failure[]>();
  private readonly scheduledStore: ScheduledMessage[] = [];
  private readonly scheduleNow: () => number;

  constructor(server: Server, options: FakeSlackOptions) {
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    this.apiUrl = `${this.url}/api/`;
    this.appId = options.appId ?? 'A0FAKEAPP01';
    this.clientId = options.clientId ?? '1111111111.2222222222';
    this.clientSecret = options.clientSecret ?? 'fake-client-secret';
    this.now = options.now ?? Date.now;
    this.mono = options.monotonicNow ?? (() => performance.now());
    this.triggerTtlMs = options.triggerTtlMs ?? TRIGGER_TTL_MS;
    this.latencyMs = options.latencyMs ?? 0;
    this.scheduleNow = options.scheduleNow ?? this.now;
    this.events.setMaxListeners(0);
    for (const t of options.teams ?? []) this.addTeam(t);
    for (const u of options.users ?? []) this.addUser(u);
    for (const c of options.channels ?? []) this.addChannel(c);
  }

  // ───────────────────────────── seeding ─────────────────────────────

  addTeam(seed: TeamSeed): void {
    if (!seed.botToken.startsWith('xoxb-')) throw new Error(`bot token must start with xoxb- (got ${seed.botToken})`);
    const team: Team = {
      id: seed.id,
      name: seed.name,
      botToken: seed.botToken,
      botUserId: seed.botUserId,
      botId: seed.botId ?? `B${seed.id.replace(/^T/, '')}`,
      botName: seed.botName ?? 'zoom',
      domain: seed.domain ?? seed.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-'),
      enterpriseId: seed.enterpriseId,
      enterpriseName: seed.enterpriseName,
      scopes: new Set(seed.scopes ?? DEFAULT_BOT_SCOPES),
    };
    this.teams.set(team.id, team);
    this.tokens.set(team.botToken, { teamId: team.id, revoked: false });
  }

  addUser(seed: UserSeed): void {
    this.requireTeam(seed.teamId);
    const tz = seed.tz ?? 'America/Los_Angeles';
    assertTimeZone(tz);
    this.users.set(`${seed.teamId}:${seed.id}`, { ...seed, tz });
  }

  addChannel(seed: ChannelSeed): void {
    this.requireTeam(seed.teamId);
    const kind = seed.isIm ? 'im' : seed.isPrivate ? 'private' : 'public';
    this.channels.set(`${seed.teamId}:${seed.id}`, {
      teamId: seed.teamId,
      id: seed.id,
      name: seed.name,
      kind,
      botIsMember: seed.botIsMember ?? false,
      members: seed.members,
      isArchived: seed.isArchived ?? false,
    });
  }

  /** A message written by someone else (e.g. a human), for ownership checks on chat.update/delete. */
  addMessage(msg: { teamId: string; channel: string; user: string; text: string; ts?: string }): string {
    const ts = msg.ts ?? this.nextTs();
    this.messageStore.push({ ...msg, ts, deleted: false, edited: false });
    return ts;
  }

  revokeToken(teamId: string): void {
    const team = this.requireTeam(teamId);
    const entry = this.tokens.get(team.botToken);
    if (entry) entry.revoked = true;
  }

  // ─────────────────────── interaction handles ───────────────────────

  /** A trigger_id as Slack puts in interaction payloads: single use, valid for 3 s (monotonic). */
  issueTriggerId(opts: TriggerOptions = {}): string {
    // Same shape as Slack's: "<digits>.<digits>.<hex>".
    const teamDigits = (opts.teamId ?? '').replace(/\D/g, '') || '0';
    const id = `${++this.idCounter}${Math.floor(this.now() / 1000) % 100000}.${teamDigits}.${rand(16)}`;
    this.triggers.set(id, { ...opts, issuedAt: this.mono(), used: false });
    return id;
  }

  /** A response_url: 5 uses within 30 minutes, like Slack. Pass an id string or context. */
  responseUrl(opts: string | ResponseUrlOptions = {}): string {
    const o = typeof opts === 'string' ? { id: opts } : opts;
    const { id = `${o.teamId ?? 'T'}/${++this.idCounter}/${rand(12)}`, ...context } = o;
    if (!this.responseUrls.has(id)) this.responseUrls.set(id, { uses: 0, createdAt: this.now(), context });
    return `${this.url}/response/${id}`;
  }

  /** Prepare an OAuth `code` as Slack would hand it to the redirect URL after the user clicks Allow. */
  createOAuthCode(spec: OAuthCodeSpec): string {
    const code = `${spec.teamId}.${++this.idCounter}.${rand(16)}`;
    this.oauthCodes.set(code, { spec, createdAt: this.now(), used: false });
    return code;
  }

  /**
   * Simulate a modal leaving the screen: the user closing it, or Slack dismissing it after a
   * submission. Closes the view and everything stacked above it (the whole stack for a root).
   */
  closeView(viewId: string): void {
    const rec = this.viewStore.get(viewId);
    if (!rec) throw new Error(`no view ${viewId}`);
    const root = this.viewStore.get(rec.view.root_view_id);
    const stack = root?.stack ?? [viewId];
    const from = Math.max(0, stack.indexOf(viewId));
    for (const id of stack.splice(from)) {
      const r = this.viewStore.get(id);
      if (r) r.open = false;
    }
    rec.open = false;
  }

  // ───────────────────────────── controls ─────────────────────────────

  /** Make the next call(s) to `method` fail; each queued failure is used once. */
  failNext(method: string, failure: Failure = { error: 'internal_error' }): void {
    const queue = this.failures.get(method) ?? [];
    queue.push(failure);
    this.failures.set(method, queue);
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  clearRecords(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.violations.length = 0;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Throws with every recorded Block Kit / payload violation; call in afterEach. */
  assertNoViolations(): void {
    if (this.violations.length === 0) return;
    const lines = this.violations.map((v) => `#${v.seq} ${v.where}:\n  ${v.errors.join('\n  ')}`);
    throw new Error(`Fake Slack recorded ${this.violations.length} payload violation(s):\n${lines.join('\n')}`);
  }

  /** Resolves with the first recorded call (past or future) matching `predicate`. */
  waitFor(predicate: (c: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    return this.waitOn('call', this.calls, predicate, timeoutMs, () => this.describeCalls());
  }

  waitForCall(method: string, predicate: (c: RecordedCall) => boolean = () => true, timeoutMs = 5000): Promise<RecordedCall> {
    return this.waitFor((c) => c.method === method && predicate(c), timeoutMs);
  }

  waitForResponse(predicate: (r: RecordedResponse) => boolean = () => true, timeoutMs = 5000): Promise<RecordedResponse> {
    return this.waitOn('response', this.responses, predicate, timeoutMs, () =>
      this.responses.map((r) => `#${r.seq} ${r.id} ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`).join('\n'),
    );
  }

  // ───────────────────────────── inspection ─────────────────────────────

  messages(filter: { teamId?: string; channel?: string; includeDeleted?: boolean } = {}): StoredMessage[] {
    return this.messageStore.filter(
      (m) =>
        (filter.teamId === undefined || m.teamId === filter.teamId) &&
        (filter.channel === undefined || m.channel === filter.channel) &&
        (filter.includeDeleted || !m.deleted),
    );
  }

  ephemeralMessages(filter: { teamId?: string; channel?: string; user?: string } = {}): StoredEphemeral[] {
    return this.ephemeralStore.filter(
      (m) =>
        (filter.teamId === undefined || m.teamId === filter.teamId) &&
        (filter.channel === undefined || m.channel === filter.channel) &&
        (filter.user === undefined || m.user === filter.user),
    );
  }

  /** Scheduled messages (waiting, deleted and posted), optionally of one channel. */
  scheduledMessages(filter: { channel?: string; state?: ScheduledMessage['state'] } = {}): ScheduledMessage[] {
    return this.scheduledStore
      .filter((m) => (filter.channel === undefined || m.channel === filter.channel) && (filter.state === undefined || m.state === filter.state))
      .map((m) => structuredClone(m));
  }

  /** Slack posts every waiting scheduled message whose time has come (by scheduleNow); returns the new messages. */
  postDueScheduledMessages(): StoredMessage[] {
    const now = this.scheduleNow();
    const posted: StoredMessage[] = [];
    for (const scheduled of this.scheduledStore) {
      if (scheduled.state !== 'waiting' || scheduled.postAt * 1000 > now) continue;
      const team = this.requireTeam(scheduled.teamId);
      const msg: StoredMessage = {
        teamId: team.id,
        channel: scheduled.channel,
        ts: this.nextTs(),
        threadTs: scheduled.threadTs,
        text: scheduled.text,
        blocks: scheduled.blocks,
        user: team.botUserId,
        botId: team.botId,
        deleted: false,
        edited: false,
      };
      this.messageStore.push(msg);
      scheduled.state = 'posted';
      scheduled.postedTs = msg.ts;
      posted.push(msg);
    }
    return posted;
  }

  view(viewId: string): FakeView | undefined {
    const v = this.viewStore.get(viewId)?.view;
    return v && structuredClone(v);
  }

  isViewOpen(viewId: string): boolean {
    return this.viewStore.get(viewId)?.open ?? false;
  }

  /** Most recently opened/pushed/updated/published view, optionally filtered. */
  lastView(filter: { teamId?: string; userId?: string; type?: 'modal' | 'home'; callbackId?: string } = {}): FakeView | undefined {
    const recs = [...this.viewStore.values()].filter(
      (r) =>
        (filter.teamId === undefined || r.view.team_id === filter.teamId) &&
        (filter.userId === undefined || r.userId === filter.userId) &&
        (filter.type === undefined || r.view.type === filter.type) &&
        (filter.callbackId === undefined || r.view.callback_id === filter.callbackId),
    );
    const last = recs.at(-1);
    return last && structuredClone(last.view);
  }

  /** User id the view was opened for (from its trigger or views.publish). */
  viewUser(viewId: string): string | undefined {
    return this.viewStore.get(viewId)?.userId;
  }

  teamBotToken(teamId: string): string {
    return this.requireTeam(teamId).botToken;
  }

  async close(): Promise<void> {
    this.events.emit('close');
    await new Promise<void>((resolve, reject) => {
      this.server.close((err) => (err ? reject(err) : resolve()));
      this.server.closeAllConnections();
    });
  }

  // ───────────────────────────── HTTP ─────────────────────────────

  /** @internal request entry point, wired by startFakeSlack. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const raw = await readBody(req);
    if (url.pathname.startsWith('/api/')) return this.handleApi(url, req, raw, res);
    if (url.pathname.startsWith('/response/')) {
      return this.handleResponseUrl(decodeURIComponent(url.pathname.slice('/response/'.length)), req, raw, res);
    }
    send(res, 404, { ok: false, error: 'not_found' });
  }

  private async handleApi(url: URL, req: IncomingMessage, raw: string, res: ServerResponse): Promise<void> {
    const method = url.pathname.slice('/api/'.length);
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
    if (this.latencyMs > 0) await delay(this.latencyMs);

    const parsed = parseArgs(url, contentType, raw);
    const token = bearer(req) ?? (contentType === 'application/json' ? undefined : str(parsed.args.token));
    delete parsed.args.token;
    const teamId = token ? this.tokens.get(token)?.teamId : undefined;

    const failure = this.failures.get(method)?.shift();
    if (failure?.status !== undefined && failure.status !== 200) {
      const headers: Record<string, string> = failure.retryAfterSec !== undefined ? { 'retry-after': String(failure.retryAfterSec) } : {};
      const result = fail(failure.error ?? (failure.status === 429 ? 'ratelimited' : 'internal_error'));
      this.record({ method, token, teamId, args: parsed.args, contentType, response: result });
      return send(res, failure.status, result, headers);
    }

    let result: Result;
    if (parsed.error) result = fail(parsed.error);
    else if (failure) result = fail(failure.error ?? 'internal_error');
    else result = this.dispatch(method, token, parsed.args, req);

    const { _violations, ...response } = result;
    const call = this.record({ method, token, teamId, args: parsed.args, contentType, response: response as SlackResponse });
    if (_violations?.length) this.addViolation(call.seq, method, _violations);
    send(res, 200, response);
  }

  private dispatch(method: string, token: string | undefined, args: Obj, req: IncomingMessage): Result {
    const raw = this.rawMethods[method];
    if (raw) return raw(args, req);
    const handler = this.methods[method];
    if (!handler) return { ...fail('unknown_method'), _violations: [`unknown or unimplemented method ${method}`] };
    if (!token) return fail('not_authed');
    const entry = this.tokens.get(token);
    if (!entry) return fail('invalid_auth');
    if (entry.revoked) return fail('token_revoked');
    const team = this.teams.get(entry.teamId);
    if (!team) return fail('account_inactive');
    const needed = handler.scope;
    if (needed && !team.scopes.has(needed)) {
      return fail('missing_scope', { needed, provided: [...team.scopes].join(',') });
    }
    return handler.run({ team, args, token });
  }

  private record(c: Pick<RecordedCall, 'method' | 'token' | 'teamId' | 'args' | 'contentType' | 'response'>): RecordedCall {
    const call: RecordedCall = { ...c, seq: ++this.seq, ok: c.response.ok, error: c.response.error, at: this.now() };
    this.calls.push(call);
    this.events.emit('call', call);
    return call;
  }

  private addViolation(seq: number, where: string, errors: string[]): void {
    this.violations.push({ seq, where, errors });
  }

  // ───────────────────────────── response_url ─────────────────────────────

  private handleResponseUrl(id: string, req: IncomingMessage, raw: string, res: ServerResponse): void {
    const rec = this.responseUrls.get(id);
    const reply = (status: number, error?: string, body: Obj = {}, violations: string[] = []): void => {
      const entry: RecordedResponse = {
        seq: ++this.seq,
        id,
        body,
        status,
        ok: error === undefined,
        error,
        context: rec?.context ?? {},
        at: this.now(),
      };
      this.responses.push(entry);
      if (violations.length > 0) this.addViolation(entry.seq, 'response_url', violations);
      this.events.emit('response', entry);
      send(res, status, error ? { ok: false, error } : { ok: true });
    };

    if (req.method !== 'POST') return reply(405, 'invalid_method');
    if (!rec) return reply(404, 'no_service', {}, [`POST to a response_url this fake never issued: ${id}`]);
    if (rec.uses >= RESPONSE_URL_MAX_USES) return reply(404, 'used_url');
    if (this.now() - rec.createdAt > RESPONSE_URL_TTL_MS) return reply(404, 'expired_url');

    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return reply(400, 'invalid_payload');
    }
    if (!isObj(body)) return reply(400, 'invalid_payload');
    rec.uses += 1;

    if (body.response_type !== undefined && body.response_type !== 'ephemeral' && body.response_type !== 'in_channel') {
      return reply(400, 'invalid_payload', body, ['/response_type: must be "ephemeral" or "in_channel"']);
    }
    if (!truthy(body.delete_original) && body.text === undefined && body.blocks === undefined && body.attachments === undefined) {
      return reply(400, 'no_text', body);
    }
    const violations = messageViolations(body);
    if (violations.length > 0) return reply(400, 'invalid_blocks', body, violations);
    this.applyToOriginal(rec.context, body);
    reply(200, undefined, body);
  }

  private applyToOriginal(ctx: ResponseUrlContext, body: Obj): void {
    if (!ctx.messageTs || !ctx.teamId || !ctx.channelId) return;
    const msg = this.findMessage(ctx.teamId, ctx.channelId, ctx.messageTs);
    if (!msg) return;
    if (truthy(body.delete_original)) msg.deleted = true;
    else if (truthy(body.replace_original)) {
      msg.text = str(body.text) ?? msg.text;
      msg.blocks = body.blocks !== undefined ? withGeneratedIds(body.blocks) : undefined;
      msg.edited = true;
    }
  }

  // ───────────────────────────── helpers ─────────────────────────────

  private waitOn<T>(event: string, past: T[], predicate: (x: T) => boolean, timeoutMs: number, describe: () => string): Promise<T> {
    const matches = (x: T): boolean => {
      try {
        return predicate(x);
      } catch {
        return false; // a predicate poking at an unexpected shape is a non-match, not a crash
      }
    };
    const hit = past.find(matches);
    if (hit) return Promise.resolve(hit);
    return new Promise<T>((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        this.events.off(event, onItem);
        this.events.off('close', onClose);
      };
      const onItem = (x: T): void => {
        if (!matches(x)) return;
        cleanup();
        resolve(x);
      };
      const onClose = (): void => {
        cleanup();
        reject(new Error(`fake Slack closed while waiting for a ${event}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs}ms waiting for a matching ${event}; recorded:\n${describe() || '(none)'}`));
      }, timeoutMs);
      this.events.on(event, onItem);
      this.events.on('close', onClose);
    });
  }

  private describeCalls(): string {
    return this.calls.map((c) => `#${c.seq} ${c.method} ${c.ok ? 'ok' : c.error} ${JSON.stringify(c.args).slice(0, 200)}`).join('\n');
  }

  private requireTeam(teamId: string): Team {
    const team = this.teams.get(teamId);
    if (!team) throw new Error(`unknown team ${teamId}; addTeam first`);
    return team;
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `${Math.floor(this.now() / 1000)}.${String(this.tsCounter % 1_000_000).padStart(6, '0')}`;
  }

  private nextViewId(): string {
    return `V${String(++this.idCounter).padStart(10, '0')}`;
  }

  private newHash(): string {
    return `${Math.floor(this.now() / 1000)}.${rand(4)}`;
  }

  private user(teamId: string, userId: unknown): User | undefined {
    return typeof userId === 'string' ? this.users.get(`${teamId}:${userId}`) : undefined;
  }

  private latestOpenModal(team: Team, userId: string | undefined): ViewRecord | undefined {
    return [...this.viewStore.values()]
      .filter((r) => r.open && r.view.type === 'modal' && r.view.team_id === team.id)
      .filter((r) => userId === undefined || r.userId === userId)
      .at(-1);
  }

  private findMessage(teamId: string, channel: string, ts: string): StoredMessage | undefined {
    return this.messageStore.find((m) => m.teamId === teamId && m.channel === channel && m.ts === ts && !m.deleted);
  }

  /** The bot's DM with a user, created on first use like conversations.open does. */
  private openIm(team: Team, userId: string): Channel {
    const key = `${team.id}:D${userId}`;
    let ch = this.channels.get(key);
    if (!ch) {
      ch = { teamId: team.id, id: `D${userId}`, name: userId, kind: 'im', botIsMember: true, imUser: userId, isArchived: false };
      this.channels.set(key, ch);
    }
    return ch;
  }

  /** Resolve an id or #name; a user id (chat.postMessage only) means the bot's DM with them. */
  private resolveChannel(team: Team, ref: unknown, allowUserId = false): Channel | undefined {
    if (typeof ref !== 'string' || ref === '') return undefined;
    const byId = this.channels.get(`${team.id}:${ref}`);
    if (byId) return byId;
    const name = ref.replace(/^#/, '');
    const byName = [...this.channels.values()].find((c) => c.teamId === team.id && c.name === name && c.kind !== 'im');
    if (byName) return byName;
    if (allowUserId && /^[UW]/.test(ref) && this.user(team.id, ref)) return this.openIm(team, ref);
    return undefined;
  }

  /** Slack hides private conversations the bot is not in; public ones are visible but not writable. */
  private checkWritable(team: Team, ch: Channel | undefined, allowPublicScope: boolean): string | undefined {
    if (!ch) return 'channel_not_found';
    if (!ch.botIsMember) {
      if (ch.kind !== 'public') return 'channel_not_found';
      if (!(allowPublicScope && team.scopes.has('chat:write.public'))) return 'not_in_channel';
    }
    if (ch.isArchived) return 'is_archived';
    return undefined;
  }

  private messageContent(args: Obj): { error?: string; violations?: string[] } {
    const has = (v: unknown): boolean => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);
    if (!has(args.text) && !has(args.blocks) && !has(args.attachments)) return { error: 'no_text' };
    if (typeof args.text === 'string' && args.text.length > LIMITS.messageText) {
      return { error: 'msg_too_long', violations: [`/text: must be at most ${LIMITS.messageText} characters (got ${args.text.length})`] };
    }
    const violations = messageViolations({ blocks: args.blocks, attachments: args.attachments });
    if (violations.length > 0) return { error: 'invalid_blocks', violations };
    return {};
  }

  private messageJson(team: Team, m: StoredMessage): Obj {
    return {
      type: 'message',
      subtype: m.user === team.botUserId ? 'bot_message' : undefined,
      text: m.text ?? '',
      user: m.user,
      bot_id: m.botId,
      app_id: m.botId ? this.appId : undefined,
      blocks: m.blocks,
      attachments: m.attachments,
      ts: m.ts,
      thread_ts: m.threadTs,
      team: team.id,
    };
  }

  private userJson(team: Team, u: User): Obj {
    const at = this.now();
    const realName = u.realName ?? u.name;
    const displayName = u.displayName ?? u.name;
    const email = team.scopes.has('users:read.email') && !u.isBot ? u.email : undefined;
    return {
      id: u.id,
      team_id: u.teamId,
      name: u.name,
      deleted: u.deleted ?? false,
      real_name: realName,
      tz: u.tz,
      tz_label: tzLabel(u.tz, at),
      tz_offset: tzOffsetSeconds(u.tz, at),
      locale: u.locale,
      profile: {
        real_name: realName,
        real_name_normalized: realName,
        display_name: displayName,
        display_name_normalized: displayName,
        email,
        team: u.teamId,
      },
      is_admin: u.isAdmin ?? false,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: u.isBot ?? false,
      is_app_user: false,
      updated: Math.floor(at / 1000),
    };
  }

  private viewArg(args: Obj, expectType: 'modal' | 'home'): { view?: Obj; error?: Result } {
    const view = args.view;
    if (!isObj(view)) return { error: fail('invalid_arguments', errorMeta(['missing or non-JSON `view`'])) };
    if (JSON.stringify(view).length > LIMITS.viewBytes) return { error: fail('view_too_large') };
    const violations = viewViolations(view);
    if (view.type !== expectType) violations.unshift(`/view/type: must be "${expectType}" for this method`);
    if (violations.length > 0) return { error: { ...fail('invalid_arguments', errorMeta(violations)), _violations: violations } };
    return { view };
  }

  private buildView(team: Team, v: Obj, id: string, rootId: string, previous: string | null): FakeView {
    return {
      id,
      team_id: team.id,
      type: v.type as 'modal' | 'home',
      ...(v.type === 'modal' ? { title: v.title } : {}),
      close: v.close ?? null,
      submit: v.submit ?? null,
      blocks: withGeneratedIds(v.blocks),
      private_metadata: str(v.private_metadata) ?? '',
      callback_id: str(v.callback_id) ?? '',
      external_id: str(v.external_id) ?? '',
      state: { values: {} },
      hash: this.newHash(),
      clear_on_close: v.clear_on_close === true,
      notify_on_close: v.notify_on_close === true,
      root_view_id: rootId,
      previous_view_id: previous,
      app_id: this.appId,
      app_installed_team_id: team.id,
      bot_id: team.botId,
    };
  }

  private duplicateExternalId(team: Team, externalId: unknown, exceptId?: string): boolean {
    if (typeof externalId !== 'string' || externalId === '') return false;
    return [...this.viewStore.values()].some(
      (r) => r.open && r.view.team_id === team.id && r.view.external_id === externalId && r.view.id !== exceptId,
    );
  }

  /** Validates and consumes a trigger: unknown/foreign → invalid, reused → exchanged, > TTL → expired. */
  private consumeTrigger(team: Team, args: Obj): { trigger?: Trigger; error?: Result } {
    const id = str(args.trigger_id) ?? str(args.interactivity_pointer);
    if (!id) return { error: fail('invalid_arguments', errorMeta(['missing required field: trigger_id'])) };
    const trigger = this.triggers.get(id);
    if (!trigger || (trigger.teamId !== undefined && trigger.teamId !== team.id)) return { error: fail('invalid_trigger_id') };
    if (trigger.used) return { error: fail('exchanged_trigger_id') };
    trigger.used = true;
    if (this.mono() - trigger.issuedAt > this.triggerTtlMs) return { error: fail('expired_trigger_id') };
    return { trigger };
  }

  // ───────────────────────────── Web API methods ─────────────────────────────

  private readonly methods: Record<string, { scope?: string; run: Handler }> = {
    'auth.test': {
      run: ({ team }) =>
        ok({
          url: `https://${team.domain}.slack.com/`,
          team: team.name,
          user: team.botName,
          team_id: team.id,
          user_id: team.botUserId,
          bot_id: team.botId,
          is_enterprise_install: false,
          ...(team.enterpriseId ? { enterprise_id: team.enterpriseId } : {}),
        }),
    },

    'team.info': {
      scope: 'team:read',
      run: ({ team }) =>
        ok({
          team: {
            id: team.id,
            name: team.name,
            domain: team.domain,
            email_domain: '',
            enterprise_id: team.enterpriseId,
            enterprise_name: team.enterpriseName,
          },
        }),
    },

    'users.info': {
      scope: 'users:read',
      run: ({ team, args }) => {
        const u = this.user(team.id, args.user);
        return u ? ok({ user: this.userJson(team, u) }) : fail('user_not_found');
      },
    },

    'users.lookupByEmail': {
      scope: 'users:read.email',
      run: ({ team, args }) => {
        const email = str(args.email)?.toLowerCase();
        const u = [...this.users.values()].find((x) => x.teamId === team.id && x.email?.toLowerCase() === email);
        return u ? ok({ user: this.userJson(team, u) }) : fail('users_not_found');
      },
    },

    'conversations.open': {
      scope: 'im:write',
      run: ({ team, args }) => {
        if (args.channel !== undefined) {
          const ch = this.resolveChannel(team, args.channel);
          return ch && ch.botIsMember ? ok({ channel: { id: ch.id } }) : fail('channel_not_found');
        }
        const ids = (str(args.users) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        if (ids.length === 0) return fail('users_list_not_supplied');
        if (ids.length > 8) return fail('too_many_users');
        if (ids.some((id) => !this.user(team.id, id))) return fail('user_not_found');
        if (ids.length > 1) {
          const id = `G${ids.sort().join('').replace(/\D/g, '').slice(0, 10)}`;
          const name = `mpdm-${ids.join('--')}`;
          this.channels.set(`${team.id}:${id}`, {
            teamId: team.id,
            id,
            name,
            kind: 'mpim',
            botIsMember: true,
            members: ids,
            isArchived: false,
          });
          return ok({ channel: { id } });
        }
        const userId = ids[0] as string;
        const existed = this.channels.has(`${team.id}:D${userId}`);
        const ch = this.openIm(team, userId);
        const channel = truthy(args.return_im)
          ? { id: ch.id, is_im: true, user: userId, created: Math.floor(this.now() / 1000) }
          : { id: ch.id };
        return ok({ ...(existed ? { no_op: true, already_open: true } : {}), channel });
      },
    },

    'conversations.info': {
      scope: 'channels:read',
      run: ({ team, args }) => {
        const ch = this.resolveChannel(team, args.channel);
        if (!ch || (ch.kind !== 'public' && !ch.botIsMember)) return fail('channel_not_found');
        return ok({
          channel: {
            id: ch.id,
            name: ch.name,
            is_channel: ch.kind === 'public',
            is_group: ch.kind === 'private',
            is_private: ch.kind !== 'public',
            is_im: ch.kind === 'im',
            is_mpim: ch.kind === 'mpim',
            is_member: ch.botIsMember,
            is_archived: ch.isArchived,
            ...(ch.imUser ? { user: ch.imUser } : {}),
          },
        });
      },
    },

    'chat.postMessage': {
      scope: 'chat:write',
      run: ({ team, args }) => {
        const ch = this.resolveChannel(team, args.channel, true);
        const denied = this.checkWritable(team, ch, true);
        if (denied || !ch) return fail(denied ?? 'channel_not_found');
        const content = this.messageContent(args);
        if (content.error) return contentFailure(content.error, content.violations);
        if (args.thread_ts !== undefined && !/^\d+\.\d+$/.test(String(args.thread_ts))) return fail('invalid_thread_ts');
        const msg: StoredMessage = {
          teamId: team.id,
          channel: ch.id,
          ts: this.nextTs(),
          threadTs: str(args.thread_ts),
          text: typeof args.text === 'string' ? args.text : undefined,
          blocks: args.blocks !== undefined ? withGeneratedIds(args.blocks) : undefined,
          attachments: Array.isArray(args.attachments) ? args.attachments : undefined,
          user: team.botUserId,
          botId: team.botId,
          deleted: false,
          edited: false,
        };
        this.messageStore.push(msg);
        return ok({ channel: ch.id, ts: msg.ts, message: this.messageJson(team, msg) });
      },
    },

    'chat.scheduleMessage': {
      scope: 'chat:write',
      run: ({ team, args }) => {
        const ch = this.resolveChannel(team, args.channel, true);
        const denied = this.checkWritable(team, ch, true);
        if (denied || !ch) return fail(denied ?? 'channel_not_found');
        const postAt = Number(args.post_at);
        if (args.post_at === undefined || !Number.isFinite(postAt)) return fail('invalid_time');
        // Seconds, not ms: a value in ms lies thousands of years ahead.
        const now = this.scheduleNow();
        if (postAt * 1000 <= now) return fail('time_in_past');
        if (postAt * 1000 > now + SCHEDULE_HORIZON_MS) return fail('time_too_far');
        const content = this.messageContent(args);
        if (content.error) return contentFailure(content.error, content.violations);
        if (args.thread_ts !== undefined && !/^\d+\.\d+$/.test(String(args.thread_ts))) return fail('invalid_thread_ts');
        if (args.metadata !== undefined) {
          // Slack accepts it, then never posts the message (its own documented bug): an app must not send it.
          return { ...ok(), _violations: ['/metadata: a message scheduled with metadata is never posted (chat.scheduleMessage bug alert)'] };
        }
        const sameWindow = this.scheduledStore.filter(
          (m) => m.state === 'waiting' && m.teamId === team.id && m.channel === ch.id && Math.abs(m.postAt - postAt) * 1000 < SCHEDULE_WINDOW.ms,
        );
        if (sameWindow.length >= SCHEDULE_WINDOW.max) return fail('restricted_too_many');
        const scheduled: ScheduledMessage = {
          id: `Q${String(++this.idCounter).padStart(10, '0')}`,
          teamId: team.id,
          channel: ch.id,
          postAt: Math.floor(postAt),
          dateCreated: Math.floor(now / 1000),
          text: typeof args.text === 'string' ? args.text : undefined,
          blocks: args.blocks !== undefined ? withGeneratedIds(args.blocks) : undefined,
          threadTs: str(args.thread_ts),
          replyBroadcast: truthy(args.reply_broadcast),
          state: 'waiting',
        };
        this.scheduledStore.push(scheduled);
        return ok({
          channel: ch.id,
          scheduled_message_id: scheduled.id,
          post_at: scheduled.postAt,
          message: { type: 'delayed_message', text: scheduled.text ?? '', bot_id: team.botId, user: team.botUserId, blocks: scheduled.blocks },
        });
      },
    },

    'chat.deleteScheduledMessage': {
      scope: 'chat:write',
      run: ({ team, args }) => {
        const ch = this.resolveChannel(team, args.channel);
        if (!ch) return fail('channel_not_found');
        const scheduled = this.scheduledStore.find((m) => m.teamId === team.id && m.id === String(args.scheduled_message_id ?? ''));
        // Posted, deleted, another channel's, or posting within 60 s: all the same answer.
        if (!scheduled || scheduled.channel !== ch.id || scheduled.state !== 'waiting') return fail('invalid_scheduled_message_id');
        if (scheduled.postAt * 1000 - this.scheduleNow() <= SCHEDULE_DELETE_CUTOFF_MS) return fail('invalid_scheduled_message_id');
        scheduled.state = 'deleted';
        return ok();
      },
    },

    'chat.scheduledMessages.list': {
      run: ({ team, args }) => {
        const channel = str(args.channel);
        const oldest = args.oldest !== undefined ? Number(args.oldest) : -Infinity;
        const latest = args.latest !== undefined ? Number(args.latest) : Infinity;
        const waiting = this.scheduledStore.filter(
          (m) => m.teamId === team.id && m.state === 'waiting' && (channel === undefined || m.channel === channel) && m.postAt >= oldest && m.postAt <= latest,
        );
        return ok({
          scheduled_messages: waiting.map((m) => ({ id: m.id, channel_id: m.channel, post_at: m.postAt, date_created: m.dateCreated, text: m.text ?? '' })),
          response_metadata: { next_cursor: '' },
        });
      },
    },

    'chat.postEphemeral': {
      scope: 'chat:write',
      run: ({ team, args }) => {
        if (args.user === undefined) return fail('invalid_arguments', errorMeta(['missing required field: user']));
        const user = this.user(team.id, args.user);
        if (!user) return fail('user_not_found');
        const ch = this.resolveChannel(team, args.channel);
        const denied = this.checkWritable(team, ch, false);
        if (denied || !ch) return fail(denied ?? 'channel_not_found');
        const inChannel = ch.kind === 'im' ? ch.imUser === user.id : !ch.members || ch.members.includes(user.id);
        if (!inChannel) return fail('user_not_in_channel');
        const content = this.messageContent(args);
        if (content.error) return contentFailure(content.error, content.violations);
        const messageTs = this.nextTs();
        this.ephemeralStore.push({
          teamId: team.id,
          channel: ch.id,
          user: user.id,
          messageTs,
          text: typeof args.text === 'string' ? args.text : undefined,
          blocks: args.blocks !== undefined ? withGeneratedIds(args.blocks) : undefined,
          threadTs: str(args.thread_ts),
        });
        return ok({ message_ts: messageTs });
      },
    },

    'chat.update': {
      scope: 'chat:write',
      run: ({ team, args }) => {
        const ch = this.resolveChannel(team, args.channel);
        if (!ch) return fail('channel_not_found');
        const msg = this.findMessage(team.id, ch.id, String(args.ts ?? ''));
        if (!msg) return fail('message_not_found');
        if (msg.user !== team.botUserId) return fail('cant_update_message');
        const content = this.messageContent(args);
        if (content.error) return contentFailure(content.error, content.violations);
        // Slack keeps the previous blocks/attachments when the update leaves them out.
        if (typeof args.text === 'string') msg.text = args.text;
        if (args.blocks !== undefined) msg.blocks = withGeneratedIds(args.blocks);
        if (args.attachments !== undefined) msg.attachments = Array.isArray(args.attachments) ? args.attachments : undefined;
        msg.edited = true;
        return ok({ channel: ch.id, ts: msg.ts, text: msg.text ?? '', message: this.messageJson(team, msg) });
      },
    },

    'chat.delete': {
      scope: 'chat:write',
      run: ({ team, args }) => {
        const ch = this.resolveChannel(team, args.channel);
        if (!ch) return fail('channel_not_found');
        const msg = this.findMessage(team.id, ch.id, String(args.ts ?? ''));
        if (!msg) return fail('message_not_found');
        if (msg.user !== team.botUserId) return fail('cant_delete_message');
        msg.deleted = true;
        return ok({ channel: ch.id, ts: msg.ts });
      },
    },

    'chat.getPermalink': {
      run: ({ team, args }) => {
        const ch = this.resolveChannel(team, args.channel);
        if (!ch || (ch.kind !== 'public' && !ch.botIsMember)) return fail('channel_not_found');
        const msg = this.findMessage(team.id, ch.id, String(args.message_ts ?? ''));
        if (!msg) return fail('message_not_found');
        const thread = msg.threadTs ? `?thread_ts=${msg.threadTs}&cid=${ch.id}` : '';
        return ok({ channel: ch.id, permalink: `https://${team.domain}.slack.com/archives/${ch.id}/p${msg.ts.replace('.', '')}${thread}` });
      },
    },

    'views.open': {
      run: ({ team, args }) => {
        const { view, error } = this.viewArg(args, 'modal');
        if (error || !view) return error ?? fail('invalid_arguments');
        if (this.duplicateExternalId(team, view.external_id)) return fail('duplicate_external_id');
        const consumed = this.consumeTrigger(team, args);
        if (consumed.error || !consumed.trigger) return consumed.error ?? fail('invalid_trigger_id');
        const id = this.nextViewId();
        const built = this.buildView(team, view, id, id, null);
        this.viewStore.set(id, { view: built, userId: consumed.trigger.userId, open: true, stack: [id] });
        return ok({ view: built });
      },
    },

    'views.push': {
      run: ({ team, args }) => {
        const { view, error } = this.viewArg(args, 'modal');
        if (error || !view) return error ?? fail('invalid_arguments');
        if (this.duplicateExternalId(team, view.external_id)) return fail('duplicate_external_id');
        const consumed = this.consumeTrigger(team, args);
        if (consumed.error || !consumed.trigger) return consumed.error ?? fail('invalid_trigger_id');
        const trigger = consumed.trigger;
        // Pushing needs an open modal: the one the interaction came from, else the user's latest.
        const from = trigger.viewId ? this.viewStore.get(trigger.viewId) : this.latestOpenModal(team, trigger.userId);
        const root = from && this.viewStore.get(from.view.root_view_id);
        if (!root || !root.open) return fail('not_found');
        if (root.stack.length >= 3) return fail('push_limit_reached');
        const id = this.nextViewId();
        const built = this.buildView(team, view, id, root.view.id, root.stack.at(-1) ?? null);
        root.stack.push(id);
        this.viewStore.set(id, { view: built, userId: root.userId, open: true, stack: [] });
        return ok({ view: built });
      },
    },

    'views.update': {
      run: ({ team, args }) => {
        const viewId = str(args.view_id);
        const externalId = str(args.external_id);
        if (!viewId && !externalId) return fail('invalid_arguments', errorMeta(['either view_id or external_id is required']));
        const rec = viewId
          ? this.viewStore.get(viewId)
          : [...this.viewStore.values()].find((r) => r.view.team_id === team.id && r.view.external_id === externalId);
        if (!rec || rec.view.team_id !== team.id || !rec.open) return fail('not_found');
        const { view, error } = this.viewArg(args, rec.view.type);
        if (error || !view) return error ?? fail('invalid_arguments');
        if (args.hash !== undefined && args.hash !== rec.view.hash) return fail('hash_conflict');
        if (this.duplicateExternalId(team, view.external_id, rec.view.id)) return fail('duplicate_external_id');
        rec.view = this.buildView(team, view, rec.view.id, rec.view.root_view_id, rec.view.previous_view_id);
        return ok({ view: rec.view });
      },
    },

    'views.publish': {
      run: ({ team, args }) => {
        const user = this.user(team.id, args.user_id);
        if (!user) return fail('invalid_arguments', errorMeta(['invalid `user_id`']));
        const { view, error } = this.viewArg(args, 'home');
        if (error || !view) return error ?? fail('invalid_arguments');
        const existing = [...this.viewStore.values()].find(
          (r) => r.view.type === 'home' && r.view.team_id === team.id && r.userId === user.id,
        );
        if (args.hash !== undefined && existing && args.hash !== existing.view.hash) return fail('hash_conflict');
        const id = existing?.view.id ?? this.nextViewId();
        const built = this.buildView(team, view, id, id, null);
        // Re-insert so lastView() sees the newest publish.
        this.viewStore.delete(id);
        this.viewStore.set(id, { view: built, userId: user.id, open: true, stack: [] });
        return ok({ view: built });
      },
    },

    'auth.revoke': {
      run: ({ token, args }) => {
        if (truthy(args.test)) return ok({ revoked: false });
        const entry = this.tokens.get(token);
        if (entry) entry.revoked = true;
        return ok({ revoked: true });
      },
    },
  };

  /** Methods authenticated by OAuth client credentials rather than a bot token. */
  private readonly rawMethods: Record<string, RawHandler> = {
    'oauth.v2.access': (args, req) => {
      const denied = this.checkClient(args, req);
      if (denied) return fail(denied);
      if (args.grant_type !== undefined && args.grant_type !== 'authorization_code') return fail('invalid_grant_type');
      const code = this.oauthCodes.get(String(args.code ?? ''));
      if (!code || code.used || this.now() - code.createdAt > OAUTH_CODE_TTL_MS) return fail('invalid_code');
      code.used = true;
      const s = code.spec;
      if (s.redirectUri !== undefined && args.redirect_uri !== s.redirectUri) return fail('bad_redirect_uri');
      const existing = this.teams.get(s.teamId);
      const scopes = s.scopes ?? DEFAULT_BOT_SCOPES;
      const botToken = s.botToken ?? existing?.botToken ?? `xoxb-${s.teamId.replace(/\D/g, '') || '0'}-${rand(12)}`;
      const botUserId = s.botUserId ?? existing?.botUserId ?? `U0BOT${s.teamId.replace(/^T/, '')}`;
      if (existing && existing.botToken !== botToken) this.tokens.delete(existing.botToken);
      this.addTeam({
        id: s.teamId,
        name: s.teamName,
        botToken,
        botUserId,
        botId: existing?.botId,
        botName: existing?.botName,
        domain: existing?.domain,
        enterpriseId: s.enterpriseId,
        enterpriseName: s.enterpriseName,
        scopes,
      });
      const authedUser: Obj = { id: s.installerUserId };
      if (s.userScopes?.length) {
        Object.assign(authedUser, { scope: s.userScopes.join(','), access_token: `xoxp-${rand(12)}`, token_type: 'user' });
      }
      return ok({
        app_id: this.appId,
        authed_user: authedUser,
        scope: scopes.join(','),
        token_type: 'bot',
        access_token: botToken,
        bot_user_id: botUserId,
        team: { id: s.teamId, name: s.teamName },
        enterprise: s.enterpriseId ? { id: s.enterpriseId, name: s.enterpriseName ?? '' } : null,
        is_enterprise_install: false,
      });
    },

    'apps.connections.open': (_args, req) => {
      const token = bearer(req);
      if (!token) return fail('not_authed');
      if (!token.startsWith('xapp-')) return fail('not_allowed_token_type');
      if (!this.socketMode || token !== this.socketMode.appToken) return fail('invalid_auth');
      return ok({ url: this.socketMode.openConnection() });
    },

    'apps.uninstall': (args, req) => {
      const denied = this.checkClient(args, req);
      if (denied) return fail(denied);
      const token = bearer(req) ?? str(args.token);
      const entry = token ? this.tokens.get(token) : undefined;
      if (!entry) return fail(token ? 'invalid_auth' : 'not_authed');
      entry.revoked = true;
      return ok();
    },
  };

  /** Slack accepts client credentials as HTTP Basic auth or as client_id/client_secret fields. */
  private checkClient(args: Obj, req: IncomingMessage): string | undefined {
    let id = str(args.client_id);
    let secret = str(args.client_secret);
    const auth = req.headers.authorization;
    if (auth?.startsWith('Basic ')) {
      const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
      const sep = decoded.indexOf(':');
      id = decoded.slice(0, sep);
      secret = decoded.slice(sep + 1);
    }
    if (id !== this.clientId) return 'invalid_client_id';
    if (secret !== this.clientSecret) return 'bad_client_secret';
    return undefined;
  }
}

// ───────────────────────────── plumbing ─────────────────────────────

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function bearer(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

const JSON_FIELDS = ['blocks', 'view', 'attachments', 'metadata'] as const;

/** Decode args the way Slack does: query + form or JSON body; JSON-string fields parsed. */
function parseArgs(url: URL, contentType: string, raw: string): { args: Obj; error?: string } {
  const args: Obj = Object.fromEntries(url.searchParams);
  if (raw !== '') {
    if (contentType === 'application/json') {
      try {
        const body: unknown = JSON.parse(raw);
        if (!isObj(body)) return { args, error: 'invalid_json' };
        Object.assign(args, body);
      } catch {
        return { args, error: 'invalid_json' };
      }
    } else if (contentType === 'application/x-www-form-urlencoded' || contentType === '') {
      Object.assign(args, Object.fromEntries(new URLSearchParams(raw)));
    } else {
      return { args, error: 'invalid_form_data' };
    }
  }
  for (const key of JSON_FIELDS) {
    const v = args[key];
    if (typeof v !== 'string') continue;
    try {
      args[key] = JSON.parse(v);
    } catch {
      const error = { blocks: 'invalid_blocks_format', attachments: 'invalid_attachments' }[key as string] ?? 'invalid_arguments';
      return { args, error };
    }
  }
  return { args };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json), ...headers });
  res.end(json);
}

/** Start a fake Slack on 127.0.0.1 with an ephemeral port. Remember to `close()` it. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  // The instance needs the bound port, so the request handler reaches it through a late-bound ref.
  const ref: { fake?: FakeSlack } = {};
  const server = createServer((req, res) => {
    if (!ref.fake) return void send(res, 503, { ok: false, error: 'starting' });
    ref.fake.handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: 'fatal_error', detail: String(err) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  ref.fake = new FakeSlack(server, options);
  return ref.fake;
}

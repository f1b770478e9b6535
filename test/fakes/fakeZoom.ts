import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../src/clock.js';

/**
 * A strict stand-in for Zoom on 127.0.0.1 (real HTTP): OAuth (authorize with PKCE, token, revoke) and the REST
 * endpoints the app uses under /v2. Time comes from the shared test clock. Errors look like Zoom's: REST
 * `{code, message}`, OAuth `{reason, error}`.
 */

export type FakeZoomRoute =
  | 'authorize'
  | 'token'
  | 'revoke'
  | 'getMe'
  | 'getUser'
  | 'createMeeting'
  | 'listMeetings'
  | 'getMeeting'
  | 'updateMeeting'
  | 'deleteMeeting'
  | 'getPastMeeting'
  | 'getMeetingSummary'
  | 'getRecordings';

/** One run of a meeting (its own uuid): what the past-meeting, summary and recordings endpoints answer about it. */
export interface FakeInstance {
  uuid: string;
  meetingId: number;
  startedAt: number;
  endedAt?: number;
  summary?: Record<string, unknown>;
  recording?: { share_url: string; password: string; recording_play_passcode: string };
}

export interface FakeZoomUser {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  account_id: string;
  display_name?: string;
  timezone?: string;
}

export interface FakeMeeting {
  id: number;
  uuid: string;
  host_id: string;
  host_email: string;
  topic: string;
  type: number;
  status: 'waiting';
  start_time?: string;
  duration: number;
  timezone?: string;
  agenda?: string;
  created_at: string;
  join_url: string;
  start_url: string;
  password?: string;
  settings: Record<string, unknown>;
  recurrence?: Record<string, unknown>;
  occurrences?: Array<{ occurrence_id: string; start_time: string; duration: number; status: 'available' }>;
}

/** A scripted answer instead of the real one. `destroy` drops the connection without answering. */
export interface CannedReply {
  status?: number;
  body?: unknown;
  /** Sent verbatim (for unreadable bodies). */
  rawBody?: string;
  headers?: Record<string, string>;
  destroy?: boolean;
  /** Do the work first (the meeting is created), then answer this instead: Zoom's 500/502 after processing. */
  afterProcessing?: boolean;
}

export interface HangHandle {
  /** Resolves when the request has fully reached the fake. */
  arrived: Promise<void>;
  /** Lets the fake answer (to a client that may be gone). */
  release(): void;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  route: FakeZoomRoute | 'unknown';
  status?: number;
  /** Bearer token used, if any. */
  bearer?: string;
  /** grant_type of a token request. */
  grantType?: string;
  at: number;
}

export interface FakeZoomOptions {
  clock: Clock;
  clientId: string;
  clientSecret: string;
  /** Enables Server-to-Server tokens for this account. */
  accountId?: string;
  /** When set, /oauth/authorize only accepts this redirect_uri. */
  redirectUri?: string;
  /** Meeting create+update requests per user per UTC day. Default 100 (Zoom's). */
  dailyMeetingLimit?: number;
}

export interface FakeZoomStats {
  authorizations: number;
  codeExchanges: number;
  refreshCount: number;
  accountTokenCount: number;
  revocations: number;
  /** Every POST /oauth/token, by grant_type (including rejected ones). */
  tokenRequests: string[];
}

export interface FakeZoom {
  baseUrl: string;
  /** Use as Config['zoom'].oauthUrl. */
  oauthUrl: string;
  /** Use as Config['zoom'].apiUrl (…/v2). */
  apiUrl: string;
  close(): Promise<void>;

  addUser(user: FakeZoomUser): void;
  /** The user who is "signed in" in the browser and clicks Allow on /oauth/authorize. */
  loginAs(userId: string): void;
  /** The next /oauth/authorize redirects back with error=access_denied. */
  denyNext(): void;
  /** Issues a user token pair directly (as if the flow had run), for seeding grants. */
  issueUserTokens(userId: string, scope?: string): { access_token: string; refresh_token: string; expires_in: number; scope: string };

  /** Every access token issued so far stops working now. */
  expireAccessTokens(): void;
  invalidateAccessToken(token: string): void;
  /** Every refresh token of this user dies (e.g. the user removed the app). */
  killRefreshTokens(userId: string): void;
  isAccessTokenValid(token: string): boolean;
  isRefreshTokenValid(token: string): boolean;

  failNext(route: FakeZoomRoute, reply: CannedReply, times?: number): void;
  /** The next request to the route waits until release(). afterProcessing: do the work first, then hold the answer. */
  hangNext(route: FakeZoomRoute, options?: { afterProcessing?: boolean }): HangHandle;
  /** Answers 429 like Zoom: per-second by default, or the per-user daily meeting limit. */
  rateLimitNext(route: FakeZoomRoute, options?: { retryAfter?: string; daily?: boolean; times?: number }): void;

  readonly stats: FakeZoomStats;
  readonly createdMeetings: FakeMeeting[];
  readonly requests: RequestLogEntry[];
  meeting(id: string | number): FakeMeeting | undefined;
  /** Instances of meetings that ran (started by the test), by uuid. */
  readonly instances: Map<string, FakeInstance>;
  /** A change made in Zoom itself (web portal, another app): applied as Zoom would, no request logged. */
  changeMeeting(id: number, change: Partial<Pick<FakeMeeting, 'topic' | 'start_time' | 'duration' | 'agenda'>>): FakeMeeting;
  removeMeeting(id: number): FakeMeeting;
}

interface Reply {
  status: number;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  destroy?: boolean;
  afterProcessing?: boolean;
}

interface AccessTokenRecord {
  kind: 'user' | 'account';
  userId?: string;
  accountId?: string;
  expiresAt: number;
  scope: string;
  valid: boolean;
}

interface AuthCode {
  userId: string;
  redirectUri: string;
  codeChallenge: string;
  expiresAt: number;
  used: boolean;
}

const USER_SCOPE = 'meeting:read meeting:write user:read';
const ACCOUNT_SCOPE = 'meeting:read:admin meeting:write:admin user:read:admin';
const DAILY_LIMIT_MESSAGE = (limit: number) =>
  `You have exceeded the daily rate limit (${limit}) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.`;
const PER_SECOND_MESSAGE = 'You have reached the maximum per-second rate limit for this API. Try again later.';

const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });
const zoomError = (status: number, code: number, message: string, extra: Record<string, unknown> = {}): Reply => json(status, { code, message, ...extra });
const oauthError = (status: number, error: string, reason: string): Reply => json(status, { reason, error });
const validationFailed = (field: string, message = 'Invalid field.'): Reply =>
  zoomError(400, 300, 'Validation Failed.', { errors: [{ field, message }] });

const token = (prefix: string) => `${prefix}_${randomBytes(24).toString('base64url')}`;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const zoomTime = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function validZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function wallClock(utcMs: number, zone: string): { y: number; m: number; d: number; hh: number; mm: number; ss: number; weekday: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    weekday: 'short',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday')) + 1;
  return { y: Number(get('year')), m: Number(get('month')), d: Number(get('day')), hh: Number(get('hour')), mm: Number(get('minute')), ss: Number(get('second')), weekday };
}

/** Local wall time in a zone → UTC ms. */
function zonedToUtc(y: number, m: number, d: number, hh: number, mm: number, ss: number, zone: string): number {
  const naive = Date.UTC(y, m - 1, d, hh, mm, ss);
  const offsetAt = (utc: number) => {
    const w = wallClock(utc, zone);
    return Date.UTC(w.y, w.m - 1, w.d, w.hh, w.mm, w.ss) - Math.floor(utc / 1000) * 1000;
  };
  const first = naive - offsetAt(naive);
  return naive - offsetAt(first);
}

function weeklyOccurrences(startMs: number, zone: string, weeklyDays: number[], count: number, duration: number): FakeMeeting['occurrences'] {
  const start = wallClock(startMs, zone);
  const out: NonNullable<FakeMeeting['occurrences']> = [];
  for (let dayOffset = 0; out.length < count && dayOffset < 7 * 400; dayOffset++) {
    const date = new Date(Date.UTC(start.y, start.m - 1, start.d + dayOffset));
    const weekday = date.getUTCDay() + 1;
    if (!weeklyDays.includes(weekday)) continue;
    const at = zonedToUtc(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), start.hh, start.mm, start.ss, zone);
    out.push({ occurrence_id: String(at), start_time: zoomTime(at), duration, status: 'available' });
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeZoom(options: FakeZoomOptions): Promise<FakeZoom> {
  const { clock, clientId, clientSecret } = options;
  const dailyLimit = options.dailyMeetingLimit ?? 100;
  const users = new Map<string, FakeZoomUser>();
  const accessTokens = new Map<string, AccessTokenRecord>();
  const refreshTokens = new Map<string, { userId: string; scope: string }>();
  const codes = new Map<string, AuthCode>();
  const meetings = new Map<number, FakeMeeting>();
  const dailyCounts = new Map<string, { day: string; count: number }>();
  const failures = new Map<FakeZoomRoute, Reply[]>();
  const hangs = new Map<FakeZoomRoute, Array<{ afterProcessing: boolean; arrived: () => void; released: Promise<void> }>>();
  const pendingReleases = new Set<() => void>();
  const createdMeetings: FakeMeeting[] = [];
  const instances = new Map<string, FakeInstance>();
  const requests: RequestLogEntry[] = [];
  const stats: FakeZoomStats = { authorizations: 0, codeExchanges: 0, refreshCount: 0, accountTokenCount: 0, revocations: 0, tokenRequests: [] };
  let loggedIn: string | undefined;
  let denyNext = false;
  let nextMeetingId = 81_234_567_890;
  let baseUrl = '';

  function issueUserTokens(userId: string, scope = USER_SCOPE) {
    const access = token('fzat');
    const refresh = token('fzrt');
    accessTokens.set(access, { kind: 'user', userId, expiresAt: clock.now() + 3600_000, scope, valid: true });
    refreshTokens.set(refresh, { userId, scope });
    return { access_token: access, token_type: 'bearer', refresh_token: refresh, expires_in: 3600, scope };
  }

  function basicAuthOk(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    const match = /^Basic\s+(.+)$/i.exec(header);
    if (!match?.[1]) return false;
    return Buffer.from(match[1], 'base64').toString('utf8') === `${clientId}:${clientSecret}`;
  }

  function formBody(req: IncomingMessage, raw: string): URLSearchParams | undefined {
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return undefined;
    return new URLSearchParams(raw);
  }

  // ---- OAuth ----

  function authorize(url: URL): Reply {
    const q = url.searchParams;
    if (q.get('client_id') !== clientId) return oauthError(400, 'invalid_client', 'Invalid client_id');
    if (q.get('response_type') !== 'code') return oauthError(400, 'unsupported_response_type', 'Unsupported response type');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!/^https?:\/\//.test(redirectUri) || (options.redirectUri !== undefined && redirectUri !== options.redirectUri)) {
      return oauthError(400, 'invalid_request', 'Redirect URI mismatch.');
    }
    const challenge = q.get('code_challenge') ?? '';
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return oauthError(400, 'invalid_request', 'Invalid code_challenge');
    if (q.get('code_challenge_method') !== 'S256') return oauthError(400, 'invalid_request', 'Unsupported code_challenge_method');
    const back = new URL(redirectUri);
    const state = q.get('state');
    if (state !== null) back.searchParams.set('state', state);
    if (denyNext) {
      denyNext = false;
      back.searchParams.set('error', 'access_denied');
      return { status: 302, headers: { location: back.toString() } };
    }
    const userId = loggedIn ?? (users.size === 1 ? [...users.keys()][0] : undefined);
    if (!userId || !users.has(userId)) return oauthError(400, 'invalid_request', 'No signed-in user (call loginAs)');
    const code = token('fzcode');
    codes.set(code, { userId, redirectUri, codeChallenge: challenge, expiresAt: clock.now() + 5 * 60_000, used: false });
    stats.authorizations++;
    back.searchParams.set('code', code);
    return { status: 302, headers: { location: back.toString() } };
  }

  function tokenEndpoint(req: IncomingMessage, raw: string, log: RequestLogEntry): Reply {
    const form = formBody(req, raw);
    const grantType = form?.get('grant_type') ?? '';
    log.grantType = grantType;
    stats.tokenRequests.push(grantType);
    if (!basicAuthOk(req)) return oauthError(401, 'invalid_client', 'Invalid client_id or client_secret');
    if (!form) return oauthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');

    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const record = codes.get(code);
      if (!record || record.used || record.expiresAt <= clock.now()) return oauthError(400, 'invalid_grant', 'Invalid authorization code');
      record.used = true; // single use, whatever happens next
      if (form.get('redirect_uri') !== record.redirectUri) return oauthError(400, 'invalid_request', 'Redirect URI mismatch.');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier, 'ascii').digest('base64url');
      if (verifier.length < 43 || verifier.length > 128 || challenge !== record.codeChallenge) return oauthError(400, 'invalid_grant', 'Invalid code_verifier');
      stats.codeExchanges++;
      return json(200, issueUserTokens(record.userId));
    }

    if (grantType === 'refresh_token') {
      const old = form.get('refresh_token') ?? '';
      const record = refreshTokens.get(old);
      if (!record) return oauthError(400, 'invalid_grant', 'Invalid Token!');
      refreshTokens.delete(old); // rotation: the old refresh token dies at once
      stats.refreshCount++;
      return json(200, issueUserTokens(record.userId, record.scope));
    }

    if (grantType === 'account_credentials') {
      const accountId = form.get('account_id');
      if (!options.accountId || accountId !== options.accountId) return oauthError(400, 'invalid_request', 'Invalid account_id');
      const access = token('fzst');
      accessTokens.set(access, { kind: 'account', accountId, expiresAt: clock.now() + 3600_000, scope: ACCOUNT_SCOPE, valid: true });
      stats.accountTokenCount++;
      return json(200, { access_token: access, token_type: 'bearer', expires_in: 3600, scope: ACCOUNT_SCOPE, api_url: 'https://api.zoom.us' });
    }

    return oauthError(400, 'unsupported_grant_type', 'Unsupported grant type');
  }

  function revokeEndpoint(req: IncomingMessage, raw: string): Reply {
    if (!basicAuthOk(req)) return oauthError(401, 'invalid_client', 'Invalid client_id or client_secret');
    const form = formBody(req, raw);
    const value = form?.get('token') ?? '';
    const access = accessTokens.get(value);
    const refresh = refreshTokens.get(value);
    const userId = access?.userId ?? refresh?.userId;
    if (!userId || (access && !access.valid)) return oauthError(400, 'invalid_request', 'Invalid Token!');
    // Revoking either token ends the whole grant of that user.
    for (const [t, r] of accessTokens) if (r.userId === userId) accessTokens.set(t, { ...r, valid: false });
    for (const [t, r] of refreshTokens) if (r.userId === userId) refreshTokens.delete(t);
    stats.revocations++;
    return json(200, { status: 'success' });
  }

  // ---- REST ----

  function bearer(req: IncomingMessage): string | undefined {
    return /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  }

  function authenticate(req: IncomingMessage): AccessTokenRecord | undefined {
    const value = bearer(req);
    const record = value ? accessTokens.get(value) : undefined;
    if (!record || !record.valid || record.expiresAt <= clock.now()) return undefined;
    return record;
  }

  function publicUser(u: FakeZoomUser) {
    return {
      id: u.id,
      email: u.email,
      first_name: u.first_name,
      last_name: u.last_name,
      display_name: u.display_name ?? `${u.first_name} ${u.last_name}`.trim(),
      account_id: u.account_id,
      timezone: u.timezone ?? 'UTC',
      type: 2,
      status: 'active',
    };
  }

  /** 'me', id or email → user, honouring what the token may see. */
  function resolveUser(auth: AccessTokenRecord, ref: string): FakeZoomUser | Reply {
    if (ref === 'me') {
      const self = auth.userId ? users.get(auth.userId) : undefined;
      return self ?? zoomError(404, 1001, 'User does not exist: me.');
    }
    const lower = ref.toLowerCase();
    const user = users.get(ref) ?? [...users.values()].find((u) => u.email.toLowerCase() === lower);
    if (auth.kind === 'account') {
      if (!user || user.account_id !== auth.accountId) return zoomError(404, 1001, `User does not exist: ${ref}.`);
      return user;
    }
    if (!user) return zoomError(404, 1001, `User does not exist: ${ref}.`);
    if (user.id !== auth.userId) return zoomError(400, 200, 'No permission.');
    return user;
  }

  function findMeeting(auth: AccessTokenRecord, id: string): FakeMeeting | Reply {
    const meeting = /^\d+$/.test(id) ? meetings.get(Number(id)) : undefined;
    const host = meeting ? users.get(meeting.host_id) : undefined;
    const visible = meeting && host && (auth.kind === 'account' ? host.account_id === auth.accountId : host.id === auth.userId);
    if (!meeting || !visible) return zoomError(404, 3001, `Meeting does not exist: ${id}.`);
    return meeting;
  }

  /**
   * An instance by the uuid in a path segment, strict about Zoom's encoding rule: a uuid that starts with "/"
   * or contains "//" must arrive encoded twice (once is how Zoom would misread it: 404), any other once.
   */
  function findInstance(auth: AccessTokenRecord, segment: string): FakeInstance | Reply {
    const once = decodeURIComponent(segment);
    const needsTwice = (uuid: string) => uuid.startsWith('/') || uuid.includes('//');
    let uuid: string | undefined;
    if (instances.has(once) && !needsTwice(once)) uuid = once;
    else if (once.includes('%')) {
      const twice = decodeURIComponent(once);
      if (instances.has(twice) && needsTwice(twice)) uuid = twice;
    }
    const instance = uuid === undefined ? undefined : instances.get(uuid);
    const host = instance ? users.get(meetings.get(instance.meetingId)?.host_id ?? '') : undefined;
    const visible = instance && host && (auth.kind === 'account' ? host.account_id === auth.accountId : host.id === auth.userId);
    if (!instance || !visible) return zoomError(404, 3001, `Meeting does not exist: ${once}.`);
    return instance;
  }

  function countDaily(userId: string): Reply | undefined {
    const day = utcDay(clock.now());
    const entry = dailyCounts.get(userId);
    const count = entry && entry.day === day ? entry.count : 0;
    if (count >= dailyLimit) return zoomError(429, 429, DAILY_LIMIT_MESSAGE(dailyLimit));
    dailyCounts.set(userId, { day, count: count + 1 });
    return undefined;
  }

  function parseJsonObject(raw: string): Record<string, unknown> | undefined {
    try {
      const value: unknown = JSON.parse(raw);
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Field rules shared by create and update. Returns the UTC start (ms) when a start_time was given. */
  function validateMeetingFields(body: Record<string, unknown>, type: number, creating: boolean): Reply | { startMs?: number } {
    // Zoom counts characters as code points: an emoji is one.
    if (body.topic !== undefined && (typeof body.topic !== 'string' || [...body.topic].length > 200)) return validationFailed('topic');
    if (body.agenda !== undefined && (typeof body.agenda !== 'string' || [...body.agenda].length > 2000)) return validationFailed('agenda');
    if (body.timezone !== undefined && !validZone(body.timezone)) return validationFailed('timezone');
    if (body.password !== undefined && (typeof body.password !== 'string' || !/^[A-Za-z0-9@_*-]{1,10}$/.test(body.password))) {
      return zoomError(400, 300, 'Invalid password.');
    }
    if (body.default_password !== undefined && typeof body.default_password !== 'boolean') return validationFailed('default_password');
    if (body.settings !== undefined && (typeof body.settings !== 'object' || body.settings === null || Array.isArray(body.settings))) return validationFailed('settings');
    const scheduled = type === 2 || type === 8;
    if (body.duration !== undefined || (creating && scheduled)) {
      const d = body.duration;
      if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > 1440) return validationFailed('duration');
    }
    if (body.start_time !== undefined || (creating && scheduled)) {
      const s = body.start_time;
      const match = typeof s === 'string' ? /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z?)$/.exec(s) : null;
      if (!match) return zoomError(400, 300, `Invalid field: start_time.`);
      const [, y, mo, d, h, mi, se, z] = match.map((v) => v ?? '');
      const parts = [y, mo, d, h, mi, se].map(Number) as [number, number, number, number, number, number];
      if (z === 'Z') return { startMs: Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5]) };
      if (!validZone(body.timezone)) return zoomError(400, 300, 'start_time without Z needs a timezone.');
      return { startMs: zonedToUtc(...parts, body.timezone) };
    }
    return {};
  }

  function createMeeting(auth: AccessTokenRecord, userRef: string, raw: string): Reply {
    const host = resolveUser(auth, userRef);
    if (!('email' in host)) return host;
    const body = parseJsonObject(raw);
    if (!body) return zoomError(400, 300, 'Request Body should be a valid JSON object.');
    const type = body.type ?? 2;
    if (typeof type !== 'number' || ![1, 2, 3, 8].includes(type)) return validationFailed('type');
    const checked = validateMeetingFields(body, type, true);
    if ('status' in checked) return checked;

    let occurrences: FakeMeeting['occurrences'];
    let recurrence: Record<string, unknown> | undefined;
    if (type === 8) {
      const r = body.recurrence as Record<string, unknown> | undefined;
      if (!r || typeof r !== 'object') return validationFailed('recurrence');
      const days = typeof r.weekly_days === 'string' ? r.weekly_days.split(',').map(Number) : [];
      const endTimes = r.end_times;
      if (r.type !== 2 || days.length === 0 || !days.every((d) => Number.isInteger(d) && d >= 1 && d <= 7)) return validationFailed('recurrence.weekly_days');
      if (typeof endTimes !== 'number' || !Number.isInteger(endTimes) || endTimes < 1 || endTimes > 60) return validationFailed('recurrence.end_times');
      if (r.repeat_interval !== undefined && r.repeat_interval !== 1) return validationFailed('recurrence.repeat_interval');
      recurrence = { type: 2, repeat_interval: 1, weekly_days: days.join(','), end_times: endTimes };
      occurrences = weeklyOccurrences(checked.startMs as number, (body.timezone as string | undefined) ?? host.timezone ?? 'UTC', days, endTimes, body.duration as number);
    }

    const limited = countDaily(host.id);
    if (limited) return limited;

    const id = nextMeetingId++;
    const password = typeof body.password === 'string' ? body.password : body.default_password === true ? randomBytes(4).toString('hex').slice(0, 6) : undefined;
    const now = clock.now();
    const startMs = checked.startMs ?? (type === 1 ? now : undefined);
    const meeting: FakeMeeting = {
      id,
      uuid: `${randomBytes(16).toString('base64')}`,
      host_id: host.id,
      host_email: host.email,
      topic: typeof body.topic === 'string' ? body.topic : 'Zoom Meeting',
      type,
      status: 'waiting',
      ...(startMs !== undefined ? { start_time: zoomTime(startMs) } : {}),
      duration: typeof body.duration === 'number' ? body.duration : 60,
      timezone: typeof body.timezone === 'string' ? body.timezone : (host.timezone ?? 'UTC'),
      ...(typeof body.agenda === 'string' ? { agenda: body.agenda } : {}),
      created_at: zoomTime(now),
      join_url: `https://zoom.us/j/${id}${password ? `?pwd=${randomBytes(8).toString('base64url')}` : ''}`,
      start_url: `https://zoom.us/s/${id}?zak=${randomBytes(12).toString('base64url')}`,
      ...(password ? { password } : {}),
      settings: { waiting_room: false, ...(body.settings as Record<string, unknown> | undefined) },
      ...(recurrence ? { recurrence } : {}),
      ...(occurrences ? { occurrences } : {}),
    };
    meetings.set(id, meeting);
    createdMeetings.push(meeting);
    return json(201, meeting);
  }

  function meetingEnd(m: FakeMeeting): number {
    if (m.occurrences && m.occurrences.length > 0) {
      const last = m.occurrences[m.occurrences.length - 1] as { start_time: string; duration: number };
      return Date.parse(last.start_time) + last.duration * 60_000;
    }
    return m.start_time ? Date.parse(m.start_time) + m.duration * 60_000 : Number.POSITIVE_INFINITY;
  }

  function listMeetings(auth: AccessTokenRecord, userRef: string, url: URL): Reply {
    const host = resolveUser(auth, userRef);
    if (!('email' in host)) return host;
    const type = url.searchParams.get('type') ?? 'scheduled';
    if (!['scheduled', 'live', 'upcoming', 'upcoming_meetings', 'previous_meetings'].includes(type)) return validationFailed('type');
    const pageSizeRaw = url.searchParams.get('page_size') ?? '30';
    if (!/^\d+$/.test(pageSizeRaw) || Number(pageSizeRaw) < 1 || Number(pageSizeRaw) > 300) return validationFailed('page_size');
    const pageSize = Number(pageSizeRaw);
    const now = clock.now();
    const mine = [...meetings.values()]
      .filter((m) => m.host_id === host.id && m.type !== 1)
      .filter((m) => (type === 'previous_meetings' ? meetingEnd(m) < now : type === 'scheduled' ? true : meetingEnd(m) >= now))
      .sort((a, b) => (a.start_time ? Date.parse(a.start_time) : 0) - (b.start_time ? Date.parse(b.start_time) : 0) || a.id - b.id);
    const pageToken = url.searchParams.get('next_page_token') ?? '';
    let offset = 0;
    if (pageToken !== '') {
      const decoded = /^o(\d+)$/.exec(Buffer.from(pageToken, 'base64url').toString('utf8'));
      if (!decoded?.[1]) return zoomError(400, 300, 'Invalid next_page_token.');
      offset = Number(decoded[1]);
    }
    const page = mine.slice(offset, offset + pageSize);
    const next = offset + pageSize < mine.length ? Buffer.from(`o${offset + pageSize}`).toString('base64url') : '';
    return json(200, {
      page_size: pageSize,
      total_records: mine.length,
      next_page_token: next,
      meetings: page.map((m) => ({
        uuid: m.uuid,
        id: m.id,
        host_id: m.host_id,
        topic: m.topic,
        type: m.type,
        ...(m.start_time ? { start_time: m.start_time } : {}),
        duration: m.duration,
        timezone: m.timezone,
        ...(m.agenda ? { agenda: m.agenda } : {}),
        created_at: m.created_at,
        join_url: m.join_url,
      })),
    });
  }

  function updateMeeting(auth: AccessTokenRecord, id: string, raw: string): Reply {
    const meeting = findMeeting(auth, id);
    if (!('uuid' in meeting)) return meeting;
    const body = parseJsonObject(raw);
    if (!body) return zoomError(400, 300, 'Request Body should be a valid JSON object.');
    const checked = validateMeetingFields({ ...body, timezone: body.timezone ?? meeting.timezone }, meeting.type, false);
    if ('status' in checked) return checked;
    const limited = countDaily(meeting.host_id);
    if (limited) return limited;
    if (typeof body.topic === 'string') meeting.topic = body.topic;
    if (typeof body.agenda === 'string') meeting.agenda = body.agenda;
    if (typeof body.duration === 'number') meeting.duration = body.duration;
    if (typeof body.timezone === 'string') meeting.timezone = body.timezone;
    if (checked.startMs !== undefined) meeting.start_time = zoomTime(checked.startMs);
    if (typeof body.password === 'string') meeting.password = body.password;
    if (body.settings) meeting.settings = { ...meeting.settings, ...(body.settings as Record<string, unknown>) };
    return { status: 204 };
  }

  // ---- dispatch ----

  function routeOf(method: string, path: string): { route: FakeZoomRoute | 'unknown'; params: string[] } {
    const m = (re: RegExp) => re.exec(path);
    let match: RegExpExecArray | null;
    if (method === 'GET' && path === '/oauth/authorize') return { route: 'authorize', params: [] };
    if (method === 'POST' && path === '/oauth/token') return { route: 'token', params: [] };
    if (method === 'POST' && path === '/oauth/revoke') return { route: 'revoke', params: [] };
    if (method === 'GET' && path === '/v2/users/me') return { route: 'getMe', params: ['me'] };
    if ((match = m(/^\/v2\/users\/([^/]+)\/meetings$/))) {
      const ref = decodeURIComponent(match[1] ?? '');
      if (method === 'POST') return { route: 'createMeeting', params: [ref] };
      if (method === 'GET') return { route: 'listMeetings', params: [ref] };
    }
    if (method === 'GET' && (match = m(/^\/v2\/users\/([^/]+)$/))) return { route: 'getUser', params: [decodeURIComponent(match[1] ?? '')] };
    if (method === 'GET' && (match = m(/^\/v2\/past_meetings\/([^/]+)$/))) return { route: 'getPastMeeting', params: [match[1] ?? ''] };
    if (method === 'GET' && (match = m(/^\/v2\/meetings\/([^/]+)\/meeting_summary$/))) return { route: 'getMeetingSummary', params: [match[1] ?? ''] };
    if (method === 'GET' && (match = m(/^\/v2\/meetings\/([^/]+)\/recordings$/))) return { route: 'getRecordings', params: [match[1] ?? ''] };
    if ((match = m(/^\/v2\/meetings\/([^/]+)$/))) {
      const id = decodeURIComponent(match[1] ?? '');
      if (method === 'GET') return { route: 'getMeeting', params: [id] };
      if (method === 'PATCH') return { route: 'updateMeeting', params: [id] };
      if (method === 'DELETE') return { route: 'deleteMeeting', params: [id] };
    }
    return { route: 'unknown', params: [] };
  }

  function process(route: FakeZoomRoute | 'unknown', params: string[], req: IncomingMessage, url: URL, raw: string, log: RequestLogEntry): Reply {
    if (route === 'unknown') return zoomError(404, 404, 'Not found');
    if (route === 'authorize') return authorize(url);
    if (route === 'token') return tokenEndpoint(req, raw, log);
    if (route === 'revoke') return revokeEndpoint(req, raw);

    log.bearer = bearer(req);
    const auth = authenticate(req);
    if (!auth) return zoomError(401, 124, 'Invalid access token.');
    const [param = ''] = params;
    switch (route) {
      case 'getMe':
      case 'getUser': {
        const user = resolveUser(auth, param);
        return 'email' in user ? json(200, publicUser(user)) : user;
      }
      case 'createMeeting':
        return createMeeting(auth, param, raw);
      case 'listMeetings':
        return listMeetings(auth, param, url);
      case 'getMeeting': {
        const meeting = findMeeting(auth, param);
        return 'uuid' in meeting ? json(200, meeting) : meeting;
      }
      case 'updateMeeting':
        return updateMeeting(auth, param, raw);
      case 'getPastMeeting':
      case 'getMeetingSummary':
      case 'getRecordings': {
        const found = findInstance(auth, param);
        if (!('uuid' in found)) return found;
        if (route === 'getPastMeeting') {
          if (found.endedAt === undefined) return zoomError(400, 3001, 'Meeting is in progress.');
          const duration = Math.round((found.endedAt - found.startedAt) / 60_000);
          return json(200, { id: found.meetingId, uuid: found.uuid, start_time: zoomTime(found.startedAt), end_time: zoomTime(found.endedAt), duration, total_minutes: duration });
        }
        if (route === 'getMeetingSummary') return found.summary ? json(200, { meeting_uuid: found.uuid, meeting_id: found.meetingId, ...found.summary }) : zoomError(404, 3322, 'Meeting summary does not exist.');
        return found.recording ? json(200, { uuid: found.uuid, id: found.meetingId, ...found.recording, recording_files: [] }) : zoomError(404, 3301, 'This recording does not exist.');
      }
      case 'deleteMeeting': {
        const meeting = findMeeting(auth, param);
        if (!('uuid' in meeting)) return meeting;
        meetings.delete(meeting.id);
        return { status: 204 };
      }
    }
  }

  function send(res: ServerResponse, reply: Reply, log: RequestLogEntry): void {
    log.status = reply.destroy ? undefined : reply.status;
    if (res.destroyed || res.writableEnded) return;
    if (reply.destroy) {
      res.socket?.destroy();
      return;
    }
    const headers: Record<string, string> = { ...reply.headers };
    let payload: string | undefined;
    if (reply.rawBody !== undefined) payload = reply.rawBody;
    else if (reply.body !== undefined) {
      payload = JSON.stringify(reply.body);
      headers['content-type'] ??= 'application/json;charset=UTF-8';
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  function waitForRelease(): { arrived: () => void; released: Promise<void>; handle: HangHandle } {
    let arrived!: () => void;
    const arrivedPromise = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = () => {
        pendingReleases.delete(release);
        resolve();
      };
    });
    pendingReleases.add(release);
    return { arrived, released, handle: { arrived: arrivedPromise, release } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const { route, params } = routeOf(method, url.pathname);
    const log: RequestLogEntry = { method, path: url.pathname, route, at: clock.now() };
    requests.push(log);

    if (route !== 'unknown') {
      const hang = hangs.get(route)?.shift();
      if (hang && !hang.afterProcessing) {
        hang.arrived();
        await hang.released;
      }
      const canned = failures.get(route)?.shift();
      // A canned answer replaces the work, unless it comes after it (the work is done, the answer is lost).
      const worked = canned === undefined || canned.afterProcessing === true;
      const processed = worked ? process(route, params, req, url, raw, log) : undefined;
      const reply = canned ?? processed!;
      if (hang && hang.afterProcessing) {
        hang.arrived();
        await hang.released;
      }
      send(res, reply, log);
      return;
    }
    send(res, process(route, params, req, url, raw, log), log);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 500, message: String(error) }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const queue = <T>(map: Map<FakeZoomRoute, T[]>, route: FakeZoomRoute, item: T, times: number) => {
    const list = map.get(route) ?? [];
    for (let i = 0; i < times; i++) list.push(item);
    map.set(route, list);
  };

  return {
    baseUrl,
    oauthUrl: baseUrl,
    apiUrl: `${baseUrl}/v2`,
    async close() {
      for (const release of [...pendingReleases]) release();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },

    addUser(user) {
      users.set(user.id, { ...user });
    },
    loginAs(userId) {
      if (!users.has(userId)) throw new Error(`fake zoom: unknown user ${userId}`);
      loggedIn = userId;
    },
    denyNext() {
      denyNext = true;
    },
    issueUserTokens(userId, scope) {
      if (!users.has(userId)) throw new Error(`fake zoom: unknown user ${userId}`);
      const t = issueUserTokens(userId, scope);
      return { access_token: t.access_token, refresh_token: t.refresh_token, expires_in: t.expires_in, scope: t.scope };
    },

    expireAccessTokens() {
      for (const [t, r] of accessTokens) accessTokens.set(t, { ...r, valid: false });
    },
    invalidateAccessToken(value) {
      const record = accessTokens.get(value);
      if (record) accessTokens.set(value, { ...record, valid: false });
    },
    killRefreshTokens(userId) {
      for (const [t, r] of refreshTokens) if (r.userId === userId) refreshTokens.delete(t);
    },
    isAccessTokenValid(value) {
      const record = accessTokens.get(value);
      return record !== undefined && record.valid && record.expiresAt > clock.now();
    },
    isRefreshTokenValid(value) {
      return refreshTokens.has(value);
    },

    failNext(route, reply, times = 1) {
      queue(failures, route, { ...reply, status: reply.status ?? 500 }, times);
    },
    hangNext(route, hangOptions = {}) {
      const { arrived, released, handle: h } = waitForRelease();
      queue(hangs, route, { afterProcessing: hangOptions.afterProcessing ?? false, arrived, released }, 1);
      return h;
    },
    rateLimitNext(route, rl = {}) {
      const headers: Record<string, string> = { 'x-ratelimit-category': 'Medium', 'x-ratelimit-type': rl.daily ? 'Daily-limit' : 'QPS' };
      if (rl.retryAfter !== undefined) headers['retry-after'] = rl.retryAfter;
      const body = { code: 429, message: rl.daily ? DAILY_LIMIT_MESSAGE(dailyLimit) : PER_SECOND_MESSAGE };
      queue(failures, route, { status: 429, body, headers }, rl.times ?? 1);
    },

    get stats() {
      return stats;
    },
    createdMeetings,
    requests,
    meeting(id) {
      return meetings.get(Number(id));
    },
    instances,
    changeMeeting(id, change) {
      const meeting = meetings.get(id);
      if (!meeting) throw new Error(`fake zoom: no meeting ${id}`);
      Object.assign(meeting, change);
      return meeting;
    },
    removeMeeting(id) {
      const meeting = meetings.get(id);
      if (!meeting) throw new Error(`fake zoom: no meeting ${id}`);
      meetings.delete(id);
      return meeting;
    },
  };
}

import { setTimeout as delay } from 'node:timers/promises';
import { Agent, request as undiciRequest, type Dispatcher } from 'undici';
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import { AppError, isAppError, type ErrorDetails } from '../errors.js';
import type { Logger } from '../logger.js';

/**
 * The one way the app talks HTTP to Zoom (OAuth and REST). Every failure is mapped here, once, to an
 * AppError; callers above only refine (e.g. oauth.ts turns an invalid_grant into ZOOM_GRANT_REVOKED).
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ZoomHttpRequest {
  method: HttpMethod;
  /** Absolute URL. */
  url: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /**
   * Defaults to true for every method except POST. Idempotent requests are retried once after a short 429;
   * a non-idempotent request that may have reached Zoom fails with ZOOM_OUTCOME_UNKNOWN instead of ZOOM_UNAVAILABLE.
   */
  idempotent?: boolean;
}

export interface ZoomHttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON; undefined for an empty body (204). */
  body: unknown;
}

export interface ZoomHttp {
  request(req: ZoomHttpRequest): Promise<ZoomHttpResponse>;
  /** Closes the connection pool this client created (not an injected dispatcher). */
  close(): Promise<void>;
}

export interface ZoomHttpDeps {
  /** Connect, headers and between-body-chunks timeout, each. */
  timeoutMs: number;
  logger: Logger;
  dispatcher?: Dispatcher;
  /** Used to turn an HTTP-date Retry-After into a delay and to compute the daily-limit reset. */
  clock?: Clock;
  /** The wait before a 429 retry; injectable so tests never really sleep. */
  sleep?: (ms: number) => Promise<void>;
  /** A 429 is retried only when Zoom asks to wait at most this long. Default 3000. */
  maxRetryWaitMs?: number;
  /** Wait used when a 429 carries no Retry-After (Zoom's per-second limits often don't). Default 1000. */
  defaultRetryWaitMs?: number;
}

/** Zoom answered 401: the access token is expired, revoked or not a token at all (Zoom code 124). */
export function isAccessTokenRejected(error: unknown): error is AppError {
  return isAppError(error, 'ZOOM_REJECTED') && error.details.httpStatus === 401;
}

/** Retry-After as delta-seconds, HTTP-date or ISO 8601 (Zoom documents `2020-05-31T00:00:00Z`). → ms to wait, or undefined. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Zoom's daily limits reset at 00:00 UTC. */
export function nextUtcMidnight(nowMs: number): number {
  const d = new Date(nowMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

/**
 * Zoom's words for the per-user meeting create/update limit: "You have exceeded the daily rate limit (100) of
 * Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT
 * 00:00:00." Older/other daily limits: "Reached the maximum daily rate limit for this API". Zoom also documents
 * `X-RateLimit-Type: Daily-limit` (not always sent).
 */
function isDailyLimit(headers: Record<string, string>, zoomMessage: string | undefined): boolean {
  if (/daily/i.test(headers['x-ratelimit-type'] ?? '')) return true;
  return zoomMessage !== undefined && /daily\s+(rate\s+)?limit/i.test(zoomMessage);
}

/** Errors that happen before a single request byte can have left this process. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_INVALID_ARG',
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; errors?: unknown[]; cause?: unknown };
  if (typeof e.code === 'string') return e.code;
  if (Array.isArray(e.errors) && e.errors.length > 0) return errorCode(e.errors[0]);
  if (e.cause !== undefined && e.cause !== error) return errorCode(e.cause);
  return undefined;
}

function wasNeverSent(code: string | undefined): boolean {
  if (code === undefined) return false;
  return NOT_SENT_CODES.has(code) || /CERT|TLS|SSL/i.test(code);
}

interface ZoomErrorBody {
  zoomCode?: number;
  zoomMessage?: string;
  oauthError?: string;
}

function readErrorBody(body: unknown): ZoomErrorBody {
  if (typeof body !== 'object' || body === null) return {};
  const b = body as Record<string, unknown>;
  const out: ZoomErrorBody = {};
  if (typeof b.code === 'number') out.zoomCode = b.code;
  else if (typeof b.code === 'string' && /^\d+$/.test(b.code)) out.zoomCode = Number(b.code);
  if (typeof b.message === 'string') out.zoomMessage = b.message;
  else if (typeof b.reason === 'string') out.zoomMessage = b.reason;
  if (typeof b.error === 'string') out.oauthError = b.error;
  return out;
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function buildUrl(url: string, query: ZoomHttpRequest['query']): URL {
  const out = new URL(url);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) out.searchParams.set(key, String(value));
  }
  return out;
}

interface RequestContext {
  method: HttpMethod;
  path: string;
  idempotent: boolean;
}

/** Maps a non-2xx answer to the app's error scheme. */
function errorForStatus(ctx: RequestContext, status: number, headers: Record<string, string>, body: unknown, nowMs: number): AppError {
  const zoom = readErrorBody(body);
  const details: ErrorDetails = { httpStatus: status, method: ctx.method, path: ctx.path, ...zoom };
  const said = zoom.zoomMessage ? `: ${zoom.zoomMessage}` : '';

  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers['retry-after'], nowMs);
    if (isDailyLimit(headers, zoom.zoomMessage)) {
      const resetsAt = retryAfterMs !== undefined && retryAfterMs > 0 ? nowMs + retryAfterMs : nextUtcMidnight(nowMs);
      return new AppError('ZOOM_DAILY_LIMIT', `Zoom daily limit reached${said}`, { ...details, resetsAt, retryAfterMs: resetsAt - nowMs });
    }
    return new AppError('ZOOM_RATE_LIMITED', `Zoom rate limit${said}`, retryAfterMs === undefined ? details : { ...details, retryAfterMs });
  }
  if (status >= 500) {
    // A gateway timeout is our own timeout one hop further: the request may have been processed.
    if (status === 504 && !ctx.idempotent) {
      return new AppError('ZOOM_OUTCOME_UNKNOWN', `Zoom gateway timed out (${ctx.method} ${ctx.path}); the request may have been processed`, details);
    }
    return new AppError('ZOOM_UNAVAILABLE', `Zoom answered ${status}${said}`, details);
  }
  if (zoom.zoomCode === 3001) {
    return new AppError('ZOOM_MEETING_NOT_FOUND', `Zoom meeting not found${said}`, details);
  }
  if (status === 401) {
    return new AppError('ZOOM_REJECTED', `Zoom refused the credentials${said}`, details);
  }
  if (status >= 400) {
    return new AppError('ZOOM_REJECTED', `Zoom rejected ${ctx.method} ${ctx.path} (${status})${said}`, details);
  }
  // 1xx/3xx: Zoom's API never answers these; treat as garbage.
  return new AppError('ZOOM_UNAVAILABLE', `Unexpected HTTP ${status} from Zoom`, details);
}

function garbage(ctx: RequestContext, status: number, cause: unknown): AppError {
  const details: ErrorDetails = { httpStatus: status, method: ctx.method, path: ctx.path };
  // A 2xx to a non-idempotent request means Zoom did it; we just cannot read what it did.
  return ctx.idempotent
    ? new AppError('ZOOM_UNAVAILABLE', `Zoom sent an unreadable response to ${ctx.method} ${ctx.path}`, details, { cause })
    : new AppError('ZOOM_OUTCOME_UNKNOWN', `Zoom accepted ${ctx.method} ${ctx.path} but its response is unreadable`, details, { cause });
}

function transportError(ctx: RequestContext, error: unknown): AppError {
  const code = errorCode(error);
  const neverSent = wasNeverSent(code);
  // requestSent tells the user's words apart: a PATCH/DELETE that never left changed nothing.
  const details: ErrorDetails = { method: ctx.method, path: ctx.path, networkError: code ?? 'unknown', requestSent: !neverSent };
  if (!ctx.idempotent && !neverSent) {
    return new AppError(
      'ZOOM_OUTCOME_UNKNOWN',
      `No answer from Zoom to ${ctx.method} ${ctx.path} (${code ?? 'network error'}); the request may have been processed`,
      details,
      { cause: error },
    );
  }
  return new AppError('ZOOM_UNAVAILABLE', `Could not reach Zoom for ${ctx.method} ${ctx.path} (${code ?? 'network error'})`, details, { cause: error });
}

export function createZoomHttp(deps: ZoomHttpDeps): ZoomHttp {
  const { timeoutMs, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const sleep = deps.sleep ?? ((ms: number) => delay(ms));
  const maxRetryWaitMs = deps.maxRetryWaitMs ?? 3000;
  const defaultRetryWaitMs = deps.defaultRetryWaitMs ?? 1000;
  const ownAgent = deps.dispatcher ? undefined : new Agent({ connect: { timeout: timeoutMs } });
  const dispatcher: Dispatcher = deps.dispatcher ?? (ownAgent as Agent);

  async function once(req: ZoomHttpRequest, ctx: RequestContext, url: URL): Promise<ZoomHttpResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    let body: string | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    }

    let status: number;
    let responseHeaders: Record<string, string>;
    let text: string;
    try {
      const res = await undiciRequest(url, {
        method: req.method,
        headers,
        body,
        dispatcher,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      status = res.statusCode;
      responseHeaders = flattenHeaders(res.headers);
      text = await res.body.text();
    } catch (error) {
      const mapped = transportError(ctx, error);
      logger.warn(`zoom ${ctx.method} ${ctx.path} failed: ${mapped.code} (${String(mapped.details.networkError)})`);
      throw mapped;
    }

    let parsed: unknown;
    let parseError: unknown;
    if (text.trim() !== '') {
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        parseError = error;
      }
    }

    if (status >= 200 && status < 300) {
      if (parseError !== undefined) {
        const mapped = garbage(ctx, status, parseError);
        logger.warn(`zoom ${ctx.method} ${ctx.path} -> ${status} with unreadable body: ${mapped.code}`);
        throw mapped;
      }
      logger.debug(`zoom ${ctx.method} ${ctx.path} -> ${status}`);
      return { status, headers: responseHeaders, body: parsed };
    }

    const mapped = errorForStatus(ctx, status, responseHeaders, parsed, clock.now());
    const line = `zoom ${ctx.method} ${ctx.path} -> ${status}: ${mapped.code}${mapped.details.zoomCode !== undefined ? ` zoomCode=${mapped.details.zoomCode}` : ''}`;
    if (status >= 500) logger.warn(line);
    else logger.info(line);
    throw mapped;
  }

  return {
    async request(req) {
      const url = buildUrl(req.url, req.query);
      const ctx: RequestContext = { method: req.method, path: url.pathname, idempotent: req.idempotent ?? req.method !== 'POST' };
      try {
        return await once(req, ctx, url);
      } catch (error) {
        if (!ctx.idempotent || !isAppError(error, 'ZOOM_RATE_LIMITED')) throw error;
        const waitMs = error.details.retryAfterMs ?? defaultRetryWaitMs;
        if (waitMs > maxRetryWaitMs) throw error;
        logger.info(`zoom ${ctx.method} ${ctx.path} rate limited; retrying once in ${waitMs} ms`);
        await sleep(waitMs);
        return once(req, ctx, url);
      }
    },
    async close() {
      await ownAgent?.close();
    },
  };
}

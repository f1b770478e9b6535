import { expect } from 'vitest';
import { AppError } from '../../src/errors.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { ZoomGrant } from '../../src/storage/types.js';
import { createZoomApi, type ZoomApi } from '../../src/zoom/api.js';
import { createZoomHttp, type ZoomHttp } from '../../src/zoom/http.js';
import { createZoomOAuth, type ZoomOAuth } from '../../src/zoom/oauth.js';
import type { ZoomAuth } from '../../src/zoom/types.js';
import { createFakeClock, type FakeClock } from '../support/clock.js';
import { startFakeZoom, type FakeZoom, type FakeZoomOptions, type FakeZoomUser } from '../fakes/fakeZoom.js';

export const CLIENT_ID = 'test-client-id';
export const CLIENT_SECRET = 'test-client-secret';
export const ACCOUNT_ID = 'acct-1';
export const REDIRECT_URI = 'https://app.example.test/zoom/oauth/callback';

export const ALICE: FakeZoomUser = { id: 'zu-alice', email: 'alice@example.test', first_name: 'Alice', last_name: 'Liddell', account_id: ACCOUNT_ID };
export const BOB: FakeZoomUser = { id: 'zu-bob', email: 'bob@example.test', first_name: 'Bob', last_name: 'Builder', account_id: ACCOUNT_ID, timezone: 'Europe/Berlin' };

/** Starts on a whole second so HTTP-dates round-trip exactly. */
export function fakeClock(start = Date.UTC(2025, 0, 15, 9, 0, 0)): FakeClock {
  return createFakeClock(start);
}

/** The AppError a promise rejects with (and that it does reject with one). */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger({ level: 'debug', sink: (line) => lines.push(line) }), lines };
}

/** A ZoomAuth that always hands out one fixed token (for API/HTTP tests that are not about tokens). */
export function staticAuth(accessToken: string): ZoomAuth {
  return { call: (fn) => fn(accessToken) };
}

export interface ZoomEnv {
  clock: FakeClock;
  zoom: FakeZoom;
  http: ZoomHttp;
  oauth: ZoomOAuth;
  api: ZoomApi;
  logger: Logger;
  lines: string[];
  /** Every wait the HTTP client asked for (nobody really sleeps). */
  sleeps: number[];
  close(): Promise<void>;
}

export async function startZoomEnv(options: { timeoutMs?: number; fake?: Partial<FakeZoomOptions> } = {}): Promise<ZoomEnv> {
  const clock = fakeClock();
  const zoom = await startFakeZoom({ clock, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, accountId: ACCOUNT_ID, redirectUri: REDIRECT_URI, ...options.fake });
  zoom.addUser(ALICE);
  zoom.addUser(BOB);
  const { logger, lines } = captureLogger();
  const sleeps: number[] = [];
  const http = createZoomHttp({
    timeoutMs: options.timeoutMs ?? 5000,
    logger,
    clock,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  const config = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, oauthUrl: zoom.oauthUrl, redirectUri: REDIRECT_URI };
  const oauth = createZoomOAuth({ config, http, clock });
  const api = createZoomApi({ http, apiUrl: zoom.apiUrl });
  return {
    clock,
    zoom,
    http,
    oauth,
    api,
    logger,
    lines,
    sleeps,
    async close() {
      await http.close();
      await zoom.close();
    },
  };
}

/** A grant as the connect flow would have saved it, with real tokens from the fake. */
export function seedGrant(env: ZoomEnv, user: FakeZoomUser, slack = { teamId: 'T1', userId: 'U1' }): ZoomGrant {
  const tokens = env.zoom.issueUserTokens(user.id);
  const now = env.clock.now();
  return {
    teamId: slack.teamId,
    userId: slack.userId,
    zoomUserId: user.id,
    zoomAccountId: user.account_id,
    zoomEmail: user.email,
    zoomName: `${user.first_name} ${user.last_name}`,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    accessTokenExpiresAt: now + tokens.expires_in * 1000,
    scope: tokens.scope,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

/** Asserts no secret issued during the test reached a log line. */
export function logsContainAny(lines: string[], secrets: string[]): string[] {
  return secrets.filter((secret) => lines.some((line) => line.includes(secret)));
}

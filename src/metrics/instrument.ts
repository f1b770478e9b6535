import { isAppError } from '../errors.js';
import type { Storage } from '../storage/types.js';
import type { ZoomApi } from '../zoom/api.js';
import type { ZoomHttp } from '../zoom/http.js';
import type { ZoomOAuth } from '../zoom/oauth.js';
import { secondsSince, type Metrics } from './registry.js';

/**
 * The counters are kept at the seams the app is wired through (app.ts), so the modules they observe stay as
 * they are and no business code calls a metric.
 */

/** Collection names and the API version stay; ids, emails and meeting numbers become {id} (bounded labels). */
export function zoomEndpoint(url: string): string {
  const segments = new URL(url).pathname.split('/');
  return segments
    .map((segment, i) => {
      if (segment === '' || segment === 'me' || /^v\d+$/.test(segment)) return segment;
      const afterCollection = ['users', 'meetings'].includes(segments[i - 1] ?? '');
      return afterCollection || !/^[a-z_]+$/.test(segment) ? '{id}' : segment;
    })
    .join('/');
}

/** What a failed call is labelled with: Zoom's HTTP status, else our error code (timeouts, resets). */
function failureStatus(error: unknown): string {
  if (isAppError(error)) return typeof error.details.httpStatus === 'number' ? String(error.details.httpStatus) : error.code;
  return 'error';
}

export function observedZoomHttp(http: ZoomHttp, metrics: Metrics): ZoomHttp {
  return {
    ...http,
    async request(req) {
      const labels = { endpoint: zoomEndpoint(req.url), method: req.method };
      const startedAt = process.hrtime.bigint();
      try {
        const response = await http.request(req);
        metrics.zoomCalls.inc({ ...labels, status: String(response.status) });
        return response;
      } catch (error) {
        metrics.zoomCalls.inc({ ...labels, status: failureStatus(error) });
        throw error;
      } finally {
        metrics.zoomCallSeconds.observe(labels, secondsSince(startedAt));
      }
    },
  };
}

async function counted<T>(work: Promise<T>, count: (outcome: string) => void): Promise<T> {
  try {
    const result = await work;
    count('ok');
    return result;
  } catch (error) {
    count(isAppError(error) ? error.code : 'error');
    throw error;
  }
}

export function observedOAuth(oauth: ZoomOAuth, metrics: Metrics): ZoomOAuth {
  return { ...oauth, refresh: (refreshToken) => counted(oauth.refresh(refreshToken), (outcome) => metrics.tokenRefreshes.inc({ outcome })) };
}

/** Meetings as Zoom made, changed or deleted them: counted when Zoom said yes. */
export function observedZoomApi(api: ZoomApi, metrics: Metrics): ZoomApi {
  const done = (action: string) => (outcome: string) => {
    if (outcome === 'ok') metrics.meetings.inc({ action });
  };
  return {
    ...api,
    createMeeting: (auth, user, input) => counted(api.createMeeting(auth, user, input), done('created')),
    updateMeeting: (auth, id, patch) => counted(api.updateMeeting(auth, id, patch), done('edited')),
    deleteMeeting: (auth, id) => counted(api.deleteMeeting(auth, id), done('cancelled')),
  };
}

type Methods = Record<string, unknown>;

function timedMethods<T extends object>(store: T, name: string, metrics: Metrics): T {
  const timed: Methods = {};
  for (const [operation, method] of Object.entries(store as Methods)) {
    if (typeof method !== 'function') continue;
    timed[operation] = async (...args: unknown[]) => {
      const startedAt = process.hrtime.bigint();
      let outcome = 'ok';
      try {
        // Looked up at each call, so whatever replaced the store's method since (a test's spy) is what runs.
        return await ((store as Methods)[operation] as (...a: unknown[]) => Promise<unknown>).apply(store, args);
      } catch (error) {
        outcome = 'error';
        throw error;
      } finally {
        metrics.storeSeconds.observe({ store: name, operation, outcome }, secondsSince(startedAt));
      }
    };
  }
  return { ...store, ...timed };
}

/** Every record store's operations timed (locks are not: their time is how long the work under them took). */
export function observedStorage(storage: Storage, metrics: Metrics): Storage {
  const observed: Record<string, unknown> = {};
  for (const [name, store] of Object.entries(storage)) {
    if (name !== 'locks' && typeof store === 'object' && store !== null) observed[name] = timedMethods(store as object, name, metrics);
  }
  return { ...storage, ...observed };
}

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { sendJson } from './pages.js';

export const METRICS_PATH = '/metrics';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Prometheus text format; with a token configured, only for `Authorization: Bearer <token>`. */
export function metricsRoute(deps: { registry: Registry; token?: string }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (deps.token !== undefined && !sameSecret(req.headers.authorization ?? '', `Bearer ${deps.token}`)) {
      res.setHeader('www-authenticate', 'Bearer');
      return sendJson(res, 401, { error: 'metrics need the bearer token (METRICS_TOKEN)' });
    }
    const body = await deps.registry.metrics();
    res.writeHead(200, { 'content-type': deps.registry.contentType, 'cache-control': 'no-store' });
    res.end(body);
  };
}

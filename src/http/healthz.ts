import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './pages.js';

/** 200 when the store answers, 503 otherwise: what a load balancer needs to route around a sick instance. */
export function healthz(deps: { ping: () => Promise<void> }) {
  return async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      await deps.ping();
      sendJson(res, 200, { ok: true });
    } catch {
      sendJson(res, 503, { ok: false, error: 'store unavailable' });
    }
  };
}

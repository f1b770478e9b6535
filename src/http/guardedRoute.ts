import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import { sendJson } from './pages.js';

export type AsyncRouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** A request whose client went away mid-body (`Error: aborted`, ECONNRESET): nobody is left to answer. */
export function isAbortedRequest(req: IncomingMessage, error: unknown): boolean {
  return req.readableAborted || (error instanceof Error && (error as { code?: unknown }).code === 'ECONNRESET');
}

/**
 * Bolt calls a custom route and drops the promise it returns, so a rejection there (a body cut off mid-way)
 * used to end the process. Every route goes through this: a failure is logged and answered with a 5xx if
 * nothing was sent yet; an aborted request is only dropped.
 */
export function guardedRoute(handler: AsyncRouteHandler, logger: Logger): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handler(req, res).catch((error: unknown) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (isAbortedRequest(req, error)) {
        logger.info(`${req.method ?? '?'} ${path}: the client closed the request before its body was complete`);
        res.destroy();
        return;
      }
      logger.error(`${req.method ?? '?'} ${path} failed`, error);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  };
}

import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { isAbortedRequest } from '../http/guardedRoute.js';
import { readRawBody } from '../http/readBody.js';
import type { Logger } from '../logger.js';

/** Bolt's own default limit for a request body. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON body (Events API) or a form's `payload` (interactivity): an object with a `type`; an event, with an event. */
function isSlackJson(json: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return false;
  }
  if (!isObject(parsed) || typeof parsed.type !== 'string') return false;
  return parsed.type !== 'event_callback' || (isObject(parsed.event) && typeof parsed.event.type === 'string');
}

/**
 * Whether the body has the shape of something Slack sends, read as Bolt will (HTTPModuleFunctions.parseHTTPRequestBody):
 * a form with a JSON `payload`, a slash command or an SSL check; else a JSON body.
 */
function looksLikeSlack(rawBody: Buffer, contentType: string | undefined): boolean {
  const text = rawBody.toString();
  if (contentType !== 'application/x-www-form-urlencoded') return isSlackJson(text);
  const form = parseQuery(text);
  if (typeof form.payload === 'string') return isSlackJson(form.payload);
  return typeof form.command === 'string' || form.ssl_check === '1';
}

/**
 * Bolt's HTTPReceiver reads a property of the parsed body outside its try, in a promise nobody handles: a body
 * that parses to `null` (`payload=null`, or a JSON `null`, signed or not) ended the process, and other shapes
 * Slack never sends fail deeper in Bolt with a 500 or hang for 3 s. This listener reads the body of Slack's
 * endpoint first, answers 400 to anything not shaped like a Slack request and drops a request cut off mid-body;
 * the rest goes to Bolt, which uses the body already read (`rawBody`) and verifies its signature as before.
 */
export function guardSlackEventBodies(boltListener: RequestListener, options: { endpoint: string; logger: Logger }): RequestListener {
  const { endpoint, logger } = options;
  const guarded = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let rawBody: Buffer | undefined;
    try {
      rawBody = await readRawBody(req, MAX_BODY_BYTES);
    } catch (error) {
      if (!isAbortedRequest(req, error)) logger.warn(`reading a request to ${endpoint} failed`, error);
      res.destroy();
      return;
    }
    if (!rawBody) {
      res.writeHead(413).end();
      return;
    }
    if (!looksLikeSlack(rawBody, req.headers['content-type'])) {
      logger.warn(`refused a request to ${endpoint}: its body is not something Slack sends`);
      res.writeHead(400).end();
      return;
    }
    Object.assign(req, { rawBody });
    boltListener(req, res);
  };
  return (req, res) => {
    const isSlackRequest = req.method === 'POST' && new URL(req.url ?? '/', 'http://localhost').pathname === endpoint;
    if (!isSlackRequest) return boltListener(req, res);
    guarded(req, res).catch((error: unknown) => {
      logger.error(`a request to ${endpoint} failed`, error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { DeauthorizationOutcome } from '../slack/onZoomDeauthorized.js';
import { parseMeetingEvent, type ZoomMeetingEvent } from '../zoom/events.js';
import { checkZoomWebhook, urlValidationResponse } from '../zoom/webhook.js';
import { sendJson } from './pages.js';
import { readRawBody } from './readBody.js';

export const ZOOM_WEBHOOK_PATH = '/zoom/webhook';
const MAX_BODY_BYTES = 256 * 1024;

/** What a signed body claims to be: only its shape is trusted, field by field. */
interface ZoomEvent {
  event?: unknown;
  payload?: { plainToken?: unknown; user_id?: unknown } | null;
}

/** A signed body can still be `null`, an array or a number: only an object is an event. */
function parseEvent(rawBody: Buffer): ZoomEvent | undefined {
  try {
    const parsed: unknown = JSON.parse(rawBody.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as ZoomEvent) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Zoom's event notifications. Every request must be signed with the secret token and fresh; anything
 * else is refused with 401 before its body is even parsed.
 */
export function zoomWebhook(deps: {
  secretToken: string;
  clock: Clock;
  logger: Logger;
  onDeauthorized: (zoomUserId: string) => Promise<DeauthorizationOutcome | void>;
  /**
   * Records a meeting event in the durable job queue and resolves once it is stored; the 2xx goes out then,
   * and `afterAnswer` starts the processing (here, or on any instance that claims it).
   */
  meetingEvents?: { record(event: ZoomMeetingEvent): Promise<void>; afterAnswer(): void };
  /** Each signed event, by its type (for the metrics). */
  onEvent?: (event: string) => void;
}) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const rawBody = await readRawBody(req, MAX_BODY_BYTES);
    if (!rawBody) return sendJson(res, 413, { error: 'body too large' });
    const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
    const check = checkZoomWebhook({
      secretToken: deps.secretToken,
      rawBody,
      signature: header('x-zm-signature'),
      timestamp: header('x-zm-request-timestamp'),
      nowMs: deps.clock.now(),
    });
    if (!check.ok) {
      deps.logger.warn(`Zoom webhook refused: ${check.reason} signature`);
      return sendJson(res, 401, { error: 'invalid signature' });
    }
    const body = parseEvent(rawBody);
    if (!body) return sendJson(res, 400, { error: 'body is not a JSON object' });
    deps.onEvent?.(typeof body.event === 'string' ? body.event : 'unknown');
    if (body.event === 'endpoint.url_validation' && typeof body.payload?.plainToken === 'string' && body.payload.plainToken !== '') {
      return sendJson(res, 200, urlValidationResponse(body.payload.plainToken, deps.secretToken));
    }
    const meetingEvent = deps.meetingEvents ? parseMeetingEvent(body) : undefined;
    if (meetingEvent && deps.meetingEvents) {
      try {
        await deps.meetingEvents.record(meetingEvent);
      } catch (error) {
        // Not stored: a 5xx makes Zoom send it again.
        deps.logger.error(`could not record Zoom event ${body.event ?? ''}`, error);
        return sendJson(res, 500, { error: 'could not record' });
      }
      sendJson(res, 200, { ok: true });
      deps.meetingEvents.afterAnswer();
      return;
    }
    if (body.event === 'app_deauthorized' && typeof body.payload?.user_id === 'string' && body.payload.user_id !== '') {
      try {
        const outcome = await deps.onDeauthorized(body.payload.user_id);
        // The grants are deleted: that is what Zoom needs to hear about. A user Slack could not tell is logged,
        // not answered with a 5xx, because a redelivery finds nothing left to forget and tells no one.
        for (const miss of outcome?.notNotified ?? []) {
          deps.logger.error(`app_deauthorized: could not tell ${miss.teamId}/${miss.userId} their Zoom link was removed`, miss.error);
        }
      } catch (error) {
        // Zoom retries on a non-2xx answer, and the deletion is idempotent.
        deps.logger.error('handling app_deauthorized failed', error);
        return sendJson(res, 500, { error: 'could not process' });
      }
    }
    sendJson(res, 200, { ok: true });
  };
}

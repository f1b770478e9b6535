import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import type { ConnectLink, ZoomGrant } from '../storage/types.js';
import type { ConnectDecision, ConnectFlow } from '../zoom/connectFlow.js';
import { CONFIRM_FIELD, DECISION_VALUE, sendDecisionPage, sendExpiredConfirmationPage } from './connectPages.js';
import { sendPage } from './pages.js';
import { readRawBody } from './readBody.js';

export const CONNECT_DECISION_PATH = '/zoom/oauth/confirm';
const MAX_BODY_BYTES = 4 * 1024;

/**
 * A browser posts this form only from our own page (same origin). A page elsewhere that auto-submits someone's
 * token (a Zoom account the attacker consented with, into the victim's browser) carries another Origin, or
 * Sec-Fetch-Site says so. Clients that send neither are not browsers, and cannot be made to post on someone's behalf.
 */
function sentFromAnotherSite(req: IncomingMessage, publicOrigin: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin') return true;
  const origin = req.headers.origin;
  return typeof origin === 'string' && origin !== publicOrigin;
}

function decisionOf(value: string | null): ConnectDecision | undefined {
  if (value === DECISION_VALUE.confirm) return 'confirmed';
  if (value === DECISION_VALUE.decline) return 'declined';
  return undefined;
}

/**
 * `POST /zoom/oauth/confirm`: the answer to the confirmation page, once. Confirm links the account and tells the
 * Slack user as before (afterConnect); Decline links nothing (its Zoom tokens are revoked) and tells the Slack user
 * privately. A used, unknown or expired token is refused with a page that says so.
 */
export function connectDecision(deps: {
  connect: ConnectFlow;
  logger: Logger;
  publicUrl: string;
  afterConnect: (grant: ZoomGrant) => Promise<void>;
  afterDecline: (link: ConnectLink) => Promise<void>;
}) {
  const publicOrigin = new URL(deps.publicUrl).origin;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (sentFromAnotherSite(req, publicOrigin)) {
      deps.logger.warn('Zoom connect answer refused: posted from another site');
      return sendPage(res, {
        status: 403,
        ok: false,
        title: 'Nothing was linked',
        message: 'This answer did not come from the page the app showed you, so nothing was done. Open your connect link again from Slack.',
      });
    }
    const rawBody = await readRawBody(req, MAX_BODY_BYTES);
    const form = new URLSearchParams(rawBody?.toString('utf8') ?? '');
    const pageToken = form.get(CONFIRM_FIELD.token);
    const decision = decisionOf(form.get(CONFIRM_FIELD.decision));
    if (!pageToken || !decision) {
      deps.logger.info('Zoom connect answer refused: no page token or decision');
      return sendExpiredConfirmationPage(res);
    }
    try {
      const result = await deps.connect.decide(pageToken, decision);
      if (result.kind === 'invalid') {
        deps.logger.info('Zoom connect answer refused: the page is expired or unknown');
        return sendExpiredConfirmationPage(res);
      }
      const { link } = result;
      if (result.kind === 'already-decided') {
        deps.logger.info(`Zoom connect answer refused: ${link.teamId}/${link.userId} already ${link.decision}`);
        return sendDecisionPage(res, link, { status: 409, again: true });
      }
      deps.logger.info(`Zoom connect ${decision} for ${link.teamId}/${link.userId}`);
      sendDecisionPage(res, link, { status: 200, again: false });
      const after = result.grant ? deps.afterConnect(result.grant) : deps.afterDecline(link);
      void after.catch((error: unknown) => deps.logger.error(`after-connect work (${decision}) failed`, error));
    } catch (error) {
      // Nothing was decided (the store or the lock failed): the page can be answered again.
      deps.logger.error('Zoom connect answer failed', error);
      sendPage(res, {
        status: 503,
        ok: false,
        title: 'Nothing was linked yet',
        message: 'The app could not record your answer just now. Go back and answer the page again in a moment.',
      });
    }
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ConnectFlow } from '../zoom/connectFlow.js';
import { sendConfirmationPage, sendDecisionPage } from './connectPages.js';
import { sendPage } from './pages.js';

export const ZOOM_OAUTH_CALLBACK_PATH = '/zoom/oauth/callback';

/**
 * Zoom redirects the browser here after consent. Nothing is linked yet: the page names the Slack user the account
 * would be linked to and asks the person to confirm (see connectDecision). A reload shows the same page, or what
 * was decided on it.
 */
export function zoomOAuthCallback(deps: { connect: ConnectFlow; logger: Logger }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    try {
      const { pageToken, link } = await deps.connect.consent({
        code: query.get('code') ?? undefined,
        state: query.get('state') ?? undefined,
        error: query.get('error') ?? undefined,
      });
      if (link.decision) return sendDecisionPage(res, link, { status: 200, again: true });
      sendConfirmationPage(res, pageToken, link);
    } catch (error) {
      deps.logger.info(`Zoom OAuth callback refused: ${isAppError(error) ? error.code : 'INTERNAL'}`);
      if (!isAppError(error) || error.code === 'INTERNAL') deps.logger.error(error);
      sendPage(res, failurePage(error));
    }
  };
}

function failurePage(error: unknown): { status: number; ok: false; title: string; message: string } {
  if (isAppError(error, 'OAUTH_DENIED')) {
    return { status: 403, ok: false, title: 'Zoom was not connected', message: 'You chose not to allow access, so nothing was linked. To try again, run /zoom connect in Slack.' };
  }
  if (isAppError(error, 'OAUTH_STATE_INVALID')) {
    return { status: 400, ok: false, title: 'This link has expired', message: 'This connect link is expired or was already used. Run /zoom connect in Slack for a new one.' };
  }
  if (isAppError(error, 'OAUTH_EXCHANGE_FAILED')) {
    return { status: 400, ok: false, title: 'Zoom was not connected', message: 'Zoom did not accept the authorization. Run /zoom connect in Slack to try again.' };
  }
  return { status: 502, ok: false, title: 'Zoom was not connected', message: 'Zoom did not answer as expected, so nothing was linked. Please run /zoom connect in Slack to try again.' };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ZoomGrant } from '../storage/types.js';
import type { ConnectFlow } from '../zoom/connectFlow.js';
import { sendPage } from './pages.js';

export const ZOOM_OAUTH_CALLBACK_PATH = '/zoom/oauth/callback';

/**
 * Zoom redirects the user's browser here. The page answers at once; telling the user in Slack (and
 * finishing a command that waited for the connection) happens after, in `afterConnect`.
 */
export function zoomOAuthCallback(deps: {
  connect: ConnectFlow;
  logger: Logger;
  afterConnect: (grant: ZoomGrant) => Promise<void>;
}) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    try {
      const grant = await deps.connect.complete({
        code: query.get('code') ?? undefined,
        state: query.get('state') ?? undefined,
        error: query.get('error') ?? undefined,
      });
      sendPage(res, {
        status: 200,
        ok: true,
        title: 'Zoom is connected',
        message: `Zoom account ${grant.zoomEmail} is connected to Slack. You can close this tab and go back to Slack.`,
      });
      void deps.afterConnect(grant).catch((error: unknown) => deps.logger.error('after-connect work failed', error));
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

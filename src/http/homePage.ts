import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml, htmlDocument, sendHtml } from './pages.js';

/** `GET /`: says what this is, and where a workspace installs it (many-workspace mode). */
export function homePage(options: { installPath?: string }) {
  const install = options.installPath
    ? `<p><a href="${escapeHtml(options.installPath)}">Add Zoom Scheduler to a Slack workspace</a></p>`
    : '';
  const html = htmlDocument({
    title: 'Zoom Scheduler',
    body: `<h1>Zoom Scheduler</h1><p>A Slack app that schedules Zoom meetings from Slack: type <code>/zoom help</code> in Slack to start.</p>${install}`,
  });
  return async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    sendHtml(res, 200, html);
  };
}

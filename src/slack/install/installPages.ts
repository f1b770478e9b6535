import type { IncomingMessage } from 'node:http';
import { ErrorCode, type CallbackOptions, type CodedError } from '@slack/oauth';
import { escapeHtml, htmlDocument, sendPage } from '../../http/pages.js';

/** `GET /slack/install`: one "Add to Slack" link (with the single-use state), in the style of the other pages. */
export function renderInstallPage(addToSlackUrl: string): string {
  return htmlDocument({
    title: 'Install Zoom Scheduler',
    style: 'a.add{display:inline-block;padding:.6rem 1.2rem;border-radius:.4rem;background:#4a154b;color:#fff;text-decoration:none;font-weight:600}',
    body: `<h1>Install Zoom Scheduler</h1><p>Schedule Zoom meetings from Slack with <code>/zoom</code>. Slack will ask you to pick a workspace and allow access.</p>
<p><a class="add" href="${escapeHtml(addToSlackUrl)}">Add to Slack</a></p>
<p><small>The link works once and for 10 minutes; reload this page for a new one.</small></p>`,
  });
}

function cancelledBySlackUser(req: IncomingMessage): boolean {
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get('error') === 'access_denied';
}

function failurePage(error: CodedError, req: IncomingMessage): { status: number; message: string } {
  if (cancelledBySlackUser(req)) {
    return { status: 403, message: 'You chose not to install the app, so nothing was installed. You can start again from the Add to Slack page.' };
  }
  switch (error.code) {
    case ErrorCode.InvalidStateError:
    case ErrorCode.MissingStateError:
      return { status: 400, message: 'This install link expired or was already used (or was opened in another browser). Start again from the Add to Slack page.' };
    case ErrorCode.MissingCodeError:
      return { status: 400, message: 'Slack did not send an authorization code. Start again from the Add to Slack page.' };
    default:
      // Slack refused the code exchange, or the installation could not be stored.
      return { status: 502, message: 'Slack did not complete the installation. Please start again from the Add to Slack page.' };
  }
}

/** Install result pages in the same plain style as the Zoom connect pages. */
export const installCallbackOptions: CallbackOptions = {
  success: (installation, _options, _req, res) => {
    const where = installation.isEnterpriseInstall ? installation.enterprise?.name : installation.team?.name;
    sendPage(res, {
      status: 200,
      ok: true,
      title: 'Zoom Scheduler is installed',
      message: `The app is installed${where ? ` in ${where}` : ''}. In Slack, type /zoom help to see what it does, then /zoom new to schedule a meeting.`,
    });
  },
  failure: (error, _options, req, res) => {
    const { status, message } = failurePage(error, req);
    sendPage(res, { status, ok: false, title: 'The app was not installed', message });
  },
};

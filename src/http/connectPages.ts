import type { ServerResponse } from 'node:http';
import type { ConnectLink } from '../storage/types.js';
import { CONFIRM_TTL_MS } from '../zoom/connectFlow.js';
import { escapeHtml, htmlDocument, sendHtml, sendPage } from './pages.js';

/** Where the confirmation form posts, relative to the callback page (so a PUBLIC_URL with a path still works). */
export const CONNECT_DECISION_ACTION = 'confirm';
export const CONFIRM_FIELD = { token: 'token', decision: 'decision' } as const;
export const DECISION_VALUE = { confirm: 'confirm', decline: 'decline' } as const;

const slackUserOf = (link: ConnectLink) => link.slackUserName ?? link.userId;
const workspaceOf = (link: ConnectLink) => link.workspaceName ?? link.teamId;

/**
 * Asks the person in the browser whether this Zoom account is to be linked to this Slack user. A forwarded connect
 * link lands here too: the page names the Slack user, so the forwardee can see it is not theirs and decline.
 */
export function sendConfirmationPage(res: ServerResponse, pageToken: string, link: ConnectLink): void {
  const who = escapeHtml(slackUserOf(link));
  const mismatch = link.emailMismatch
    ? `<p class="warn">&#9888; This Zoom account's email is not the email on ${who}'s Slack profile.</p>`
    : '';
  const body = `<h1>Link this Zoom account to Slack?</h1>
<p>Zoom account <strong>${escapeHtml(link.zoomName)}</strong> (${escapeHtml(link.zoomEmail)}) will be linked to Slack user <strong>${who}</strong> in workspace <strong>${escapeHtml(workspaceOf(link))}</strong>.
Then ${who} can create meetings on this Zoom account from Slack and see its meetings.</p>
${mismatch}<p><strong>Confirm only if you are ${who}.</strong> If someone sent you this link, choose Decline: nothing will be linked.</p>
<form method="post" action="${CONNECT_DECISION_ACTION}"><input type="hidden" name="${CONFIRM_FIELD.token}" value="${escapeHtml(pageToken)}">
<button type="submit" name="${CONFIRM_FIELD.decision}" value="${DECISION_VALUE.confirm}" class="primary">Confirm</button>
<button type="submit" name="${CONFIRM_FIELD.decision}" value="${DECISION_VALUE.decline}">Decline</button></form>
<p><small>This page can be answered once, within ${CONFIRM_TTL_MS / 60_000} minutes.</small></p>`;
  sendHtml(
    res,
    200,
    htmlDocument({
      title: 'Link this Zoom account to Slack?',
      style: '.warn{color:#b42318;font-weight:600}button{font:inherit;padding:.5rem 1.2rem;border-radius:.4rem;border:1px solid #999;background:#fff;cursor:pointer}button.primary{background:#0b5cff;border-color:#0b5cff;color:#fff}',
      body,
    }),
  );
}

/** The answer to a page, now (200) or again: a reload or replay changes nothing and says what was decided. */
export function sendDecisionPage(res: ServerResponse, link: ConnectLink, options: { status: number; again: boolean }): void {
  const who = slackUserOf(link);
  const where = workspaceOf(link);
  if (link.decision === 'confirmed') {
    sendPage(res, {
      status: options.status,
      ok: true,
      title: options.again ? 'Zoom is already connected' : 'Zoom is connected',
      message: options.again
        ? `Zoom account ${link.zoomEmail} is already connected to Slack user ${who} in ${where}. There is nothing more to do; you can close this tab.`
        : `Zoom account ${link.zoomEmail} is connected to Slack user ${who} in ${where}. You can close this tab and go back to Slack.`,
    });
    return;
  }
  sendPage(res, {
    status: options.status,
    ok: false,
    title: options.again ? 'This link was declined' : 'Nothing was linked',
    message: options.again
      ? 'Linking was declined on this page, so nothing was linked. To connect Zoom, run /zoom connect in Slack.'
      : `Zoom account ${link.zoomEmail} was not linked to Slack user ${who}. ${who} will hear in Slack that the link was not completed. You can close this tab.`,
  });
}

export function sendExpiredConfirmationPage(res: ServerResponse): void {
  sendPage(res, {
    status: 400,
    ok: false,
    title: 'This page has expired',
    message: 'This confirmation page is expired or unknown, so nothing was linked. Run /zoom connect in Slack for a new link.',
  });
}

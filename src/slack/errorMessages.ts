import { AppError, toAppError } from '../errors.js';
import { channelLink, escapeMrkdwn, link } from './blocks/text.js';
import { slackErrorCode } from './slackErrors.js';

/** How to add the bot to a conversation, in the words of Slack's own command. */
const INVITE_ME = '`/invite @Zoom Scheduler`';

/** Zoom methods that change an existing meeting; http.ts treats them as idempotent. */
const CHANGING_METHODS = new Set(['PATCH', 'PUT', 'DELETE']);

/** The one place where error codes become words a Slack user reads. */
export function userMessage(error: unknown): string {
  const e = asAppError(error);
  switch (e.code) {
    case 'ZOOM_NOT_CONNECTED':
      return 'Your Slack account is not linked to Zoom yet. Connect it first, then try again.';
    case 'ZOOM_GRANT_REVOKED':
    case 'ZOOM_REFRESH_ANSWER_LOST':
      return `${whyReconnect(e)} Please reconnect.`;
    case 'ZOOM_REJECTED':
      // Zoom's own words when it gave some; the message names a request path, which is not for users.
      return e.details.zoomMessage
        ? `Zoom refused the request: ${escapeMrkdwn(String(e.details.zoomMessage))}`
        : `Zoom refused the request${e.details.httpStatus !== undefined ? ` (HTTP ${e.details.httpStatus})` : ''}, so nothing was created or changed.`;
    case 'ZOOM_UNAVAILABLE':
      return zoomUnavailable(e);
    case 'ZOOM_OUTCOME_UNKNOWN':
      return (
        `Zoom stopped answering while ${aboutMeeting(e)} was being created, and I could not find out from Zoom whether it exists. ` +
        'I did not retry, to avoid a duplicate: check `/zoom list` before trying again.'
      );
    case 'MEETING_CREATE_PENDING':
      return `I am still checking with Zoom whether ${aboutMeeting(e)} was created a moment ago, so I did not create it again. I will tell you as soon as I know.`;
    case 'ZOOM_RATE_LIMITED':
      return e.details.retryAfterMs !== undefined
        ? `Zoom is receiving too many requests. Please try again in ${Math.max(1, Math.ceil(e.details.retryAfterMs / 1000))} seconds.`
        : 'Zoom is receiving too many requests. Please try again shortly.';
    case 'ZOOM_DAILY_LIMIT':
      return e.details.resetsAt !== undefined
        ? `You have reached Zoom's limit of meetings created per day. It resets <!date^${Math.floor(e.details.resetsAt / 1000)}^{date_short_pretty} at {time}|at midnight UTC>.`
        : "You have reached Zoom's limit of meetings created per day. It resets at midnight UTC.";
    case 'ZOOM_USER_NOT_FOUND':
      return e.details.email
        ? `There is no Zoom user with the email ${escapeMrkdwn(String(e.details.email))} in this company's Zoom account. Ask your Zoom admin to add you, or use the same email in Slack and Zoom.`
        : 'That Zoom user does not exist in this Zoom account.';
    case 'ZOOM_MEETING_NOT_FOUND':
      return 'That meeting no longer exists in Zoom (it may have been deleted there).';
    case 'NOT_MEETING_HOST':
      return 'Only the host of this meeting can do that.';
    case 'INVALID_REQUEST':
      // By contract (src/errors.ts) this message is written for the user: what is wrong and how to fix it.
      // It is plain words that may echo what the user typed, so it is escaped like any user text.
      return escapeMrkdwn(e.message);
    case 'SLACK_API_FAILED':
      return slackFailed(e);
    case 'MEETING_NOT_FULLY_ANNOUNCED':
      return notFullyAnnounced(e);
    case 'MEETING_CARD_NOT_REFRESHED':
      return 'Your change is saved in Zoom, but I could not refresh the meeting card, so it may still show the old details. Zoom has the right ones.';
    case 'STORE_UNAVAILABLE':
      return 'I cannot reach my database right now, so nothing was created or changed. Please try again later.';
    case 'WORKSPACE_NOT_ALLOWED':
      return "This app schedules on a company Zoom account that serves only the Slack workspaces it is set up for, and this workspace is not one of them. Nothing was done. Ask your Slack admin if you think it should be.";
    case 'OAUTH_STATE_INVALID':
    case 'OAUTH_DENIED':
    case 'OAUTH_EXCHANGE_FAILED':
    case 'STORE_NOT_OPENED':
    case 'INTERNAL':
      return 'Something went wrong on our side and nothing was changed. Please try again; if it keeps happening, tell your Slack admin.';
  }
}

/** Why the link to Zoom needs a reconnect: Zoom refused it, or the answer to its renewal was lost. */
export function whyReconnect(error: AppError): string {
  return error.code === 'ZOOM_REFRESH_ANSWER_LOST'
    ? 'Zoom stopped answering while I renewed my access to your Zoom account, so the link may no longer work.'
    : 'Zoom no longer accepts the link to your Zoom account (it was revoked or expired).';
}

/** A Slack Web API error that reached here unwrapped is still Slack's failure, not a bug of ours. */
function asAppError(error: unknown): AppError {
  const slackError = error instanceof AppError ? undefined : slackErrorCode(error);
  if (slackError) return new AppError('SLACK_API_FAILED', `Slack answered ${slackError}`, { slackError }, { cause: error });
  return toAppError(error);
}

/**
 * A read (GET) changed nothing, and so did a create (POST): http.ts calls a POST that may have been
 * processed ZOOM_OUTCOME_UNKNOWN, and a lost create is looked for (scheduling/create/createMeetingJob.ts) before this is
 * said. A PATCH/PUT/DELETE is sent as idempotent, so its timeout or 5xx may hide a change that was
 * applied; sending it again is safe. Without details.method no single request is to blame.
 */
function zoomUnavailable(e: AppError): string {
  if (e.details.reconciled === true) {
    return `I checked with Zoom: ${aboutMeeting(e)} was not created, so there is nothing to clean up. You can schedule it again.`;
  }
  const method = typeof e.details.method === 'string' ? e.details.method.toUpperCase() : undefined;
  if (method === undefined || !CHANGING_METHODS.has(method) || e.details.requestSent === false) {
    return 'Zoom did not answer, so nothing was created or changed. Please try again in a minute.';
  }
  return method === 'DELETE'
    ? 'Zoom did not answer in time, so the meeting may or may not have been deleted in Zoom. Trying again is safe: it cannot delete anything twice.'
    : 'Zoom did not answer in time, so your change may or may not have been applied in Zoom. Trying again is safe: it makes the same change again, not a second one.';
}

function slackFailed(e: AppError): string {
  switch (e.details.reason) {
    case 'no_email':
      return (
        "I could not read your email address from Slack, so I can't tell which Zoom user you are, and nothing was created or changed. " +
        'Ask your Slack admin to reinstall the app with the users:read.email permission (and make sure your Slack profile has an email).'
      );
    case 'conversation_not_visible':
      return `I cannot see that conversation, so I could not post a meeting there. Add me to it (${INVITE_ME}) and try again.`;
    case 'not_installed':
      return 'This app is not installed in this Slack workspace (any more), so I could not do that. Ask your Slack admin to install it again.';
    default: {
      const said = e.details.slackError ? ` (Slack said \`${escapeMrkdwn(String(e.details.slackError))}\`)` : '';
      return `Slack did not accept my request${said}, so I could not finish. Please try again in a minute; if it keeps happening, tell your Slack admin.`;
    }
  }
}

/** The meeting by its topic, escaped like any user text, when the error names it. */
function aboutMeeting(e: AppError): string {
  return typeof e.details.topic === 'string' ? `*${escapeMrkdwn(e.details.topic)}*` : 'the meeting';
}

/** The conversation as a link Slack renders by name; DMs and unknown ids have no useful name. */
function where(channelId: unknown): string {
  return typeof channelId === 'string' && /^[CG][A-Z0-9]+$/.test(channelId) ? channelLink(channelId) : 'the conversation';
}

/**
 * The meeting exists in Zoom: say so first, or the user schedules it again. This reply goes only to
 * the host (ephemeral or DM), so it may carry the start link when it did not arrive otherwise.
 */
function notFullyAnnounced(e: AppError): string {
  const d = e.details;
  const meeting = `Your meeting *${escapeMrkdwn(String(d.topic ?? ''))}* was created in Zoom`;
  const place = where(d.channelId);
  const said = d.slackError ? ` (Slack said \`${escapeMrkdwn(String(d.slackError))}\`)` : '';
  const join = `Join link: ${String(d.joinUrl ?? '')}`;
  let text: string;
  switch (d.problem) {
    case 'card':
      text =
        `${meeting}, but I could not post it to ${place}${said}. Please don't create it again. ` +
        `Invite me there (${INVITE_ME}) so I can post next time, and share the join link yourself. ${join}`;
      break;
    case 'record':
      text =
        `${meeting} and posted to ${place}, but I could not save it, so the Edit and Cancel buttons on its card will not work: ` +
        `change or cancel it in Zoom instead. Please don't create it again. ${join}`;
      break;
    default:
      text = `${meeting} and posted to ${place}, but I could not send you its start link${said}. Please don't create it again. ${join}`;
  }
  if (d.startLinkSent !== true && typeof d.startUrl === 'string') {
    text += `\nYour start link, only for you (whoever opens it becomes the host, so don't share it): ${link(d.startUrl, 'Start as host')}`;
  }
  return text;
}

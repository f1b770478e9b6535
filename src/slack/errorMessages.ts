import { type AppError, toAppError } from '../errors.js';

/** The one place where error codes become words a Slack user reads. */
export function userMessage(error: unknown): string {
  const e: AppError = toAppError(error);
  switch (e.code) {
    case 'ZOOM_NOT_CONNECTED':
      return 'Your Slack account is not linked to Zoom yet. Connect it first, then try again.';
    case 'ZOOM_GRANT_REVOKED':
      return 'Zoom no longer accepts the link to your Zoom account (it was revoked or expired). Please reconnect.';
    case 'ZOOM_REJECTED':
      return `Zoom refused the request: ${e.details.zoomMessage ?? e.message}`;
    case 'ZOOM_UNAVAILABLE':
      return 'Zoom did not answer, so nothing was created or changed. Please try again in a minute.';
    case 'ZOOM_OUTCOME_UNKNOWN':
      return (
        'Zoom stopped answering while the meeting was being created, so it may or may not exist. ' +
        'I did not retry, to avoid a duplicate: check `/zoom list` before trying again.'
      );
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
        ? `There is no Zoom user with the email ${e.details.email} in this company's Zoom account. Ask your Zoom admin to add you, or use the same email in Slack and Zoom.`
        : 'That Zoom user does not exist in this Zoom account.';
    case 'ZOOM_MEETING_NOT_FOUND':
      return 'That meeting no longer exists in Zoom (it may have been deleted there).';
    case 'NOT_MEETING_HOST':
      return 'Only the host of this meeting can do that.';
    case 'INVALID_REQUEST':
      return e.message;
    case 'SLACK_API_FAILED':
      return e.message;
    case 'OAUTH_STATE_INVALID':
    case 'OAUTH_DENIED':
    case 'OAUTH_EXCHANGE_FAILED':
    case 'CONFIG_INVALID':
    case 'INTERNAL':
      return 'Something went wrong on our side and nothing was changed. Please try again; if it keeps happening, tell your Slack admin.';
  }
}

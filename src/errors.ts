/**
 * One error scheme for the whole app: every failure a user can meet is an AppError with a stable
 * code. Slack-facing code maps codes to words once (src/slack/errorMessages.ts).
 */
export type ErrorCode =
  /** The Slack user has no Zoom grant. */
  | 'ZOOM_NOT_CONNECTED'
  /** The grant exists but Zoom no longer accepts it (refresh token dead, app deauthorized). */
  | 'ZOOM_GRANT_REVOKED'
  /**
   * A token refresh reached Zoom but its answer was lost (timeout, reset, unreadable): Zoom may have rotated the pair
   * and killed the refresh token we hold. The grant is kept; the user is asked to reconnect, as for a revoked one.
   */
  | 'ZOOM_REFRESH_ANSWER_LOST'
  /** Zoom answered 4xx with {code, message}; details.zoomCode/zoomMessage carry Zoom's words. */
  | 'ZOOM_REJECTED'
  /**
   * Zoom did not answer in time, or answered 5xx / garbage. details.method/path name the request (absent
   * when no single request is to blame, e.g. after reconciling a lost create). A GET, or a POST that Zoom
   * answered, changed nothing; an idempotent PATCH/PUT/DELETE may have been applied (details.requestSent
   * is false when it provably never left this process).
   */
  | 'ZOOM_UNAVAILABLE'
  /** Zoom answered 429. details.retryAfterMs when known. */
  | 'ZOOM_RATE_LIMITED'
  /** Zoom's daily meeting-create limit for the user is reached. details.resetsAt (ms epoch) when known. */
  | 'ZOOM_DAILY_LIMIT'
  /**
   * A create may or may not have happened in Zoom (its answer was lost) and looking for it did not tell:
   * an instant meeting (Zoom does not list those), or Zoom could not be searched for half an hour.
   */
  | 'ZOOM_OUTCOME_UNKNOWN'
  /** The same meeting, asked for again, is still being looked for in Zoom after a lost answer. details.topic. */
  | 'MEETING_CREATE_PENDING'
  /** Server-to-Server mode: no Zoom user with the Slack user's email. details.email. */
  | 'ZOOM_USER_NOT_FOUND'
  /** The meeting is not found at Zoom (deleted elsewhere). */
  | 'ZOOM_MEETING_NOT_FOUND'
  /**
   * What the user typed or submitted cannot be used. The message is shown to the user as it is, so it must
   * be written for them: what is wrong and how to fix it. details.field for modals.
   */
  | 'INVALID_REQUEST'
  /** OAuth callback: state missing, unknown, expired or already used. */
  | 'OAUTH_STATE_INVALID'
  /** OAuth callback: the user declined consent. */
  | 'OAUTH_DENIED'
  /** OAuth callback: the code exchange failed. */
  | 'OAUTH_EXCHANGE_FAILED'
  /** Only the meeting's host may do this. */
  | 'NOT_MEETING_HOST'
  /**
   * A Slack call failed. details.slackError: Slack's error code when known; details.reason: what the
   * app knows better than Slack's code (see SlackFailureReason). The message is for logs only.
   */
  | 'SLACK_API_FAILED'
  /**
   * Zoom created the meeting, but a later step failed (see AnnounceProblem). The meeting exists: the user
   * must not create it again. details: topic, channelId, joinUrl, startUrl, problem, startLinkSent.
   */
  | 'MEETING_NOT_FULLY_ANNOUNCED'
  /** Zoom applied an edit, but the card could not be refreshed (details.topic): it may show the old details. */
  | 'MEETING_CARD_NOT_REFRESHED'
  /** The app's store did not answer (an outage, not a missing record): try again later. */
  | 'STORE_UNAVAILABLE'
  /**
   * At startup: the embedded store cannot be used. details.storeProblem: 'in_use' (another process holds it),
   * 'damaged', 'foreign' (another program's database) or 'unreadable'; details.path names the file.
   */
  | 'STORE_NOT_OPENED'
  /** Server-to-Server mode serves only the workspaces (or Enterprise Grid org) it is configured for. details.teamId. */
  | 'WORKSPACE_NOT_ALLOWED'
  /** Anything else: a bug. */
  | 'INTERNAL';

/** Why a Slack step failed, when the app knows more than Slack's error code says. */
export type SlackFailureReason =
  /** Slack gave no email for the user: the app lacks users:read.email, or the profile has none. */
  | 'no_email'
  /** A private conversation the bot is not a member of: Slack hides it from the bot. */
  | 'conversation_not_visible'
  /** No bot token for the workspace: the app is not (or no longer) installed there. */
  | 'not_installed'
  /** A slash command's or modal's response_url did not take the message. */
  | 'response_url_failed';

/**
 * What was left undone after Zoom created a meeting: 'card' (the meeting could not be posted where it
 * was asked for), 'record' (the card's post could not be stored, so its buttons cannot act on it) or
 * 'start-link' (the host's private start link could not be delivered).
 */
export type AnnounceProblem = 'card' | 'record' | 'start-link';

export interface ErrorDetails {
  field?: string;
  zoomCode?: number;
  zoomMessage?: string;
  httpStatus?: number;
  retryAfterMs?: number;
  resetsAt?: number;
  email?: string;
  /** Zoom requests: the HTTP method and URL path. */
  method?: string;
  path?: string;
  /** Zoom requests: false when the request provably never left this process. */
  requestSent?: boolean;
  /** ZOOM_UNAVAILABLE: a create whose answer was lost, looked for in Zoom until it was certain nothing was made. */
  reconciled?: boolean;
  /** SLACK_API_FAILED: Slack's error code (e.g. "channel_not_found"). */
  slackError?: string;
  reason?: SlackFailureReason;
  /** STORE_NOT_OPENED: why the embedded store's file cannot be used. */
  storeProblem?: 'in_use' | 'damaged' | 'foreign' | 'unreadable';
  /** MEETING_NOT_FULLY_ANNOUNCED */
  problem?: AnnounceProblem;
  topic?: string;
  channelId?: string;
  joinUrl?: string;
  startUrl?: string;
  /** MEETING_NOT_FULLY_ANNOUNCED: whether the host already got the start link privately. */
  startLinkSent?: boolean;
  [key: string]: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

/** Wraps anything thrown into an AppError so callers handle one type. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('INTERNAL', message, {}, { cause: error });
}

/**
 * One error scheme for the whole app: every failure a user can meet is an AppError with a stable
 * code. Slack-facing code maps codes to words once (src/slack/errorMessages.ts).
 */
export type ErrorCode =
  /** The Slack user has no Zoom grant. */
  | 'ZOOM_NOT_CONNECTED'
  /** The grant exists but Zoom no longer accepts it (refresh token dead, app deauthorized). */
  | 'ZOOM_GRANT_REVOKED'
  /** Zoom answered 4xx with {code, message}; details.zoomCode/zoomMessage carry Zoom's words. */
  | 'ZOOM_REJECTED'
  /** Zoom did not answer in time, or answered 5xx / garbage. Nothing is known to have happened. */
  | 'ZOOM_UNAVAILABLE'
  /** Zoom answered 429. details.retryAfterMs when known. */
  | 'ZOOM_RATE_LIMITED'
  /** Zoom's daily meeting-create limit for the user is reached. details.resetsAt (ms epoch) when known. */
  | 'ZOOM_DAILY_LIMIT'
  /** A create request may or may not have reached Zoom (timed out after sending). */
  | 'ZOOM_OUTCOME_UNKNOWN'
  /** Server-to-Server mode: no Zoom user with the Slack user's email. details.email. */
  | 'ZOOM_USER_NOT_FOUND'
  /** The meeting is not found at Zoom (deleted elsewhere). */
  | 'ZOOM_MEETING_NOT_FOUND'
  /** What the user typed or submitted cannot be used; message says what to fix. details.field for modals. */
  | 'INVALID_REQUEST'
  /** OAuth callback: state missing, unknown, expired or already used. */
  | 'OAUTH_STATE_INVALID'
  /** OAuth callback: the user declined consent. */
  | 'OAUTH_DENIED'
  /** OAuth callback: the code exchange failed. */
  | 'OAUTH_EXCHANGE_FAILED'
  /** Only the meeting's host may do this. */
  | 'NOT_MEETING_HOST'
  /** A Slack Web API call failed in a way the user should hear about. */
  | 'SLACK_API_FAILED'
  /** Configuration missing or malformed. */
  | 'CONFIG_INVALID'
  /** Anything else: a bug. */
  | 'INTERNAL';

export interface ErrorDetails {
  field?: string;
  zoomCode?: number;
  zoomMessage?: string;
  httpStatus?: number;
  retryAfterMs?: number;
  resetsAt?: number;
  email?: string;
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

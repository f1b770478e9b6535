/** Shapes shared by the Zoom modules (kept here so api.ts and tokenManager.ts do not import each other). */

/** Runs Zoom calls with a valid access token; retries once with a fresh token when Zoom refuses the token (401). */
export interface ZoomAuth {
  call<T>(fn: (accessToken: string) => Promise<T>): Promise<T>;
}

/** Result of an OAuth code exchange or refresh. */
export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  /** ms epoch when the access token stops working (measured from when the request was sent). */
  expiresAt: number;
  scope: string;
}

/** Server-to-Server OAuth token (no refresh token: fetch a new one). */
export interface AccountToken {
  accessToken: string;
  /** ms epoch. */
  expiresAt: number;
  scope: string;
}

export interface ZoomUser {
  id: string;
  accountId: string;
  email: string;
  firstName: string;
  lastName: string;
  displayName: string;
  timezone?: string;
}

/** 1 instant, 2 scheduled, 3 recurring without fixed time, 8 recurring with fixed time. */
export type ZoomMeetingType = 1 | 2 | 3 | 8;

/** Zoom's weekday numbering: 1 = Sunday … 7 = Saturday. */
export type ZoomWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface ZoomOccurrence {
  occurrenceId: string;
  startTime: number;
  durationMinutes: number;
  status?: string;
}

export interface ZoomMeeting {
  /** Zoom's numeric meeting id, as a string. */
  id: string;
  uuid?: string;
  hostId?: string;
  topic: string;
  type: number;
  /** ms epoch; absent for type 3 (no fixed time). */
  startTime?: number;
  durationMinutes: number;
  /** IANA zone Zoom reports for the meeting. */
  timezone?: string;
  agenda?: string;
  /** ms epoch: when Zoom created it. */
  createdAt?: number;
  joinUrl: string;
  startUrl: string;
  password?: string;
  occurrences?: ZoomOccurrence[];
}

/** What the list endpoint returns per meeting (no start_url, no password). */
export type ZoomMeetingSummary = Omit<ZoomMeeting, 'startUrl' | 'password' | 'occurrences'>;

export interface CreateMeetingInput {
  topic: string;
  /** 1 instant, 2 scheduled, 8 weekly recurring with fixed time. */
  type: 1 | 2 | 8;
  /** Required for type 2 and 8. Sent as UTC `yyyy-MM-ddTHH:mm:ssZ` (truncated to whole seconds). Ignored for type 1. */
  startTime?: Date | number;
  /** Whole minutes, 1..1440. Required for type 2 and 8. Ignored for type 1. */
  durationMinutes?: number;
  /** IANA zone, e.g. Europe/Berlin. Required for type 2 and 8 (Zoom computes recurrences in it). Ignored for type 1. */
  timezone?: string;
  /** ≤ 2000 characters. */
  agenda?: string;
  settings?: MeetingSettingsInput;
  /** Required for type 8 (weekly, `occurrences` times); not allowed otherwise. */
  recurrence?: WeeklyRecurrenceInput;
}

export interface MeetingSettingsInput {
  waitingRoom?: boolean;
  /** Let Zoom generate a passcode that follows the user's/account's passcode rules (`default_password: true`). */
  autoPasscode?: boolean;
  /** An explicit passcode: ≤ 10 chars of [A-Za-z0-9@_*-]. Account rules may still reject it (ZOOM_REJECTED). */
  passcode?: string;
}

export interface WeeklyRecurrenceInput {
  /** Zoom numbering, 1 = Sunday. Defaults to the weekday of startTime in the meeting's timezone. */
  weeklyDays?: ZoomWeekday[];
  /** How many occurrences in total, 1..60. */
  occurrences: number;
}

export interface UpdateMeetingPatch {
  topic?: string;
  startTime?: Date | number;
  durationMinutes?: number;
  timezone?: string;
  agenda?: string;
  settings?: MeetingSettingsInput;
}

export interface ListMeetingsOptions {
  pageToken?: string;
  /** 1..300, default 30. */
  pageSize?: number;
}

export interface MeetingPage {
  meetings: ZoomMeetingSummary[];
  /** Absent on the last page. */
  nextPageToken?: string;
}

/** One ended instance, by its UUID (GET /past_meetings/{uuid}). */
export interface ZoomPastMeeting {
  startTime?: number;
  endTime?: number;
  durationMinutes?: number;
}

/** Zoom's AI summary of one instance (GET /meetings/{uuid}/meeting_summary). */
export interface ZoomAiSummary {
  overview?: string;
  details: Array<{ label: string; summary: string }>;
  nextSteps: string[];
}

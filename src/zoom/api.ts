import type { z } from 'zod';
import { AppError, isAppError } from '../errors.js';
import type { HttpMethod, ZoomHttp } from './http.js';
import { buildCreateMeetingBody, buildUpdateMeetingBody, checkMeetingId } from './meetingInput.js';
import { meetingUuidPath } from './events.js';
import { meetingPageSchema, meetingSchema, meetingSummarySchema, pastMeetingSchema, userSchema } from './schemas.js';
import type {
  CreateMeetingInput,
  ListMeetingsOptions,
  MeetingPage,
  UpdateMeetingPatch,
  ZoomAiSummary,
  ZoomAuth,
  ZoomMeeting,
  ZoomPastMeeting,
  ZoomUser,
} from './types.js';

export type {
  CreateMeetingInput,
  ListMeetingsOptions,
  MeetingPage,
  MeetingSettingsInput,
  UpdateMeetingPatch,
  WeeklyRecurrenceInput,
  ZoomMeeting,
  ZoomMeetingSummary,
  ZoomUser,
  ZoomWeekday,
} from './types.js';

/** Typed Zoom REST calls. Every call runs through a ZoomAuth (user grant or account token). */
export interface ZoomApi {
  getMe(auth: ZoomAuth): Promise<ZoomUser>;
  /** ZOOM_USER_NOT_FOUND (details.email) when Zoom has no such user. */
  getUser(auth: ZoomAuth, idOrEmail: string): Promise<ZoomUser>;
  /** Never retried. ZOOM_OUTCOME_UNKNOWN when the meeting may exist although we got no usable answer (a timeout after sending, any 5xx). */
  createMeeting(auth: ZoomAuth, userIdOrMe: string, input: CreateMeetingInput): Promise<ZoomMeeting>;
  listUpcomingMeetings(auth: ZoomAuth, userIdOrMe: string, options?: ListMeetingsOptions): Promise<MeetingPage>;
  /** ZOOM_MEETING_NOT_FOUND when deleted elsewhere. */
  getMeeting(auth: ZoomAuth, meetingId: string | number): Promise<ZoomMeeting>;
  updateMeeting(auth: ZoomAuth, meetingId: string | number, patch: UpdateMeetingPatch): Promise<void>;
  deleteMeeting(auth: ZoomAuth, meetingId: string | number): Promise<void>;
  /** One ended instance's own times. */
  getPastMeeting(auth: ZoomAuth, uuid: string): Promise<ZoomPastMeeting>;
  /** Zoom's AI summary of one instance. ZOOM_MEETING_NOT_FOUND when there is none. */
  getMeetingSummary(auth: ZoomAuth, uuid: string): Promise<ZoomAiSummary>;
}

export interface ZoomApiDeps {
  http: ZoomHttp;
  /** e.g. https://api.zoom.us/v2 (no trailing slash). */
  apiUrl: string;
}

function userPath(userIdOrMe: string): string {
  if (userIdOrMe.trim() === '') throw new AppError('INVALID_REQUEST', 'I could not tell which Zoom user to act for, so nothing was created or changed.', { field: 'userId' });
  return `/users/${encodeURIComponent(userIdOrMe)}`;
}

function isUserMissing(error: unknown): error is AppError {
  return isAppError(error, 'ZOOM_REJECTED') && (error.details.zoomCode === 1001 || (error.details.httpStatus === 404 && error.details.zoomCode === undefined));
}

function userNotFound(idOrEmail: string, error: AppError): AppError {
  const details = { ...error.details, ...(idOrEmail.includes('@') ? { email: idOrEmail } : { zoomUserId: idOrEmail }) };
  return new AppError('ZOOM_USER_NOT_FOUND', `Zoom has no user ${idOrEmail}`, details, { cause: error });
}

export function createZoomApi(deps: ZoomApiDeps): ZoomApi {
  const { http } = deps;
  const apiUrl = deps.apiUrl.replace(/\/+$/, '');

  async function send(
    auth: ZoomAuth,
    method: HttpMethod,
    path: string,
    extra: { query?: Record<string, string | number | undefined>; json?: unknown } = {},
  ): Promise<{ status: number; body: unknown }> {
    return auth.call((accessToken) => http.request({ method, url: `${apiUrl}${path}`, headers: { authorization: `Bearer ${accessToken}` }, ...extra }));
  }

  function parse<S extends z.ZodType>(schema: S, body: unknown, what: string, created = false): z.output<S> {
    const result = schema.safeParse(body);
    if (result.success) return result.data;
    const fields = result.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    // A 2xx to create means the meeting exists at Zoom; we just cannot tell which.
    throw created
      ? new AppError('ZOOM_OUTCOME_UNKNOWN', `Zoom created ${what} but the response is malformed (${fields})`, { malformed: fields })
      : new AppError('ZOOM_UNAVAILABLE', `Zoom sent a malformed ${what} (${fields})`, { malformed: fields });
  }

  return {
    async getMe(auth) {
      const res = await send(auth, 'GET', '/users/me');
      return parse(userSchema, res.body, 'user');
    },

    async getUser(auth, idOrEmail) {
      try {
        const res = await send(auth, 'GET', userPath(idOrEmail));
        return parse(userSchema, res.body, 'user');
      } catch (error) {
        if (isUserMissing(error)) throw userNotFound(idOrEmail, error);
        throw error;
      }
    },

    async createMeeting(auth, userIdOrMe, input) {
      const body = buildCreateMeetingBody(input);
      try {
        const res = await send(auth, 'POST', `${userPath(userIdOrMe)}/meetings`, { json: body });
        return parse(meetingSchema, res.body, 'meeting', true);
      } catch (error) {
        if (isUserMissing(error)) throw userNotFound(userIdOrMe, error);
        // Zoom answers 500/502 after creating a meeting too: a 5xx says nothing about whether it exists.
        if (isAppError(error, 'ZOOM_UNAVAILABLE') && (error.details.httpStatus ?? 0) >= 500) {
          throw new AppError('ZOOM_OUTCOME_UNKNOWN', `${error.message}; the meeting may have been created`, error.details, { cause: error });
        }
        throw error;
      }
    },

    async listUpcomingMeetings(auth, userIdOrMe, options = {}) {
      const pageSize = options.pageSize ?? 30;
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 300) {
        throw new AppError('INVALID_REQUEST', 'I can list 1 to 300 meetings at a time.', { field: 'pageSize' });
      }
      const res = await send(auth, 'GET', `${userPath(userIdOrMe)}/meetings`, {
        query: { type: 'upcoming', page_size: pageSize, next_page_token: options.pageToken || undefined },
      });
      return parse(meetingPageSchema, res.body, 'meeting list');
    },

    async getMeeting(auth, meetingId) {
      const res = await send(auth, 'GET', `/meetings/${checkMeetingId(meetingId)}`);
      return parse(meetingSchema, res.body, 'meeting');
    },

    async updateMeeting(auth, meetingId, patch) {
      const path = `/meetings/${checkMeetingId(meetingId)}`;
      await send(auth, 'PATCH', path, { json: buildUpdateMeetingBody(patch) });
    },

    async deleteMeeting(auth, meetingId) {
      await send(auth, 'DELETE', `/meetings/${checkMeetingId(meetingId)}`);
    },

    async getPastMeeting(auth, uuid) {
      const res = await send(auth, 'GET', `/past_meetings/${meetingUuidPath(uuid)}`);
      return parse(pastMeetingSchema, res.body, 'past meeting');
    },

    async getMeetingSummary(auth, uuid) {
      const res = await send(auth, 'GET', `/meetings/${meetingUuidPath(uuid)}/meeting_summary`);
      return parse(meetingSummarySchema, res.body, 'meeting summary');
    },
  };
}

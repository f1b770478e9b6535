import { AppError, toAppError } from '../errors.js';
import type { ZoomApi } from '../zoom/api.js';
import type { CreateMeetingInput, ZoomMeeting } from '../zoom/types.js';
import type { ZoomHost } from './types.js';

/** How many pages of upcoming meetings to search for a create whose answer was lost. */
const MAX_PAGES = 3;

/**
 * A create whose answer never came (timeout after sending) may or may not have happened. Resending
 * could make a duplicate, so instead look for it: a scheduled meeting with the same topic and start.
 * Found: that is our meeting. Not found: nothing was created, and the user hears so.
 */
export async function findLostCreate(zoomApi: ZoomApi, host: ZoomHost, input: CreateMeetingInput, cause: AppError): Promise<ZoomMeeting> {
  if (input.startTime === undefined) {
    // Instant meetings are not listed as upcoming: there is nothing to search.
    throw cause;
  }
  const startTime = Math.floor(Number(input.startTime) / 1000) * 1000;
  let pageToken: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await zoomApi.listUpcomingMeetings(host.auth, host.zoomUserId, { pageToken, pageSize: 300 });
      const match = result.meetings.find((meeting) => meeting.topic === input.topic && meeting.startTime === startTime);
      if (match) return await zoomApi.getMeeting(host.auth, match.id);
      pageToken = result.nextPageToken;
      if (!pageToken) break;
    }
  } catch (error) {
    // The search itself failed, so we still do not know whether the create happened. Saying "nothing was
    // created" here (the search's own ZOOM_UNAVAILABLE) could make the user create it twice.
    throw new AppError(cause.code, cause.message, { ...cause.details, reconcileFailed: toAppError(error).code }, { cause: error });
  }
  throw new AppError('ZOOM_UNAVAILABLE', 'Zoom did not answer the create, and no such meeting exists', {}, { cause });
}

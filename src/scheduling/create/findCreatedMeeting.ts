import type { ZoomApi } from '../../zoom/api.js';
import type { CreateMeetingInput, ZoomMeeting } from '../../zoom/types.js';
import type { ZoomHost } from '../types.js';

/** How many pages of upcoming meetings to search for a create whose answer was lost. */
const MAX_PAGES = 3;
/** Zoom's clock and ours may disagree by this much when comparing "created after we asked". */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * A create whose answer was lost (timeout, reset, 5xx) may or may not have happened, and resending could
 * make a duplicate; so look for it instead: an upcoming meeting with the same topic and start, created
 * since we asked, and not one we already announced. Undefined: not (yet) there. Throws when the search
 * itself fails: then we still know nothing. Instant meetings are not listed, so callers never search for them.
 */
export async function findCreatedMeeting(
  zoomApi: ZoomApi,
  host: ZoomHost,
  input: CreateMeetingInput & { startTime: number },
  asked: { at: number; isAnnounced: (meetingId: string) => Promise<boolean> },
): Promise<ZoomMeeting | undefined> {
  const startTime = Math.floor(input.startTime / 1000) * 1000;
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await zoomApi.listUpcomingMeetings(host.auth, host.zoomUserId, { pageToken, pageSize: 300 });
    for (const meeting of result.meetings) {
      const same = meeting.topic === input.topic && meeting.startTime === startTime;
      const createdSince = meeting.createdAt === undefined || meeting.createdAt >= asked.at - CLOCK_SKEW_MS;
      if (same && createdSince && !(await asked.isAnnounced(meeting.id))) return zoomApi.getMeeting(host.auth, meeting.id);
    }
    pageToken = result.nextPageToken;
    if (!pageToken) break;
  }
  return undefined;
}

import type { ShownMeeting } from '../storage/types.js';
import type { ZoomMeeting } from '../zoom/types.js';

/** What a card shows of a Zoom meeting, kept on its record (an instant meeting has no start to show). */
export function shownMeeting(meeting: ZoomMeeting, instant = meeting.type === 1): ShownMeeting {
  const occurrences = meeting.occurrences?.map((occurrence) => occurrence.startTime);
  return {
    topic: meeting.topic,
    ...(instant || meeting.startTime === undefined ? {} : { startTime: meeting.startTime }),
    durationMinutes: meeting.durationMinutes,
    joinUrl: meeting.joinUrl,
    ...(meeting.agenda ? { agenda: meeting.agenda } : {}),
    ...(meeting.password ? { passcode: meeting.password } : {}),
    ...(occurrences && occurrences.length > 1 ? { occurrences } : {}),
  };
}

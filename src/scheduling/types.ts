/** The inputs and ports of the scheduling use cases, independent of Slack and Zoom wire formats. */
import type { ZoomAuth, ZoomMeeting } from '../zoom/types.js';
import type { MeetingPost } from '../storage/types.js';

/** Who asks: a Slack user in a workspace. */
export interface Requester {
  teamId: string;
  enterpriseId?: string;
  userId: string;
}

/** Where the meeting card goes. */
export interface Destination {
  channelId: string;
  threadTs?: string;
  /** The slash command's response_url: the fallback when the bot cannot post to the channel. */
  responseUrl?: string;
}

export interface MeetingRequest {
  topic: string;
  /** ms epoch; absent for an instant meeting. */
  startTime?: number;
  durationMinutes: number;
  /** IANA zone of the requester, shown by Zoom. */
  timeZone: string;
  agenda?: string;
  invitees?: string[];
  waitingRoom?: boolean;
  passcode?: boolean;
  /** Recurring weekly this many times (2..50). */
  weeklyOccurrences?: number;
  /** Minutes before the start to remind the channel (0 = none); absent: the host's setting. */
  reminderMinutes?: number;
}

/** The Zoom account a Slack user schedules on, and how to authenticate for it. */
export interface ZoomHost {
  auth: ZoomAuth;
  /**
   * The Zoom user in request paths: 'me' with a user grant; in account-level mode the Zoom user's id,
   * as Zoom's getUser answered it for the Slack user's email (src/scheduling/zoomHosts.ts).
   */
  zoomUserId: string;
}

export interface ZoomHostResolver {
  forSlackUser(requester: Requester): Promise<ZoomHost>;
}

/** Posts a created meeting where people see it, and the start link where only the host does. */
export interface MeetingPublisher {
  postCard(requester: Requester, destination: Destination, meeting: ZoomMeeting, request: MeetingRequest): Promise<MeetingPost>;
  sendStartLink(requester: Requester, post: MeetingPost, destination: Destination, meeting: ZoomMeeting): Promise<void>;
}

import { AppError, type AnnounceProblem, toAppError } from '../../errors.js';
import type { MeetingPost, MeetingPostStore } from '../../storage/types.js';
import type { ZoomMeeting } from '../../zoom/types.js';
import type { Reminders } from '../reminders.js';
import type { Destination, MeetingPublisher, MeetingRequest, Requester } from '../types.js';

export interface AnnounceMeetingDeps {
  publisher: MeetingPublisher;
  meetingPosts: MeetingPostStore;
  /** The reminder is scheduled once the card is recorded; a failure there is retried by the sweep, never the user's. */
  reminders: Pick<Reminders, 'sync'>;
}

export interface Announcement {
  requester: Requester;
  destination: Destination;
  request: MeetingRequest;
  meeting: ZoomMeeting;
  /** The card, when an earlier run already posted it: not posted twice, and its record not written over. */
  posted?: MeetingPost;
  /** Called once the card is posted, before anything else: the caller records it. */
  onCardPosted(post: MeetingPost): Promise<void>;
}

/**
 * Announces a meeting Zoom created: card first, then the record of the post and the host's start link.
 * Any failure is a MEETING_NOT_FULLY_ANNOUNCED: the user must hear that the meeting exists (or they retry
 * and make a duplicate), and the host must still get the start link.
 */
export async function announceMeeting(deps: AnnounceMeetingDeps, a: Announcement): Promise<void> {
  let post = a.posted;
  // A record written since (by that earlier run) may already hold what webhooks added: it is kept.
  const alreadyRecorded = post !== undefined && (await deps.meetingPosts.get(post.meetingId)) !== undefined;
  if (!post) {
    try {
      post = await deps.publisher.postCard(a.requester, a.destination, a.meeting, a.request);
    } catch (error) {
      // No card, so no start link sent either: the private failure reply carries it.
      throw notFullyAnnounced(a.meeting, a.destination, 'card', false, error);
    }
    await a.onCardPosted(post);
  }
  // Each step runs whatever happened to the other. The record goes first, so once the start link
  // arrives the card can be edited or cancelled.
  const recorded = alreadyRecorded ? ({ ok: true } as const) : await settle(deps.meetingPosts.save(post));
  const linked = await settle(deps.publisher.sendStartLink(a.requester, post, a.destination, a.meeting));
  if (recorded.ok) await settle(deps.reminders.sync(post.meetingId));
  // The first problem is reported; the words add the start link whenever it did not arrive.
  if (!recorded.ok) throw notFullyAnnounced(a.meeting, a.destination, 'record', linked.ok, recorded.error);
  if (!linked.ok) throw notFullyAnnounced(a.meeting, a.destination, 'start-link', false, linked.error);
}

type Settled = { ok: true } | { ok: false; error: unknown };

async function settle(work: Promise<unknown>): Promise<Settled> {
  try {
    await work;
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

function notFullyAnnounced(meeting: ZoomMeeting, destination: Destination, problem: AnnounceProblem, startLinkSent: boolean, cause: unknown): AppError {
  const failure = toAppError(cause);
  return new AppError(
    'MEETING_NOT_FULLY_ANNOUNCED',
    `Zoom meeting ${meeting.id} was created, but the ${problem} step failed: ${failure.code} ${failure.message}`,
    {
      problem,
      topic: meeting.topic,
      channelId: destination.channelId,
      joinUrl: meeting.joinUrl,
      startUrl: meeting.startUrl,
      startLinkSent,
      ...(typeof failure.details.slackError === 'string' ? { slackError: failure.details.slackError } : {}),
    },
    { cause },
  );
}

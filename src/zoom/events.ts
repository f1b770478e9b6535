import { z } from 'zod';

/**
 * Zoom's meeting event notifications, normalised. Meeting `id` comes as a number in some events and a
 * string in others (and as `meeting_id` in summary events): always a string here. `event_ts` is epoch ms,
 * sometimes sent as a string. Other times are ISO-8601 strings, turned into epoch ms.
 */

export interface ParticipantEvent {
  /** Stable for one stay in the meeting: participant_uuid, else the user id, else the name (guests' user_id changes per join). */
  key: string;
  name: string;
  /** ms epoch of the join or the leave. */
  at: number;
}

export type ZoomMeetingEvent =
  | { kind: 'updated'; meetingId: string; eventTs: number }
  | { kind: 'deleted'; meetingId: string; eventTs: number; partial: boolean }
  | { kind: 'started'; meetingId: string; uuid: string; eventTs: number; startedAt?: number }
  | { kind: 'ended'; meetingId: string; uuid: string; eventTs: number; startedAt?: number; endedAt?: number }
  | { kind: 'joined' | 'left'; meetingId: string; uuid: string; eventTs: number; participant: ParticipantEvent }
  | { kind: 'recording'; meetingId: string; uuid: string; eventTs: number; shareUrl?: string; passcode?: string }
  | { kind: 'summary'; meetingId: string; uuid: string; eventTs: number };

export const MEETING_EVENTS = [
  'meeting.updated',
  'meeting.deleted',
  'meeting.started',
  'meeting.ended',
  'meeting.participant_joined',
  'meeting.participant_left',
  'recording.completed',
  'meeting.summary_completed',
] as const;

const id = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).transform(String);
const time = z
  .string()
  .optional()
  .transform((value) => {
    const ms = value ? Date.parse(value) : Number.NaN;
    return Number.isNaN(ms) ? undefined : ms;
  });
const text = z.string().optional().catch(undefined);
const eventTs = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number);

const envelope = z.object({ event: z.string(), event_ts: eventTs, payload: z.object({ object: z.record(z.string(), z.unknown()) }) });
const instance = z.object({ id, uuid: z.string().min(1), start_time: time, end_time: time });
const participant = z.object({
  user_name: text,
  user_id: z.union([z.string(), z.number()]).optional().catch(undefined),
  participant_uuid: text,
  id: text,
  join_time: time,
  leave_time: time,
});

/** The event, or undefined for one we do not act on (or that lacks what we need). */
export function parseMeetingEvent(body: unknown): ZoomMeetingEvent | undefined {
  const outer = envelope.safeParse(body);
  if (!outer.success) return undefined;
  const { event, event_ts: ts, payload } = outer.data;
  const object = payload.object;
  const read = <T extends z.ZodType>(schema: T): z.output<T> | undefined => {
    const parsed = schema.safeParse(object);
    return parsed.success ? parsed.data : undefined;
  };
  switch (event) {
    case 'meeting.updated': {
      const meeting = read(z.object({ id }));
      return meeting && { kind: 'updated', meetingId: meeting.id, eventTs: ts };
    }
    case 'meeting.deleted': {
      const meeting = read(z.object({ id, occurrences: z.array(z.unknown()).optional() }));
      return meeting && { kind: 'deleted', meetingId: meeting.id, eventTs: ts, partial: (meeting.occurrences?.length ?? 0) > 0 };
    }
    case 'meeting.started':
    case 'meeting.ended': {
      const meeting = read(instance);
      if (!meeting) return undefined;
      const base = { meetingId: meeting.id, uuid: meeting.uuid, eventTs: ts, startedAt: meeting.start_time };
      return event === 'meeting.started' ? { kind: 'started', ...base } : { kind: 'ended', ...base, endedAt: meeting.end_time };
    }
    case 'meeting.participant_joined':
    case 'meeting.participant_left': {
      const meeting = read(z.object({ id, uuid: z.string().min(1), participant }));
      if (!meeting) return undefined;
      const p = meeting.participant;
      const joined = event === 'meeting.participant_joined';
      const name = p.user_name?.trim() || 'Someone';
      const userId = p.user_id === undefined || p.user_id === '' ? undefined : String(p.user_id);
      const key = p.participant_uuid || (p.id ? `id:${p.id}` : undefined) || (userId ? `user:${userId}` : `name:${name}`);
      const at = (joined ? p.join_time : p.leave_time) ?? ts;
      return { kind: joined ? 'joined' : 'left', meetingId: meeting.id, uuid: meeting.uuid, eventTs: ts, participant: { key, name, at } };
    }
    case 'recording.completed': {
      const meeting = read(z.object({ id, uuid: z.string().min(1), share_url: text, password: text, recording_play_passcode: text }));
      return meeting && { kind: 'recording', meetingId: meeting.id, uuid: meeting.uuid, eventTs: ts, shareUrl: meeting.share_url, passcode: meeting.password || undefined };
    }
    case 'meeting.summary_completed': {
      const meeting = read(z.object({ meeting_id: id, meeting_uuid: z.string().min(1) }));
      return meeting && { kind: 'summary', meetingId: meeting.meeting_id, uuid: meeting.meeting_uuid, eventTs: ts };
    }
    default:
      return undefined;
  }
}

/** The idempotency key of an event: a redelivery (even with a fresh download token) is the same job. */
export function meetingEventKey(event: ZoomMeetingEvent): string {
  switch (event.kind) {
    case 'updated':
    case 'deleted':
      return `${event.kind}:${event.meetingId}:${event.eventTs}`;
    case 'joined':
    case 'left':
      return `${event.kind}:${event.uuid}:${event.participant.key}:${event.participant.at}`;
    default:
      return `${event.kind}:${event.uuid}`;
  }
}

/** A meeting UUID in a request path: encoded once, twice when it starts with "/" or contains "//" (Zoom's rule). */
export function meetingUuidPath(uuid: string): string {
  const once = encodeURIComponent(uuid);
  return uuid.startsWith('/') || uuid.includes('//') ? encodeURIComponent(once) : once;
}

import { createHmac, randomBytes } from 'node:crypto';
import type { Clock } from '../../src/clock.js';
import type { FakeInstance, FakeMeeting, FakeZoom } from './fakeZoom.js';

/**
 * Zoom's side of event subscriptions: builds events from the fake Zoom's meetings as Zoom shapes them
 * (id a string in started/ended/participant events and a number in updated/deleted/recording, summary
 * events by meeting_uuid, event_ts in ms, other times ISO) and delivers them as Zoom does: signed over the
 * raw body with the secret token, `x-zm-request-timestamp` in seconds, re-sent on a 5xx or a timeout
 * (3 retries), never on a 4xx.
 */

export const ZOOM_DELIVERY_TIMEOUT_MS = 3000;
export const ZOOM_RETRIES = 3;

export interface ZoomEventBody {
  event: string;
  event_ts: number;
  payload: { account_id: string; object: Record<string, unknown>; [key: string]: unknown };
  [key: string]: unknown;
}

export interface Delivery {
  status?: number;
  /** How long the endpoint took to answer (real ms). */
  ms: number;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function createZoomEvents(options: { zoom: FakeZoom; clock: Clock; secretToken: string; accountId: string }) {
  const { zoom, clock } = options;
  const body = (event: string, object: Record<string, unknown>, extra: Record<string, unknown> = {}): ZoomEventBody => ({
    event,
    event_ts: clock.now(),
    payload: { account_id: options.accountId, object },
    ...extra,
  });
  const meetingOf = (id: number): FakeMeeting => {
    const meeting = zoom.meeting(id);
    if (!meeting) throw new Error(`fake zoom: no meeting ${id}`);
    return meeting;
  };
  const instanceOf = (uuid: string): FakeInstance => {
    const instance = zoom.instances.get(uuid);
    if (!instance) throw new Error(`fake zoom: no instance ${uuid}`);
    return instance;
  };
  const instanceObject = (instance: FakeInstance) => {
    const meeting = meetingOf(instance.meetingId);
    return { id: String(meeting.id), uuid: instance.uuid, host_id: meeting.host_id, topic: meeting.topic, type: meeting.type, start_time: iso(instance.startedAt), timezone: meeting.timezone ?? '', duration: meeting.duration };
  };

  /** Posts once, as Zoom does one attempt. */
  async function post(url: string, event: ZoomEventBody, timeoutMs = ZOOM_DELIVERY_TIMEOUT_MS): Promise<Delivery> {
    const raw = JSON.stringify(event);
    const timestamp = String(Math.floor(clock.now() / 1000));
    const signature = `v0=${createHmac('sha256', options.secretToken).update(`v0:${timestamp}:${raw}`).digest('hex')}`;
    const started = performance.now();
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Zoom Marketplace/1.0a',
          'x-zm-request-timestamp': timestamp,
          'x-zm-signature': signature,
          'x-zm-trackingid': `v=2.0;clid=aw1;rid=${randomBytes(8).toString('hex')}`,
        },
        body: raw,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer();
      return { status: res.status, ms: performance.now() - started };
    } catch {
      return { ms: performance.now() - started }; // ReadTimeOut / ConnectionRefused
    }
  }

  return {
    post,
    /** Delivers until a 2xx (or a 3xx/4xx, which Zoom drops): the first attempt and up to 3 retries. Returns every attempt. */
    async deliver(url: string, event: ZoomEventBody): Promise<Delivery[]> {
      const attempts: Delivery[] = [];
      for (let i = 0; i <= ZOOM_RETRIES; i++) {
        const attempt = await post(url, event);
        attempts.push(attempt);
        if (attempt.status !== undefined && attempt.status < 500) break;
      }
      return attempts;
    },

    /** The meeting starts (a new instance, a new uuid; a uuid with "/" and "//" tests the encoding rule). */
    started(meetingId: number, options: { uuid?: string } = {}): ZoomEventBody {
      const uuid = options.uuid ?? randomBytes(16).toString('base64');
      const instance: FakeInstance = { uuid, meetingId, startedAt: clock.now() };
      zoom.instances.set(uuid, instance);
      return body('meeting.started', instanceObject(instance));
    },
    ended(uuid: string): ZoomEventBody {
      const instance = instanceOf(uuid);
      instance.endedAt = clock.now();
      return body('meeting.ended', { ...instanceObject(instance), end_time: iso(instance.endedAt) });
    },
    /** A person joins: `userId` changes on every join for a guest, `participantUuid` names the stay. */
    joined(uuid: string, person: { name: string; userId?: string; participantUuid?: string; registered?: boolean }): ZoomEventBody {
      const { id, uuid: u, host_id, topic, type, start_time, duration } = instanceObject(instanceOf(uuid));
      const participant = {
        user_id: person.userId ?? String(16_778_240 + Math.floor(Math.random() * 1e6)),
        user_name: person.name,
        id: person.registered ? `zu_${person.name.toLowerCase().replace(/\W/g, '')}` : '',
        ...(person.participantUuid ? { participant_uuid: person.participantUuid } : {}),
        join_time: iso(clock.now()),
        email: '',
      };
      return body('meeting.participant_joined', { id, uuid: u, host_id, topic, type, start_time, duration, participant });
    },
    left(joinedEvent: ZoomEventBody): ZoomEventBody {
      const object = joinedEvent.payload.object as Record<string, unknown> & { participant: Record<string, unknown> };
      const { join_time: _joined, ...participant } = object.participant;
      return body('meeting.participant_left', { ...object, participant: { ...participant, leave_time: iso(clock.now()), leave_reason: 'left the meeting' } });
    },
    /** A change made in Zoom: the meeting changes, the event carries the changed fields (id a number). */
    updated(meetingId: number, change: Partial<Pick<FakeMeeting, 'topic' | 'start_time' | 'duration' | 'agenda'>>): ZoomEventBody {
      const meeting = meetingOf(meetingId);
      const old = Object.fromEntries(Object.keys(change).map((key) => [key, meeting[key as keyof FakeMeeting]]));
      zoom.changeMeeting(meetingId, change);
      return {
        event: 'meeting.updated',
        event_ts: clock.now(),
        payload: { account_id: options.accountId, operator: 'host@example.com', operator_id: meeting.host_id, object: { id: meetingId, ...change }, old_object: { id: meetingId, ...old }, time_stamp: clock.now() },
      };
    },
    deleted(meetingId: number): ZoomEventBody {
      const meeting = zoom.removeMeeting(meetingId);
      return body('meeting.deleted', { uuid: meeting.uuid, id: meeting.id, host_id: meeting.host_id, topic: meeting.topic, type: meeting.type, start_time: meeting.start_time, duration: meeting.duration, timezone: meeting.timezone });
    },
    /** The cloud recording is ready: download_token at the top level (fresh on every delivery, as Zoom's retries differ in it). */
    recordingCompleted(uuid: string): ZoomEventBody {
      const instance = instanceOf(uuid);
      const meeting = meetingOf(instance.meetingId);
      instance.recording ??= { share_url: `https://zoom.us/rec/share/${randomBytes(12).toString('base64url')}`, password: 'Rec.Pass1', recording_play_passcode: randomBytes(16).toString('hex') };
      const { id: _id, ...object } = instanceObject(instance);
      return body(
        'recording.completed',
        { ...object, id: meeting.id, account_id: options.accountId, host_email: meeting.host_email, total_size: 1024, recording_count: 1, ...instance.recording, recording_files: [] },
        { download_token: randomBytes(24).toString('base64url') },
      );
    },
    /** The AI summary is ready; the REST call answers it. */
    summaryCompleted(uuid: string, summary: { overview: string; details: Array<{ label: string; summary: string }>; nextSteps: string[] }): ZoomEventBody {
      const instance = instanceOf(uuid);
      const meeting = meetingOf(instance.meetingId);
      instance.summary = { summary_title: meeting.topic, summary_overview: summary.overview, summary_details: summary.details, next_steps: summary.nextSteps, meeting_topic: meeting.topic };
      return body('meeting.summary_completed', {
        meeting_host_id: meeting.host_id,
        meeting_host_email: meeting.host_email,
        meeting_uuid: uuid,
        meeting_id: meeting.id,
        meeting_topic: meeting.topic,
        meeting_start_time: iso(instance.startedAt),
        meeting_end_time: iso(instance.endedAt ?? clock.now()),
        summary_title: meeting.topic,
      });
    },
  };
}

export type ZoomEvents = ReturnType<typeof createZoomEvents>;

import { codePointLength } from '../codePoints.js';
import { AppError } from '../errors.js';
import type { CreateMeetingInput, MeetingSettingsInput, UpdateMeetingPatch, ZoomWeekday } from './types.js';

/** Turns the app's meeting input into Zoom request bodies, enforcing Zoom's field rules before anything is sent. */

/** Text lengths in code points, as Zoom counts them (src/codePoints.ts). */
export const ZOOM_LIMITS = {
  topicChars: 200,
  agendaChars: 2000,
  minDurationMinutes: 1,
  maxDurationMinutes: 1440,
  passcodeChars: 10,
  maxOccurrences: 60,
} as const;

const PASSCODE = /^[A-Za-z0-9@_*-]+$/;
const WEEKDAYS: Record<string, ZoomWeekday> = { Sun: 1, Mon: 2, Tue: 3, Wed: 4, Thu: 5, Fri: 6, Sat: 7 };

function invalid(field: string, message: string): AppError {
  return new AppError('INVALID_REQUEST', message, { field });
}

/** Zoom's UTC form: `yyyy-MM-ddTHH:mm:ssZ` (no milliseconds). */
export function formatZoomTime(time: Date | number): string {
  const ms = time instanceof Date ? time.getTime() : time;
  if (!Number.isFinite(ms)) throw invalid('startTime', 'The start time is not a valid date and time. Please pick another.');
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function isValidTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Zoom weekday (1 = Sunday) of an instant, as seen in the given zone. */
export function zoomWeekday(time: Date | number, zone: string): ZoomWeekday {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short' }).format(time instanceof Date ? time : new Date(time));
  const day = WEEKDAYS[name];
  if (day === undefined) throw new AppError('INTERNAL', `Unexpected weekday ${name}`);
  return day;
}

function checkTopic(topic: string): string {
  const trimmed = topic.trim();
  if (trimmed === '') throw invalid('topic', 'Please give the meeting a topic.');
  if (codePointLength(trimmed) > ZOOM_LIMITS.topicChars) throw invalid('topic', `The topic can be at most ${ZOOM_LIMITS.topicChars} characters (Zoom's limit). Please shorten it.`);
  return trimmed;
}

function checkAgenda(agenda: string): string {
  if (codePointLength(agenda) > ZOOM_LIMITS.agendaChars) throw invalid('agenda', `The agenda can be at most ${ZOOM_LIMITS.agendaChars} characters (Zoom's limit). Please shorten it.`);
  return agenda;
}

function checkDuration(minutes: number): number {
  if (!Number.isInteger(minutes) || minutes < ZOOM_LIMITS.minDurationMinutes || minutes > ZOOM_LIMITS.maxDurationMinutes) {
    throw invalid('durationMinutes', 'The duration must be a whole number of minutes, from 1 minute to 24 hours.');
  }
  return minutes;
}

function checkTimeZone(zone: string): string {
  if (!isValidTimeZone(zone)) throw invalid('timezone', `Zoom does not know the time zone "${zone}". Please set your time zone in your Slack profile and try again.`);
  return zone;
}

/** Zoom puts the passcode fields at the top level of the meeting body and waiting_room under `settings`. */
function applySettings(body: Record<string, unknown>, settings: MeetingSettingsInput): void {
  if (settings.autoPasscode && settings.passcode !== undefined) throw invalid('passcode', 'Please choose either an automatic passcode or your own, not both.');
  // default_password: Zoom generates a passcode that satisfies the user's/account's passcode rules.
  if (settings.autoPasscode) body.default_password = true;
  if (settings.passcode !== undefined) {
    if (settings.passcode.length === 0 || settings.passcode.length > ZOOM_LIMITS.passcodeChars || !PASSCODE.test(settings.passcode)) {
      throw invalid('passcode', `A passcode has 1 to ${ZOOM_LIMITS.passcodeChars} characters: letters, digits and @ - _ *. Please pick another.`);
    }
    body.password = settings.passcode;
  }
  if (settings.waitingRoom !== undefined) body.settings = { waiting_room: settings.waitingRoom };
}

export function buildCreateMeetingBody(input: CreateMeetingInput): Record<string, unknown> {
  if (![1, 2, 8].includes(input.type)) throw invalid('type', 'Only meetings that start now, one-time meetings and weekly meetings can be scheduled from Slack.');
  const body: Record<string, unknown> = { topic: checkTopic(input.topic), type: input.type };
  if (input.agenda !== undefined && input.agenda !== '') body.agenda = checkAgenda(input.agenda);
  if (input.settings) applySettings(body, input.settings);
  if (input.type === 1) {
    if (input.recurrence) throw invalid('recurrence', 'A meeting that starts now cannot repeat. Pick a start time to schedule a weekly meeting.');
    return body;
  }

  if (input.startTime === undefined) throw invalid('startTime', 'Please say when the meeting starts.');
  if (input.durationMinutes === undefined) throw invalid('durationMinutes', 'Please say how long the meeting lasts.');
  if (input.timezone === undefined) throw invalid('timezone', 'I need your time zone to schedule the meeting. Please set one in your Slack profile and try again.');
  body.start_time = formatZoomTime(input.startTime);
  body.duration = checkDuration(input.durationMinutes);
  body.timezone = checkTimeZone(input.timezone);

  if (input.type === 2) {
    if (input.recurrence) throw invalid('recurrence', 'Only a weekly meeting can repeat.');
    return body;
  }

  const recurrence = input.recurrence;
  if (!recurrence) throw invalid('recurrence', 'Please say how many times the weekly meeting repeats.');
  const occurrences = recurrence.occurrences;
  if (!Number.isInteger(occurrences) || occurrences < 1 || occurrences > ZOOM_LIMITS.maxOccurrences) {
    throw invalid('recurrence', `A meeting can repeat 1 to ${ZOOM_LIMITS.maxOccurrences} times.`);
  }
  const days = recurrence.weeklyDays && recurrence.weeklyDays.length > 0 ? [...new Set(recurrence.weeklyDays)] : [zoomWeekday(input.startTime, input.timezone)];
  if (!days.every((d) => Number.isInteger(d) && d >= 1 && d <= 7)) throw invalid('recurrence', 'Please pick days of the week, Sunday to Saturday, for the meeting to repeat on.');
  // Zoom: recurrence.type 2 = weekly; end_times = number of occurrences.
  body.recurrence = { type: 2, repeat_interval: 1, weekly_days: days.sort((a, b) => a - b).join(','), end_times: occurrences };
  return body;
}

export function buildUpdateMeetingBody(patch: UpdateMeetingPatch): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (patch.topic !== undefined) body.topic = checkTopic(patch.topic);
  if (patch.agenda !== undefined) body.agenda = checkAgenda(patch.agenda);
  if (patch.startTime !== undefined) body.start_time = formatZoomTime(patch.startTime);
  if (patch.durationMinutes !== undefined) body.duration = checkDuration(patch.durationMinutes);
  if (patch.timezone !== undefined) body.timezone = checkTimeZone(patch.timezone);
  if (patch.settings !== undefined) applySettings(body, patch.settings);
  if (Object.keys(body).length === 0) throw invalid('meeting', 'There was nothing to change, so the meeting was left as it is.');
  return body;
}

/** Zoom meeting ids are digits; anything else would change the request path. */
export function checkMeetingId(meetingId: string | number): string {
  const id = String(meetingId);
  if (!/^\d{1,20}$/.test(id)) throw invalid('meetingId', "I can't find that meeting (its id is not a Zoom meeting id), so nothing was changed.");
  return id;
}

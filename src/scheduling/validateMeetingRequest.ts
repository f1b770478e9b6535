import { codePointLength } from '../codePoints.js';
import { AppError } from '../errors.js';
import { ZOOM_LIMITS } from '../zoom/meetingInput.js';
import type { MeetingRequest } from './types.js';

/** Zoom's own field limits (and ours), checked before calling Zoom so the user hears exactly what to fix. Text in code points, as Zoom counts. */
export const LIMITS = {
  topicMax: ZOOM_LIMITS.topicChars,
  agendaMax: ZOOM_LIMITS.agendaChars,
  durationMin: ZOOM_LIMITS.minDurationMinutes,
  durationMax: ZOOM_LIMITS.maxDurationMinutes,
  weeklyMin: 2,
  weeklyMax: 50,
  /** A start this far in the past is still accepted: the user typed "now-ish". */
  pastGraceMs: 60_000,
} as const;

export interface RequestProblem {
  field: 'topic' | 'agenda' | 'duration' | 'when' | 'recurrence';
  message: string;
}

/** Every rule the request breaks, so a form can mark all its bad fields at once. */
export function meetingRequestProblems(request: MeetingRequest, now: number): RequestProblem[] {
  const problems: RequestProblem[] = [];
  const topic = request.topic.trim();
  if (!topic) problems.push({ field: 'topic', message: 'Please give the meeting a topic.' });
  const topicLength = codePointLength(topic);
  if (topicLength > LIMITS.topicMax) problems.push({ field: 'topic', message: `The topic is ${topicLength} characters; Zoom allows at most ${LIMITS.topicMax}.` });
  const agendaLength = codePointLength(request.agenda ?? '');
  if (agendaLength > LIMITS.agendaMax) problems.push({ field: 'agenda', message: `The agenda is ${agendaLength} characters; Zoom allows at most ${LIMITS.agendaMax}.` });
  if (!Number.isInteger(request.durationMinutes) || request.durationMinutes < LIMITS.durationMin || request.durationMinutes > LIMITS.durationMax) {
    problems.push({ field: 'duration', message: 'The duration must be between 1 minute and 24 hours.' });
  }
  if (request.startTime !== undefined && request.startTime < now - LIMITS.pastGraceMs) {
    problems.push({ field: 'when', message: 'That time is in the past. Please pick a time in the future.' });
  }
  if (request.weeklyOccurrences !== undefined && (!Number.isInteger(request.weeklyOccurrences) || request.weeklyOccurrences < LIMITS.weeklyMin || request.weeklyOccurrences > LIMITS.weeklyMax)) {
    problems.push({ field: 'recurrence', message: `A weekly meeting can repeat ${LIMITS.weeklyMin} to ${LIMITS.weeklyMax} times.` });
  }
  return problems;
}

/** Throws INVALID_REQUEST (with details.field) for the first rule the request breaks. */
export function validateMeetingRequest(request: MeetingRequest, now: number): void {
  const [problem] = meetingRequestProblems(request, now);
  if (problem) throw new AppError('INVALID_REQUEST', problem.message, { field: problem.field });
}

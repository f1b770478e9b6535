import type { ViewOutput } from '@slack/bolt';
import { meetingRequestProblems, type RequestProblem } from '../../scheduling/validateMeetingRequest.js';
import type { Destination, MeetingRequest } from '../../scheduling/types.js';
import { ianaZone, resolveWallClock } from '../../scheduling/wallClock.js';
import { FORM_ACTION, FORM_BLOCKS, type ScheduleModalMetadata } from '../blocks/scheduleModal.js';

/** Inline errors keyed by block_id, as Slack's `response_action: errors` wants them. */
export type FormErrors = Record<string, string>;

export type ReadForm =
  | { ok: true; metadata: ScheduleModalMetadata; request: MeetingRequest & { startTime: number }; destination: Destination }
  | { ok: false; errors: FormErrors };

const FIELD_BLOCKS: Record<RequestProblem['field'], string> = {
  topic: FORM_BLOCKS.topic,
  agenda: FORM_BLOCKS.agenda,
  duration: FORM_BLOCKS.duration,
  when: FORM_BLOCKS.time,
  recurrence: FORM_BLOCKS.recurrence,
};

type StateValue = ViewOutput['state']['values'][string][string] & { response_urls?: unknown };

export function readMetadata(view: ViewOutput): ScheduleModalMetadata {
  return JSON.parse(view.private_metadata || '{}') as ScheduleModalMetadata;
}

/** What Slack sends for an input with `response_url_enabled`: one response_url per chosen channel. */
export interface FormResponseUrl {
  channel_id: string;
  response_url: string;
}

/**
 * Turns a submitted schedule (or edit) form into a request, or into inline errors. `responseUrls` is
 * the submission payload's top-level `response_urls` (Slack puts it beside the view, not inside it).
 */
export function readScheduleForm(view: ViewOutput, now: number, responseUrls: FormResponseUrl[] = []): ReadForm {
  const metadata = readMetadata(view);
  const field = (block: string): StateValue | undefined => view.state.values[block]?.[FORM_ACTION] as StateValue | undefined;
  const errors: FormErrors = {};

  const date = field(FORM_BLOCKS.date)?.selected_date ?? '';
  const time = field(FORM_BLOCKS.time)?.selected_time ?? '';
  const dateMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const timeMatch = /^(\d{2}):(\d{2})$/.exec(time);
  let startTime: number | undefined;
  if (!dateMatch) errors[FORM_BLOCKS.date] = 'Please pick a date.';
  if (!timeMatch) errors[FORM_BLOCKS.time] = 'Please pick a time.';
  if (dateMatch && timeMatch) {
    const resolved = resolveWallClock(
      { year: Number(dateMatch[1]), month: Number(dateMatch[2]), day: Number(dateMatch[3]), hour: Number(timeMatch[1]), minute: Number(timeMatch[2]) },
      ianaZone(metadata.timeZone),
    );
    if (resolved.kind === 'nonexistent') errors[FORM_BLOCKS.time] = `${time} does not exist on that day in ${metadata.timeZone}: the clocks change. Please pick another time.`;
    else startTime = resolved.ms;
  }

  const weeks = field(FORM_BLOCKS.recurrence)?.value;
  const reminder = field(FORM_BLOCKS.reminder)?.selected_option?.value;
  const options = new Set((field(FORM_BLOCKS.options)?.selected_options ?? []).map((option) => option.value));
  const channelId = metadata.channelId ?? field(FORM_BLOCKS.channel)?.selected_conversation ?? undefined;
  if (!channelId && !metadata.meetingId) errors[FORM_BLOCKS.channel] = 'Please pick a channel to post the meeting to.';

  const request: MeetingRequest = {
    topic: (field(FORM_BLOCKS.topic)?.value ?? '').trim(),
    startTime,
    durationMinutes: Number(field(FORM_BLOCKS.duration)?.selected_option?.value ?? 30),
    timeZone: metadata.timeZone,
    agenda: field(FORM_BLOCKS.agenda)?.value?.trim() || undefined,
    invitees: field(FORM_BLOCKS.invitees)?.selected_users ?? undefined,
    waitingRoom: options.has('waiting_room') || undefined,
    passcode: options.has('passcode') || undefined,
    weeklyOccurrences: weeks ? Number(weeks) : undefined,
    reminderMinutes: reminder !== undefined && /^\d{1,4}$/.test(reminder) ? Number(reminder) : undefined,
  };
  for (const problem of meetingRequestProblems(request, now)) {
    const block = FIELD_BLOCKS[problem.field];
    errors[block] ??= problem.message;
  }
  if (startTime === undefined || Object.keys(errors).length > 0) return { ok: false, errors };

  const responseUrl = responseUrls.find((entry) => entry.channel_id === channelId)?.response_url ?? metadata.responseUrl;
  return { ok: true, metadata, request: { ...request, startTime }, destination: { channelId: channelId ?? '', threadTs: metadata.threadTs, responseUrl } };
}

import { z } from 'zod';
import type { MeetingPage, ZoomAiSummary, ZoomMeeting, ZoomMeetingSummary, ZoomOccurrence, ZoomPastMeeting, ZoomUser } from './types.js';

/** What we accept from Zoom's REST responses, and how it maps to the app's shapes. Unknown fields are dropped. */

const zoomTime = z.string().transform((value, ctx) => {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `not a time: ${value}` });
    return z.NEVER;
  }
  return ms;
});

/** Zoom sends "" for some absent times (type 3 meetings). */
const optionalZoomTime = z.preprocess((v) => (v === '' || v === null ? undefined : v), zoomTime.optional());

const meetingId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform((id) => String(id));
const httpUrl = z.string().regex(/^https?:\/\//, 'must be an http(s) URL');

export const userSchema = z
  .object({
    id: z.string().min(1),
    account_id: z.string().min(1),
    email: z.string().min(1),
    first_name: z.string().optional().default(''),
    last_name: z.string().optional().default(''),
    display_name: z.string().optional(),
    timezone: z.string().optional(),
  })
  .transform(
    (u): ZoomUser => ({
      id: u.id,
      accountId: u.account_id,
      email: u.email,
      firstName: u.first_name,
      lastName: u.last_name,
      displayName: u.display_name || `${u.first_name} ${u.last_name}`.trim() || u.email,
      ...(u.timezone ? { timezone: u.timezone } : {}),
    }),
  );

const occurrenceSchema = z
  .object({
    occurrence_id: z.union([z.string(), z.number()]).transform((v) => String(v)),
    start_time: zoomTime,
    duration: z.number().int().nonnegative().optional().default(0),
    status: z.string().optional(),
  })
  .transform((o): ZoomOccurrence => ({ occurrenceId: o.occurrence_id, startTime: o.start_time, durationMinutes: o.duration, ...(o.status ? { status: o.status } : {}) }));

const summaryFields = {
  id: meetingId,
  uuid: z.string().optional(),
  host_id: z.string().optional(),
  topic: z.string(),
  type: z.number().int(),
  start_time: optionalZoomTime,
  duration: z.number().int().nonnegative().optional().default(0),
  timezone: z.string().optional(),
  agenda: z.string().optional(),
  created_at: optionalZoomTime,
  join_url: httpUrl,
};

function summaryOf(m: z.infer<z.ZodObject<typeof summaryFields>>): ZoomMeetingSummary {
  const out: ZoomMeetingSummary = { id: m.id, topic: m.topic, type: m.type, durationMinutes: m.duration, joinUrl: m.join_url };
  if (m.uuid) out.uuid = m.uuid;
  if (m.host_id) out.hostId = m.host_id;
  if (m.start_time !== undefined) out.startTime = m.start_time;
  if (m.timezone) out.timezone = m.timezone;
  if (m.agenda) out.agenda = m.agenda;
  if (m.created_at !== undefined) out.createdAt = m.created_at;
  return out;
}

export const meetingSchema = z
  .object({
    ...summaryFields,
    start_url: httpUrl,
    password: z.string().optional(),
    occurrences: z.array(occurrenceSchema).optional(),
  })
  .transform((m): ZoomMeeting => {
    const out: ZoomMeeting = { ...summaryOf(m), startUrl: m.start_url };
    if (m.password) out.password = m.password;
    if (m.occurrences && m.occurrences.length > 0) out.occurrences = m.occurrences;
    return out;
  });

export const meetingPageSchema = z
  .object({
    next_page_token: z.string().optional(),
    meetings: z.array(z.object(summaryFields).transform(summaryOf)).optional().default([]),
  })
  .transform((p): MeetingPage => (p.next_page_token ? { meetings: p.meetings, nextPageToken: p.next_page_token } : { meetings: p.meetings }));

export const pastMeetingSchema = z
  .object({ start_time: optionalZoomTime, end_time: optionalZoomTime, duration: z.number().int().nonnegative().optional() })
  .transform((m): ZoomPastMeeting => ({ startTime: m.start_time, endTime: m.end_time, durationMinutes: m.duration }));

const summaryText = z.string().optional().catch(undefined);

export const meetingSummarySchema = z
  .object({
    summary_title: summaryText,
    summary_overview: summaryText,
    summary_details: z.array(z.object({ label: summaryText, summary: summaryText })).optional().catch(undefined),
    next_steps: z.array(z.string()).optional().catch(undefined),
    edited_summary: z.object({ summary_details: z.array(z.object({ label: summaryText, summary: summaryText })).optional(), next_steps: z.array(z.string()).optional() }).optional().catch(undefined),
  })
  .transform((s): ZoomAiSummary => {
    // The host's own edits replace Zoom's text.
    const details = s.edited_summary?.summary_details ?? s.summary_details ?? [];
    return {
      overview: s.summary_overview || undefined,
      details: details.filter((d) => d.summary).map((d) => ({ label: d.label ?? '', summary: d.summary ?? '' })),
      nextSteps: (s.edited_summary?.next_steps ?? s.next_steps ?? []).filter((step) => step.trim() !== ''),
    };
  });

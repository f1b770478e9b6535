/**
 * Reads `/zoom new <topic> <when> [<duration>]` into a topic, an exact start instant and a length.
 *
 * chrono-node finds the `<when>` phrase, but only its wall-clock fields (year, month, day, hour,
 * minute) are trusted: the instant is built here from those fields in the user's IANA zone, because
 * chrono works with a single fixed offset (the one at "now") and gets times across a DST change wrong.
 */
import * as chrono from 'chrono-node';
import { DateTime, FixedOffsetZone, type Zone } from 'luxon';
import { AppError, type ErrorDetails } from '../errors.js';
import { LIMITS } from './validateMeetingRequest.js';
import { DEFAULT_DURATION_MINUTES, describeMinutes, findDuration, parseDurationMinutes } from './duration.js';
import { ianaZone, resolveWallClock, wallClockAt, type WallClock } from './wallClock.js';

export interface ParseContext {
  /** ms epoch */
  now: number;
  /** IANA zone of the user (Slack users.info `tz`). */
  timeZone: string;
  /** The length when the text names none (the user's setting); default DEFAULT_DURATION_MINUTES. */
  defaultDurationMinutes?: number;
}

export interface ParsedMeetingRequest {
  topic: string;
  /** ms epoch: the exact instant. */
  startTime: number;
  durationMinutes: number;
}

const USAGE = '`/zoom new Design review tomorrow 3pm 45m`';

type Span = [start: number, end: number];

/**
 * Throws AppError INVALID_REQUEST with details.field 'duration' | 'when' | 'topic'. Every 'when'
 * error also carries details.topic (and details.durationMinutes) so the caller can prefill a modal;
 * details.whenMissing marks text with no time in it at all (the caller opens the form instead).
 */
export function parseMeetingRequest(text: string, ctx: ParseContext): ParsedMeetingRequest {
  const zone = ianaZone(ctx.timeZone);

  // The length first, and blanked out (same length, so indices stay valid) before chrono sees it.
  const duration = findDuration(text);
  const durationMinutes = duration?.minutes ?? ctx.defaultDurationMinutes ?? DEFAULT_DURATION_MINUTES;
  if (durationMinutes < LIMITS.durationMin || durationMinutes > LIMITS.durationMax) {
    throw invalid(
      'duration',
      `A meeting can last from 1 minute to 24 hours; "${text.slice(duration!.start, duration!.end).trim()}" is ${describeMinutes(durationMinutes)}. ` +
        `Put the length last, e.g. ${USAGE} or \`... for 1h30m\`.`,
    );
  }
  const cuts: Span[] = duration ? [[duration.start, duration.end]] : [];

  const when = findWhen(blank(text, cuts), ctx.now, zone);
  const whenDetails = { topic: cleanTopic(text, cuts), durationMinutes };
  if (!when) {
    throw invalid('when', `I couldn't tell when the meeting starts. Add a day and time after the topic, e.g. ${USAGE} or \`/zoom new Standup in 2 hours\`.`, { ...whenDetails, whenMissing: true });
  }
  cuts.push([when.index, when.index + when.text.length]);
  const topic = cleanTopic(text, cuts);
  const startTime = startInstant(when, ctx, zone, { ...whenDetails, topic });

  if (!topic) {
    throw invalid('topic', `Add a topic before the time, e.g. ${USAGE}.`);
  }
  if (topic.length > LIMITS.topicMax) {
    throw invalid('topic', `The topic can be at most ${LIMITS.topicMax} characters (Zoom's limit); yours is ${topic.length}. Shorten it and try again.`);
  }
  return { topic, startTime, durationMinutes };
}

/** `Tue, Dec 5, 2026, 3:00 PM EST`, for messages to the user. */
export function formatInZone(ms: number, timeZone: string): string {
  return DateTime.fromMillis(ms, { zone: timeZone, locale: 'en-US' }).toFormat('EEE, MMM d, yyyy, h:mm a ZZZZ');
}

function invalid(field: 'topic' | 'when' | 'duration', message: string, details: ErrorDetails = {}): AppError {
  return new AppError('INVALID_REQUEST', message, { ...details, field });
}

const RELATIVE_MARKER = { prefix: /^(?:in|within)\s+/i, suffix: /\s+(?:from\s+now|later)$/i };

function isRelativeTime(result: FoundWhen): boolean {
  return result.tags().has('result/relativeDateAndTime');
}

/** A `<when>` phrase: where it stands in the text, and what chrono read in it. */
type FoundWhen = Pick<chrono.ParsedResult, 'index' | 'text' | 'start' | 'tags'>;

/** The `<when>` phrase: the last candidate with an explicit time, else the first (a date without time, reported as such). */
function findWhen(text: string, now: number, zone: Zone): FoundWhen | undefined {
  // chrono's reference: the real instant plus the user's offset now, so "today"/"tomorrow"/weekdays
  // are the user's days. forwardDate: "friday" is the coming one, "Dec 5" the next Dec 5.
  const reference = { instant: new Date(now), timezone: zone.offset(now) };
  const candidates = chrono.parse(text, reference, { forwardDate: true }).filter(
    // With forwardDate chrono reads a bare "2 hours" (e.g. in "Review 2 hours of footage") as a
    // start time; only "in 2 hours" / "2 hours from now" are meant as one.
    (r) => !isRelativeTime(r) || RELATIVE_MARKER.prefix.test(r.text) || RELATIVE_MARKER.suffix.test(r.text),
  );
  const chosen = candidates.filter((r) => r.start.isCertain('hour')).at(-1) ?? candidates[0];
  return chosen && joinSplitWhen(text, candidates, chosen, reference);
}

/** A time of day with no day, week day, month or year of its own. */
function isTimeOnly(result: FoundWhen): boolean {
  return !(['year', 'month', 'day', 'weekday'] as const).some((c) => result.start.isCertain(c));
}

/**
 * chrono splits a number before the day ("Sync 10 tomorrow 3pm") into "10 tomorrow" + "3pm", and the
 * time alone would lose its day. Re-read from each word before the time; the first start that reads
 * as one phrase with a day wins ("tomorrow 3pm"), leaving "Sync 10" as the topic.
 */
function joinSplitWhen(text: string, candidates: chrono.ParsedResult[], chosen: chrono.ParsedResult, reference: chrono.ParsingReference): FoundWhen {
  const earlier = candidates.filter((r) => r.index < chosen.index);
  if (!isTimeOnly(chosen) || earlier.length === 0) return chosen;
  const from = Math.min(...earlier.map((r) => r.index));
  const end = chosen.index + chosen.text.length;
  for (const word of text.slice(from, chosen.index).matchAll(/\S+/g)) {
    const start = from + word.index;
    const phrase = text.slice(start, end);
    const [only, ...rest] = chrono.parse(phrase, reference, { forwardDate: true });
    if (only && rest.length === 0 && only.index === 0 && only.text.length === phrase.length && !isTimeOnly(only)) {
      return { index: start, text: only.text, start: only.start, tags: () => only.tags() };
    }
  }
  return chosen;
}

function startInstant(when: FoundWhen, ctx: ParseContext, zone: Zone, details: ErrorDetails): number {
  const start = when.start;
  let ms: number;
  if (isRelativeTime(when)) {
    // "in 2 hours" is an exact length of time from now, whatever the clocks do meanwhile.
    const minutes = parseDurationMinutes(when.text.replace(RELATIVE_MARKER.prefix, '').replace(RELATIVE_MARKER.suffix, ''));
    // Forms only chrono knows ("in half an hour") fall back to its arithmetic, exact when the server's zone has no DST change in between.
    ms = minutes === null ? start.date().getTime() : ctx.now + minutes * 60_000;
  } else {
    if (!start.isCertain('hour')) {
      throw invalid('when', `"${when.text}" has no time of day. Add one, e.g. \`${when.text} 3pm\`.`, details);
    }
    // A bare "3pm" is today. chrono's forwardDate would quietly move a past "3pm" to tomorrow; we say it's past instead.
    const date = isTimeOnly(when) ? wallClockAt(ctx.now, zone) : { year: start.get('year')!, month: start.get('month')!, day: start.get('day')! };
    const wallClock: WallClock = { year: date.year, month: date.month, day: date.day, hour: start.get('hour')!, minute: start.get('minute') ?? 0 };
    // "3pm UTC": the user named an offset, so read the wall clock there.
    const explicitOffset = start.isCertain('timezoneOffset') ? start.get('timezoneOffset') : null;
    const readIn = explicitOffset === null ? zone : FixedOffsetZone.instance(explicitOffset);

    const resolved = resolveWallClock(wallClock, readIn);
    if (resolved.kind === 'nonexistent') {
      const asked = DateTime.fromObject(wallClock, { zone: 'utc', locale: 'en-US' }).toFormat('h:mm a \'on\' EEE, MMM d, yyyy');
      // luxon moves a skipped wall clock forward by the gap: a time that does exist, to suggest.
      const shown = DateTime.fromObject(wallClock, { zone: readIn, locale: 'en-US' });
      throw invalid(
        'when',
        `${asked} does not exist in ${ctx.timeZone}: the clocks jump forward that night (daylight saving time). ` +
          `Pick a time outside the skipped hour, e.g. \`${shown.toFormat('h:mma').toLowerCase()}\`.`,
        details,
      );
    }
    // 'ambiguous' (clocks went back, e.g. 01:30 on the US fall-back day happens twice): we take the
    // earlier occurrence, still on summer time, which is what resolveWallClock returns.
    ms = resolved.ms;
  }

  if (ms < ctx.now - LIMITS.pastGraceMs) {
    throw invalid('when', `That time is in the past (${formatInZone(ms, ctx.timeZone)}). Pick a future time, e.g. \`tomorrow 3pm\` or \`in 2 hours\`.`, details);
  }
  return ms;
}

/** The text with the spans replaced by spaces, so indices found in it still fit the original. */
function blank(text: string, spans: Span[]): string {
  let out = text;
  for (const [start, end] of spans) out = out.slice(0, start) + ' '.repeat(end - start) + out.slice(end);
  return out;
}

const EDGE_PUNCTUATION = String.raw`[\s,;\-–—]`;
const LEADING_CONNECTORS = new RegExp(String.raw`^(?:${EDGE_PUNCTUATION}|(?:at|on|for)(?=\s|$))+`, 'i');
const TRAILING_CONNECTORS = new RegExp(String.raw`(?:${EDGE_PUNCTUATION}|(?<=^|\s)(?:at|on|for))+$`, 'i');

/**
 * What is left of the text once the spans are cut: connector words/punctuation next to a cut are
 * dropped ("Sync at ⟨3pm⟩", "⟨tomorrow 3pm⟩ - Retro"), whitespace collapsed. Connectors are only
 * trimmed next to a cut so a topic like "On-call handoff" keeps its first word.
 */
function cleanTopic(text: string, spans: Span[]): string {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const pieces: string[] = [];
  let pos = 0;
  for (const [start, end] of [...sorted, [text.length, text.length] as Span]) {
    let piece = text.slice(pos, start);
    if (pos > 0) piece = piece.replace(LEADING_CONNECTORS, '');
    if (start < text.length) piece = piece.replace(TRAILING_CONNECTORS, '');
    pieces.push(piece);
    pos = Math.max(pos, end);
  }
  return pieces
    .join(' ')
    .replace(/\s+/g, ' ')
    .replace(new RegExp(`^${EDGE_PUNCTUATION}+|${EDGE_PUNCTUATION}+$`, 'g'), '');
}

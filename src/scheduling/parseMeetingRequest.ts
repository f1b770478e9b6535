/**
 * Reads `/zoom new <topic> <when> [<duration>]` into a topic, an exact start instant and a length,
 * and says when that reading is not certain enough to act on without asking.
 *
 * chrono-node (extended in ./reading/englishParsers.ts) finds the `<when>` phrase, but only its
 * wall-clock fields (year, month, day, hour, minute) are trusted: the instant is built here from those
 * fields in the user's IANA zone, because chrono works with a single fixed offset (the one at "now")
 * and gets times across a DST change wrong. Recognizers-Text reads the same words a second time.
 */
import type * as chrono from 'chrono-node';
import { DateTime, FixedOffsetZone, type Zone } from 'luxon';
import { AppError, isAppError, type ErrorDetails } from '../errors.js';
import { LIMITS } from './validateMeetingRequest.js';
import { DEFAULT_DURATION_MINUTES, describeMinutes, findDuration, parseDurationMinutes } from './duration.js';
import { ianaZone, resolveWallClock, wallClockAt, type WallClock } from './wallClock.js';
import { englishChrono, OWN_PARSER_TAG } from './reading/englishParsers.js';
import { leftoverTimeWord, type TextPiece } from './reading/leftoverTimeWords.js';
import { secondReadingAgrees } from './reading/secondReading.js';

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
  /**
   * Why this reading must be confirmed by the user before anything is created (words left unread,
   * the two readings disagree, the weekday contradicts the date, the hour is ambiguous…); absent
   * when the reading is certain.
   */
  doubt?: string;
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

  // "tomorrow @ 3pm": chrono reads no "@"; a blank keeps the indices.
  const blanked = blank(text, cuts).replace(/@(?=\s*\d)/g, ' ');
  const when = findWhen(blanked, ctx.now, zone);
  const whenDetails = { topic: cleanTopic(text, cuts), durationMinutes };
  if (!when) {
    throwIfNotATime(blanked, whenDetails);
    throw invalid('when', `I couldn't tell when the meeting starts. Add a day and time after the topic, e.g. ${USAGE} or \`/zoom new Standup in 2 hours\`.`, { ...whenDetails, whenMissing: true });
  }
  const span: Span = [when.index, when.index + when.text.length];
  const pieces = piecesAround(blanked, span, /^\d{4}-\d{2}-\d{2}/.test(when.text));
  cuts.push(span);
  const topic = cleanTopic(text, cuts);
  throwIfNotATime(pieces.map((p) => p.text).join(' '), { ...whenDetails, topic });
  const leftover = leftoverTimeWord(pieces);
  let reading: StartReading;
  try {
    reading = startInstant(when, ctx, zone, { ...whenDetails, topic });
  } catch (error) {
    // With words about time left unread, "in the past" or "no time of day" would blame the wrong words.
    if (!leftover || !isAppError(error, 'INVALID_REQUEST')) throw error;
    throw invalid('when', `I couldn't read "${leftover}" as part of the time. Write the day and time plainly, e.g. ${USAGE}.`, { ...whenDetails, topic });
  }
  const startTime = reading.ms;

  if (!topic) {
    throw invalid('topic', `Add a topic before the time, e.g. ${USAGE}.`);
  }
  if (topic.length > LIMITS.topicMax) {
    throw invalid('topic', `The topic can be at most ${LIMITS.topicMax} characters (Zoom's limit); yours is ${topic.length}. Shorten it and try again.`);
  }
  const doubt = (leftover && `I'm not sure what "${leftover}" means for the time.`) || reading.doubt || doubtAbout(when, reading.wallClock, ctx, zone);
  return doubt ? { topic, startTime, durationMinutes, doubt } : { topic, startTime, durationMinutes };
}

/**
 * Pays both engines' one-time cost (their patterns compile on first use: about a second of CPU for
 * Recognizers-Text, less for chrono) before the server takes requests, so it never stalls the event
 * loop while a Slack ack is due.
 */
export function warmUpReading(now: number): void {
  for (const text of ['Sync tomorrow at 3pm', 'Sync friday at 10am', 'Sync next monday 9:30 am', 'Sync Dec 5 at noon', 'Sync the 15th at 3pm', 'Sync in 2 hours']) {
    try {
      parseMeetingRequest(text, { now, timeZone: 'UTC' });
    } catch {
      // A warm-up text read as past or doubtful has still compiled what it needed.
    }
  }
}

/**
 * The topic when the text names no time at all ('' when empty); undefined when it has one to read.
 * Cheap (no second reading), for deciding before any slow step whether `/zoom new` opens the form.
 */
export function topicWithoutTime(text: string, now: number): string | undefined {
  if (!text.trim()) return '';
  const duration = findDuration(text);
  const cuts: Span[] = duration ? [[duration.start, duration.end]] : [];
  // The zone does not matter for telling whether a time is present at all.
  return findWhen(blank(text, cuts), now, ianaZone('UTC')) ? undefined : cleanTopic(text, cuts);
}

/** `Tue, Feb 12, 3:15 PM`: a start as the user reads it in their zone (buttons, confirmations). */
export function formatStart(ms: number, timeZone: string): string {
  return DateTime.fromMillis(ms, { zone: timeZone, locale: 'en-US' }).toFormat('EEE, MMM d, h:mm a');
}

/** `Berlin time`, `Kolkata time`: the user's zone by its city, as people say it. */
export function zoneLabel(timeZone: string): string {
  return `${(timeZone.split('/').at(-1) ?? timeZone).replace(/_/g, ' ')} time`;
}

/** "25pm", "3:75": a clock that is no time of day, named as such rather than read around. */
function throwIfNotATime(text: string, details: ErrorDetails): void {
  for (const match of text.matchAll(/(?<![\w:])(\d{1,3})(?::(\d{1,3}))?\s*([ap]\.?m\.?)?(?![\w:])/gi)) {
    const [said, hour, minute, meridiem] = [match[0].trim(), Number(match[1]), match[2], match[3]];
    const badMinute = minute !== undefined && Number(minute) > 59;
    const badHour = meridiem ? hour < 1 || hour > 12 : minute !== undefined && hour > 24;
    if (badHour || badMinute) {
      throw invalid('when', `"${said}" is not a time of day. Use e.g. \`3pm\`, \`3:30pm\` or \`15:30\`.`, details);
    }
  }
}

/** The text before and after the `<when>` phrase; a number before a full ISO date is no part of it ("Bench 24 2026-12-03"). */
function piecesAround(text: string, [start, end]: Span, startsWithIsoDate: boolean): TextPiece[] {
  return [
    { text: text.slice(0, start), beforeReading: !startsWithIsoDate, afterReading: false },
    { text: text.slice(end), beforeReading: false, afterReading: true },
  ];
}

const NEXT_WEEKDAY = /\bnext\s+(mon|tue|wed|thu|fri|sat|sun)[a-z]*/i;
const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Why the reading must be confirmed, if it must. */
function doubtAbout(when: FoundWhen, wallClock: WallClock, ctx: ParseContext, zone: Zone): string | undefined {
  const start = when.start;
  const today = wallClockAt(ctx.now, zone);
  if (start.isCertain('weekday') && start.isCertain('day')) {
    const date = DateTime.fromObject({ year: wallClock.year, month: wallClock.month, day: wallClock.day }, { zone: 'utc', locale: 'en-US' });
    if (date.weekday % 7 !== start.get('weekday')) return `${date.toFormat('MMM d, yyyy')} is a ${date.toFormat('cccc')}, not the weekday you wrote.`;
  }
  const next = NEXT_WEEKDAY.exec(when.text);
  if (next) {
    const todayIndex = DateTime.fromObject(today, { zone: 'utc' }).weekday - 1;
    // "next friday" said on a Monday: this week's Friday or the one after? Said on a Saturday, only one is meant.
    if (WEEKDAY_NAMES.indexOf(next[1]!.toLowerCase()) > todayIndex) return `"${next[0]}" could mean this week's or next week's.`;
  }
  const numeric = /(?<![\w/.-])(\d{1,2})[/-](\d{1,2})(?![\w/.-]|[/-]\d)/.exec(when.text);
  if (numeric && Number(numeric[1]) <= 12 && Number(numeric[2]) <= 12 && numeric[1] !== numeric[2]) {
    return `"${numeric[0]}" could be a month then a day, or a day then a month.`;
  }
  // Our own parsers read forms Recognizers-Text is measured wrong on; an exact "in <length>" is plain arithmetic.
  const ownReading = when.tags().has(OWN_PARSER_TAG) || (isRelativeTime(when) && exactRelativeMinutes(when) !== null);
  if (!ownReading && !secondReadingAgrees(when.text, today, wallClock, isTimeOnly(when))) return `I'm not sure I read "${when.text.trim()}" right.`;
  return undefined;
}

/** `Tue, Dec 5, 2026, 3:00 PM EST`, for messages to the user. */
export function formatInZone(ms: number, timeZone: string): string {
  return DateTime.fromMillis(ms, { zone: timeZone, locale: 'en-US' }).toFormat('EEE, MMM d, yyyy, h:mm a ZZZZ');
}

function invalid(field: 'topic' | 'when' | 'duration', message: string, details: ErrorDetails = {}): AppError {
  return new AppError('INVALID_REQUEST', message, { ...details, field });
}

const RELATIVE_MARKER = { prefix: /^(?:in|within)\s+/i, suffix: /\s+(?:from\s+now|later)$/i };

/** The minutes of an "in <length>" / "<length> from now" phrase written as a plain length; null otherwise. */
function exactRelativeMinutes(when: FoundWhen): number | null {
  return parseDurationMinutes(when.text.replace(RELATIVE_MARKER.prefix, '').replace(RELATIVE_MARKER.suffix, ''));
}

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
  const reader = englishChrono(wallClockAt(now, zone));
  const candidates = reader.parse(text, reference, { forwardDate: true }).filter(
    // With forwardDate chrono reads a bare "2 hours" (e.g. in "Review 2 hours of footage") as a
    // start time; only "in 2 hours" / "2 hours from now" are meant as one.
    (r) => !isRelativeTime(r) || RELATIVE_MARKER.prefix.test(r.text) || RELATIVE_MARKER.suffix.test(r.text),
  );
  const chosen = candidates.filter((r) => r.start.isCertain('hour')).at(-1) ?? candidates[0];
  return chosen && joinSplitWhen(reader, text, candidates, chosen, reference);
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
function joinSplitWhen(reader: chrono.Chrono, text: string, candidates: chrono.ParsedResult[], chosen: chrono.ParsedResult, reference: chrono.ParsingReference): FoundWhen {
  const earlier = candidates.filter((r) => r.index < chosen.index);
  if (!isTimeOnly(chosen) || earlier.length === 0) return chosen;
  const from = Math.min(...earlier.map((r) => r.index));
  const end = chosen.index + chosen.text.length;
  for (const word of text.slice(from, chosen.index).matchAll(/\S+/g)) {
    const start = from + word.index;
    const phrase = text.slice(start, end);
    const [only, ...rest] = reader.parse(phrase, reference, { forwardDate: true });
    if (only && rest.length === 0 && only.index === 0 && only.text.length === phrase.length && !isTimeOnly(only)) {
      return { index: start, text: only.text, start: only.start, tags: () => only.tags() };
    }
  }
  return chosen;
}

/** The start as read: the instant, the wall clock named (in the zone it was named in), and a reason to ask, if any. */
interface StartReading {
  ms: number;
  wallClock: WallClock;
  doubt?: string;
}

/** An hour said without am/pm: 9–11 are work mornings, 12 is noon; 1–8 are asked, offered as PM for 1–6. */
function hourWithoutMeridiem(when: FoundWhen, hour: number): { hour: number; doubt?: string } {
  const start = when.start;
  // "08:30" written with its zero, or 13–23, is a 24-hour clock.
  const clock24 = /(?<!\d)(?:0\d|1\d|2[0-3])[:.h]?[0-5]\d(?!\d)/.test(when.text) || hour === 0 || hour > 12;
  if (start.isCertain('meridiem') || start.isCertain('timezoneOffset') || clock24 || hour >= 9) return { hour };
  const offered = hour <= 6 ? hour + 12 : hour;
  return { hour: offered, doubt: `I'm not sure whether ${hour} means ${hour} AM or ${hour} PM.` };
}

function startInstant(when: FoundWhen, ctx: ParseContext, zone: Zone, details: ErrorDetails): StartReading {
  const start = when.start;
  if (isRelativeTime(when)) {
    // "in 2 hours" is an exact length of time from now, whatever the clocks do meanwhile.
    const minutes = exactRelativeMinutes(when);
    // Forms only chrono knows ("in half an hour") fall back to its arithmetic, exact when the server's zone has no DST change in between.
    const ms = minutes === null ? start.date().getTime() : ctx.now + minutes * 60_000;
    return { ms, wallClock: wallClockAt(ms, zone) };
  }
  if (!start.isCertain('hour')) {
    throw invalid('when', `"${when.text}" has no time of day. Add one, e.g. \`${when.text} 3pm\`.`, details);
  }
  // A bare "3pm" is today. chrono's forwardDate would quietly move a past "3pm" to tomorrow; we say it's past instead.
  const date = isTimeOnly(when) ? wallClockAt(ctx.now, zone) : { year: start.get('year')!, month: start.get('month')!, day: start.get('day')! };
  const { hour, doubt: hourDoubt } = hourWithoutMeridiem(when, start.get('hour')!);
  const wallClock: WallClock = { year: date.year, month: date.month, day: date.day, hour, minute: start.get('minute') ?? 0 };
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
  const ms = resolved.ms;
  if (ms < ctx.now - LIMITS.pastGraceMs) {
    throw invalid('when', `That time is in the past (${formatInZone(ms, ctx.timeZone)}). Pick a future time, e.g. \`tomorrow 3pm\` or \`in 2 hours\`.`, details);
  }
  // The clocks go back (01:30 on the US fall-back day happens twice): the earlier one, still on
  // summer time, is offered, and asked.
  const shown = DateTime.fromMillis(ms, { zone: readIn, locale: 'en-US' });
  const repeated = resolved.kind === 'ambiguous' ? `${shown.toFormat('h:mm a')} happens twice that night in ${ctx.timeZone}: the clocks go back an hour.` : undefined;
  // "midnight" on a day: the night before it or the one after?
  const midnight = /\bmidnight\b/i.test(when.text) && hour === 0 ? `"${when.text.trim()}" could be the start or the end of that day.` : undefined;
  const doubt = repeated ?? midnight ?? hourDoubt;
  return doubt ? { ms, wallClock, doubt } : { ms, wallClock };
}

/** The text with the spans replaced by spaces, so indices found in it still fit the original. */
function blank(text: string, spans: Span[]): string {
  let out = text;
  for (const [start, end] of spans) out = out.slice(0, start) + ' '.repeat(end - start) + out.slice(end);
  return out;
}

const EDGE_PUNCTUATION = String.raw`[\s,;\-–—]`;
const LEADING_CONNECTORS = new RegExp(String.raw`^(?:${EDGE_PUNCTUATION}|(?:at|on|for)(?=\s|$))+`, 'i');
const TRAILING_CONNECTORS = new RegExp(String.raw`(?:${EDGE_PUNCTUATION}|(?<=^|\s)(?:at|on|for|the))+$`, 'i');

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

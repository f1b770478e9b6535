/**
 * Meeting-length phrases in a `/zoom new` text: `30m`, `45 mins`, `1h`, `2 hours`, `1h30m`, `1h30`, `1h 30m`,
 * `90 minutes`, `1.5h`, `for 1h`, `for an hour`, `for half an hour`.
 *
 * The length is found and cut out BEFORE the text reaches chrono: with `forwardDate` chrono reads a
 * bare `30m` or `for 1h` as "30 minutes / 1 hour from now" and would take it for the start time.
 */

export const DEFAULT_DURATION_MINUTES = 30;

const NUMBER = String.raw`\d+(?:\.\d+)?`;
/** After `for` only: `a`/`an`/`one` as whole words (`for an hour`), never bare (`Sync with Anh`, `in half an hour`). */
const WORD_NUMBER = String.raw`(?:an?|one)\s+`;
const HOURS = String.raw`h(?:(?:ou)?rs?)?`; // h, hr, hrs, hour, hours
const MINUTES = String.raw`m(?:in(?:ute)?s?)?`; // m, min, mins, minute, minutes
const HALF_HOUR = String.raw`half\s+an?\s+hour`;

/** Minutes glued to `h` without their unit: the `30` of `1h30`. */
const GLUED_MINUTES = String.raw`[0-5]\d`;

/** Hours with optional minutes (`1h30m`, `1h30`, `2 hours 45m`), or minutes alone. Groups: hours part, gap, minutes part, minutes alone. */
function durationPattern(hourNumber: string): string {
  return String.raw`(?:(${hourNumber}${HOURS})(?:(\s*)(${NUMBER}\s*${MINUTES})|(?<=h)(${GLUED_MINUTES}))?|(${NUMBER}\s*${MINUTES}))`;
}
/** A number must not be glued to a preceding word/number (`Q4h`, `12:30m`), and the unit must end the word. */
const BEFORE = String.raw`(?<![\w.:])`;
const AFTER = String.raw`(?![\w.])`;

const EXACT = new RegExp(String.raw`^\s*(?:(${NUMBER}\s*|${WORD_NUMBER})${HOURS})?\s*(?:(${NUMBER})\s*${MINUTES}|(?<=h)(${GLUED_MINUTES}))?\s*$`, 'i');
const FOR_DURATION = new RegExp(
  String.raw`\bfor\s+(?:${durationPattern(String.raw`(?:${NUMBER}\s*|${WORD_NUMBER})`)}|${HALF_HOUR})${AFTER}`,
  'gid',
);
const TRAILING_DURATION = new RegExp(String.raw`${BEFORE}${durationPattern(String.raw`${NUMBER}\s*`)}\s*$`, 'id');
const RELATIVE_PREFIX = /\b(?:in|within)\s*$/i;
const EXACT_HALF_HOUR = new RegExp(String.raw`^\s*${HALF_HOUR}\s*$`, 'i');

function toNumber(word: string): number {
  return /^\s*(?:an?|one)\s*$/i.test(word) ? 1 : Number(word);
}

/** Minutes in a phrase that is nothing but a length (`1h 30m`, `an hour`, `90 minutes`); null otherwise. */
export function parseDurationMinutes(phrase: string): number | null {
  if (EXACT_HALF_HOUR.test(phrase)) return 30;
  const match = EXACT.exec(phrase);
  if (!match || (match[1] === undefined && match[2] === undefined)) return null;
  const hours = match[1] === undefined ? 0 : toNumber(match[1]);
  const minutes = Number(match[2] ?? match[3] ?? 0);
  return Math.round(hours * 60 + minutes);
}

export interface FoundDuration {
  minutes: number;
  /** Span of the phrase in the text, `for` included, to be cut out. */
  start: number;
  end: number;
}

/**
 * Finds the meeting length: the last `for <length>` anywhere, else a bare length at the very end
 * (`<topic> <when> [<duration>]`). A trailing length right after `in`/`within` is the start
 * (`in 2 hours`), except that a separate minutes part is the length: `in 2 hours 45m` starts in
 * 2 hours for 45 minutes (a glued `in 1h30m` stays one start offset).
 */
export function findDuration(text: string): FoundDuration | null {
  const forMatches = [...text.matchAll(FOR_DURATION)];
  const lastFor = forMatches.at(-1);
  if (lastFor?.indices) {
    const [start, end] = lastFor.indices[0]!;
    return { minutes: parseDurationMinutes(lastFor[0].replace(/^for\s+/i, ''))!, start, end };
  }

  const trailing = TRAILING_DURATION.exec(text);
  if (!trailing?.indices) return null;
  const [start, end] = trailing.indices[0]!;
  if (!RELATIVE_PREFIX.test(text.slice(0, start))) {
    return { minutes: parseDurationMinutes(trailing[0])!, start, end };
  }
  const [gap, minutesPart] = [trailing[2], trailing.indices[3]];
  if (gap && minutesPart) {
    return { minutes: parseDurationMinutes(trailing[3]!)!, start: minutesPart[0], end };
  }
  return null;
}

/** `90` → `1 hour 30 minutes`, for messages. */
export function describeMinutes(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return plural(minutes, 'minute');
  return rest === 0 ? plural(hours, 'hour') : `${plural(hours, 'hour')} ${plural(rest, 'minute')}`;
}

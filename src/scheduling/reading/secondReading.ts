/**
 * A second, independent reading of the same words by Microsoft's Recognizers-Text, to confirm
 * chrono's. The two engines fail on different phrasings (measured on the corpus in
 * test/fixtures/meeting-times/), so a start both agree on is trusted and any disagreement is asked.
 */
import { Culture, DateTimeRecognizer } from '@microsoft/recognizers-text-date-time';
import type { WallClock } from '../wallClock.js';

interface Resolution {
  type?: string;
  value?: string;
}

/** Built once: the recognizer compiles its patterns on first use (about a second), then reads in milliseconds. */
let model: ReturnType<DateTimeRecognizer['getDateTimeModel']> | undefined;

function dateTimeModel() {
  model ??= new DateTimeRecognizer(Culture.English).getDateTimeModel();
  return model;
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayKey = (w: WallClock) => `${w.year}-${pad(w.month)}-${pad(w.day)}`;
const timeKey = (w: WallClock) => `${pad(w.hour)}:${pad(w.minute)}`;

/**
 * Whether Recognizers-Text, reading the `<when>` phrase with the user's wall clock `now`, finds the
 * start `reading`. Every one of its readings in the phrase must allow it; a range, a recurrence or a
 * length there is a different meaning, so no.
 */
export function secondReadingAgrees(phrase: string, now: WallClock, reading: WallClock, timeOnly: boolean): boolean {
  // The recognizer reads a JS Date's local fields: give it the user's wall clock as this process's local time.
  const reference = new Date(now.year, now.month - 1, now.day, now.hour, now.minute);
  // The phrase alone (words around it are checked apart): runs of blanks change what the recognizer reads.
  const found = dateTimeModel().parse(phrase.trim(), reference);
  if (found.length === 0) return false;
  const dateTimes = new Set<string>();
  const days = new Set<string>();
  const times = new Set<string>();
  for (const result of found) {
    const kind = result.typeName.replace(/^datetimeV2\./, '');
    const values = ((result.resolution as { values?: Resolution[] } | undefined)?.values ?? []).map((v) => v.value ?? '');
    if (kind === 'datetime') values.forEach((v) => dateTimes.add(v.slice(0, 16)));
    else if (kind === 'date') values.forEach((v) => days.add(v));
    else if (kind === 'time') values.forEach((v) => times.add(v.slice(0, 5)));
    else return false;
  }
  if (dateTimes.has(`${dayKey(reading)} ${timeKey(reading)}`)) return true;
  if (!times.has(timeKey(reading))) return false;
  return days.has(dayKey(reading)) || (timeOnly && days.size === 0 && dateTimes.size === 0);
}

/**
 * Time-zone facts Slack reports on user objects (tz_offset, tz_label), computed with Intl only,
 * so DST is handled the way Slack does: the offset is the one in force at the given instant.
 */

/** Throws RangeError for an unknown IANA zone, so a typo in a test seed fails at seeding time. */
export function assertTimeZone(timeZone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone });
}

/** Offset from UTC in seconds for `timeZone` at instant `atMs` (e.g. -25200 for PDT, -28800 for PST). */
export function tzOffsetSeconds(timeZone: string, atMs: number = Date.now()): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(atMs);
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  // The zone's wall-clock reading, reinterpreted as if it were UTC, minus the real instant = the offset.
  const wallAsUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const wholeSecondMs = Math.floor(atMs / 1000) * 1000;
  return Math.round((wallAsUtc - wholeSecondMs) / 1000);
}

/** Slack-style label for the zone at that instant, e.g. "Pacific Daylight Time". */
export function tzLabel(timeZone: string, atMs: number = Date.now()): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'long' })
    .formatToParts(atMs)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

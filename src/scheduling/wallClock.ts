/**
 * Wall-clock time (what a clock on the user's wall shows) ↔ instants, done explicitly so DST gaps
 * and overlaps are decided here and not by whatever a library does silently.
 */
import { DateTime, IANAZone, type Zone } from 'luxon';
import { AppError } from '../errors.js';

export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export type WallClockInstant =
  | { kind: 'exact'; ms: number }
  /** The clocks went back: the time happened twice; ms is the earlier one. */
  | { kind: 'ambiguous'; ms: number }
  /** The clocks jumped over it (spring forward). */
  | { kind: 'nonexistent' };

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** The IANA zone, or an AppError: a bad zone is our bug (Slack sends valid IANA names), not the user's. */
export function ianaZone(timeZone: string): IANAZone {
  if (!IANAZone.isValidZone(timeZone)) {
    throw new AppError('INTERNAL', `Unknown time zone "${timeZone}".`, { timeZone });
  }
  return IANAZone.create(timeZone);
}

/** Which instant(s) show `wallClock` in `zone`. */
export function resolveWallClock(wallClock: WallClock, zone: Zone): WallClockInstant {
  const { year, month, day, hour, minute } = wallClock;
  const asIfUtc = Date.UTC(year, month - 1, day, hour, minute);
  // Every offset in force within a day either side; an instant is a solution when the zone really
  // has offset o at (wall clock − o). Zero solutions = gap, two = overlap.
  const offsets = new Set([asIfUtc - DAY_MS, asIfUtc, asIfUtc + DAY_MS].map((ts) => zone.offset(ts)));
  const solutions = [...offsets]
    .map((offset) => asIfUtc - offset * MINUTE_MS)
    .filter((ms) => zone.offset(ms) * MINUTE_MS === asIfUtc - ms)
    .sort((a, b) => a - b);
  const first = solutions[0];
  if (first === undefined) return { kind: 'nonexistent' };
  return { kind: solutions.length > 1 ? 'ambiguous' : 'exact', ms: first };
}

/** The wall clock at an instant in a zone. */
export function wallClockAt(ms: number, zone: Zone): WallClock {
  const { year, month, day, hour, minute } = DateTime.fromMillis(ms, { zone });
  return { year, month, day, hour, minute };
}

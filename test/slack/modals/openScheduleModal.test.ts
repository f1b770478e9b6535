import { describe, expect, it } from 'vitest';
import { nextHalfHour, pickerValues } from '../../../src/slack/modals/openScheduleModal.js';

describe('nextHalfHour', () => {
  it.each([
    // [now UTC, zone, next half hour as the pickers show it]
    ['2026-11-23T15:00:00Z', 'America/New_York', '2026-11-23', '10:30'],
    ['2026-11-23T15:07:30Z', 'America/New_York', '2026-11-23', '10:30'],
    ['2026-11-23T15:29:59Z', 'America/New_York', '2026-11-23', '10:30'],
    ['2026-11-23T18:45:00Z', 'Asia/Kolkata', '2026-11-24', '00:30'],
    // Kathmandu is UTC+05:45: its half hours are not UTC's.
    ['2026-11-23T15:00:00Z', 'Asia/Kathmandu', '2026-11-23', '21:00'],
    ['2026-11-23T15:20:00Z', 'Asia/Kathmandu', '2026-11-23', '21:30'],
    // New York, the night the clocks go forward: 01:45 EST → 03:00 EDT (02:00 does not exist).
    ['2027-03-14T06:45:00Z', 'America/New_York', '2027-03-14', '03:00'],
  ])('at %s in %s: %s %s', (now, zone, date, time) => {
    const next = nextHalfHour(Date.parse(now), zone);
    expect(next).toBeGreaterThan(Date.parse(now));
    expect(pickerValues(next, zone)).toEqual({ date, time });
  });
});

import type { Clock } from '../../src/clock.js';

/** A clock tests move by hand; shared by the app and the fake Zoom so token expiry is deterministic. */
export interface FakeClock extends Clock {
  advance(ms: number): void;
  set(ms: number): void;
}

export function createFakeClock(startMs = Date.parse('2026-11-23T15:00:00Z')): FakeClock {
  let now = startMs;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    set: (ms) => {
      now = ms;
    },
  };
}

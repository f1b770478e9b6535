import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { formatInZone, parseMeetingRequest } from '../../src/scheduling/parseMeetingRequest.js';

const NY = 'America/New_York';
// Fixed "nows", as UTC instants, with the user's wall clock alongside.
const SAT_MAR_7_NY = '2026-03-07T15:00:00Z'; // Sat 10:00 EST, the day before the US spring-forward (Mar 8, 02:00 → 03:00)
const SAT_OCT_31_NY = '2026-10-31T14:00:00Z'; // Sat 10:00 EDT, the day before the US fall-back (Nov 1, 02:00 → 01:00)

function parse(text: string, timeZone: string, nowIso: string) {
  return parseMeetingRequest(text, { now: Date.parse(nowIso), timeZone });
}

function parseError(text: string, timeZone: string, nowIso: string): AppError {
  try {
    parse(text, timeZone, nowIso);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error(`expected "${text}" to be rejected`);
}

interface OkCase {
  text: string;
  zone: string;
  now: string;
  start: string;
  topic?: string;
  duration?: number;
}

const WHEN_CASES: OkCase[] = [
  // America/New_York; tomorrow is the spring-forward day, so 3pm tomorrow is on EDT (-4), not today's EST (-5).
  { text: 'Design review tomorrow 3pm', zone: NY, now: SAT_MAR_7_NY, start: '2026-03-08T19:00:00.000Z', topic: 'Design review' },
  { text: 'Sync tomorrow at 4pm', zone: NY, now: SAT_MAR_7_NY, start: '2026-03-08T20:00:00.000Z', topic: 'Sync' },
  { text: 'Planning Dec 5 14:30', zone: NY, now: SAT_MAR_7_NY, start: '2026-12-05T19:30:00.000Z', topic: 'Planning' },
  { text: 'Planning 2026-12-05 14:30', zone: NY, now: SAT_MAR_7_NY, start: '2026-12-05T19:30:00.000Z', topic: 'Planning' },
  { text: 'Weekly next monday 9am', zone: NY, now: SAT_MAR_7_NY, start: '2026-03-09T13:00:00.000Z', topic: 'Weekly' },
  { text: 'Standup in 2 hours', zone: NY, now: SAT_MAR_7_NY, start: '2026-03-07T17:00:00.000Z', topic: 'Standup' },
  { text: 'Standup in 30 minutes', zone: NY, now: SAT_MAR_7_NY, start: '2026-03-07T15:30:00.000Z', topic: 'Standup' },
  { text: 'Standup 2 hours from now', zone: NY, now: SAT_MAR_7_NY, start: '2026-03-07T17:00:00.000Z', topic: 'Standup' },
  { text: 'Standup in half an hour', zone: NY, now: SAT_MAR_7_NY, start: '2026-03-07T15:30:00.000Z', topic: 'Standup' },
  { text: 'Retro today 5:30pm', zone: NY, now: SAT_MAR_7_NY, start: '2026-03-07T22:30:00.000Z', topic: 'Retro' },
  { text: 'Retro 3pm', zone: NY, now: SAT_MAR_7_NY, start: '2026-03-07T20:00:00.000Z', topic: 'Retro' },
  { text: 'Demo friday 10am', zone: NY, now: SAT_MAR_7_NY, start: '2026-03-13T14:00:00.000Z', topic: 'Demo' },
  { text: 'Sync at noon tomorrow', zone: NY, now: SAT_MAR_7_NY, start: '2026-03-08T16:00:00.000Z', topic: 'Sync' },
  // An explicit zone wins over the user's.
  { text: 'Sync tomorrow 3pm UTC', zone: NY, now: SAT_MAR_7_NY, start: '2026-03-08T15:00:00.000Z', topic: 'Sync' },
  // 1-minute grace: 9:59 at 10:00 is accepted.
  { text: 'Retro today 9:59am', zone: NY, now: SAT_MAR_7_NY, start: '2026-03-07T14:59:00.000Z', topic: 'Retro' },

  // "next monday": on a Sunday chrono means the next day; on a Monday, a week later.
  { text: 'Weekly next monday 9am', zone: NY, now: '2026-03-15T14:00:00Z' /* Sun 10:00 EDT */, start: '2026-03-16T13:00:00.000Z' },
  { text: 'Weekly next monday 9am', zone: NY, now: '2026-03-16T14:00:00Z' /* Mon 10:00 EDT */, start: '2026-03-23T13:00:00.000Z' },

  // Fall-back: tomorrow 3pm is on EST (-5).
  { text: 'Sync tomorrow 3pm', zone: NY, now: SAT_OCT_31_NY, start: '2026-11-01T20:00:00.000Z' },
  // "in 2 hours" is exactly 2 hours, even across a clock change (wall clock moves 3h or 1h).
  { text: 'Sync in 2 hours', zone: NY, now: '2026-03-08T06:30:00Z' /* Sun 01:30 EST */, start: '2026-03-08T08:30:00.000Z' },
  { text: 'Sync in 2 hours', zone: NY, now: '2026-11-01T04:30:00Z' /* Sun 00:30 EDT */, start: '2026-11-01T06:30:00.000Z' },

  // Europe/London: tomorrow is the BST start day (+1).
  { text: 'Sync tomorrow 3pm', zone: 'Europe/London', now: '2026-03-28T10:00:00Z', start: '2026-03-29T14:00:00.000Z' },
  // Asia/Kolkata (+05:30).
  { text: 'Sync tomorrow 3pm', zone: 'Asia/Kolkata', now: '2026-03-07T04:30:00Z', start: '2026-03-08T09:30:00.000Z' },
  { text: 'Sync today 5:30pm', zone: 'Asia/Kolkata', now: '2026-03-07T04:30:00Z', start: '2026-03-07T12:00:00.000Z' },
  // 01:00 on Mar 7 in Kolkata is still Mar 6 in UTC: "tomorrow" is the user's tomorrow (Mar 8).
  { text: 'Sync tomorrow 9am', zone: 'Asia/Kolkata', now: '2026-03-06T19:30:00Z', start: '2026-03-08T03:30:00.000Z' },
  // Australia/Adelaide: tomorrow (Apr 5) leaves DST, +10:30 → +09:30.
  { text: 'Sync tomorrow 3pm', zone: 'Australia/Adelaide', now: '2026-04-03T23:30:00Z' /* Sat 10:00 ACDT */, start: '2026-04-05T05:30:00.000Z' },
  { text: 'Sync 3pm', zone: 'Australia/Adelaide', now: '2026-04-03T23:30:00Z', start: '2026-04-04T04:30:00.000Z' },
  // Asia/Kathmandu (+05:45).
  { text: 'Sync tomorrow 3pm', zone: 'Asia/Kathmandu', now: '2026-03-07T04:15:00Z', start: '2026-03-08T09:15:00.000Z' },
  { text: 'Sync 3pm', zone: 'Asia/Kathmandu', now: '2026-03-07T04:15:00Z', start: '2026-03-07T09:15:00.000Z' },
  // Pacific/Auckland: tomorrow (Sep 27) enters DST, +12 → +13; the user's today is a day ahead of UTC.
  { text: 'Sync tomorrow 3pm', zone: 'Pacific/Auckland', now: '2026-09-25T22:00:00Z' /* Sat 10:00 NZST */, start: '2026-09-27T02:00:00.000Z' },
  { text: 'Sync today 5pm', zone: 'Pacific/Auckland', now: '2026-09-25T22:00:00Z', start: '2026-09-26T05:00:00.000Z' },
  // Pacific/Honolulu just after midnight, while a New York server's clocks have just sprung forward.
  { text: 'Sync tomorrow 3pm', zone: 'Pacific/Honolulu', now: '2026-03-08T10:30:00Z' /* Sun 00:30 HST */, start: '2026-03-10T01:00:00.000Z' },
];

const DURATION_CASES: Array<[text: string, minutes: number]> = [
  ['Sync tomorrow 3pm', 30],
  ['Sync tomorrow 3pm 30m', 30],
  ['Sync tomorrow 3pm 45 min', 45],
  ['Sync tomorrow 3pm 45 mins', 45],
  ['Sync tomorrow 3pm 1h', 60],
  ['Sync tomorrow 3pm 2 hours', 120],
  ['Sync tomorrow 3pm 1h30m', 90],
  ['Sync tomorrow 3pm 1h30', 90],
  ['Sync tomorrow 3pm 1h 30m', 90],
  ['Sync tomorrow 3pm 90 minutes', 90],
  ['Sync tomorrow 3pm for 1h', 60],
  ['Sync tomorrow 3pm for 45 minutes', 45],
  ['Sync tomorrow 3pm 1.5h', 90],
  ['Sync tomorrow 3pm for an hour', 60],
  ['Sync tomorrow 3pm for half an hour', 30],
  ['Sync for 1h tomorrow 3pm', 60],
  ['Sync tomorrow at 3pm, for 2 hrs', 120],
  ['Sync tomorrow 3pm 24h', 1440],
  ['Sync tomorrow 3pm 1m', 1],
];

const TOPIC_CASES: Array<[text: string, topic: string]> = [
  ['Sprint 12 review tomorrow 3pm', 'Sprint 12 review'],
  ['Q4 planning tomorrow 3pm 1h', 'Q4 planning'],
  ['Budget 2026 review tomorrow 3pm', 'Budget 2026 review'],
  ['1:1 with Bob tomorrow 3pm', '1:1 with Bob'],
  ['Review 2 hours of footage tomorrow 3pm', 'Review 2 hours of footage'],
  ['Sync with Anh tomorrow 3pm', 'Sync with Anh'],
  ['Retro - tomorrow at 3pm', 'Retro'],
  ['Retro, on friday 10am', 'Retro'],
  ['tomorrow 3pm - Budget review', 'Budget review'],
  ['Sync tomorrow 3pm about the launch', 'Sync about the launch'],
  ['On-call handoff tomorrow 3pm', 'On-call handoff'],
  ['  Design    review   tomorrow 3pm  ', 'Design review'],
];

describe('parseMeetingRequest: when', () => {
  it.each(WHEN_CASES)('$text ($zone, now $now) → $start', ({ text, zone, now, start, topic, duration }) => {
    const result = parse(text, zone, now);
    expect(new Date(result.startTime).toISOString()).toBe(start);
    if (topic !== undefined) expect(result.topic).toBe(topic);
    expect(result.durationMinutes).toBe(duration ?? 30);
    expect(result.doubt).toBeUndefined();
  });
});

describe('parseMeetingRequest: a reading to confirm, not to act on', () => {
  it.each([
    // [text, zone, now, offered start, why]
    // 01:30 happens twice on Nov 1: the earlier one (EDT, -4) is offered, and asked.
    ['Sync tomorrow 1:30am', NY, SAT_OCT_31_NY, '2026-11-01T05:30:00.000Z', /happens twice/],
    // A number next to the day: "10 tomorrow" could be 10 o'clock.
    ['Sync 10 tomorrow 3pm', NY, SAT_MAR_7_NY, '2026-03-08T19:00:00.000Z', /"10"/],
    ['Sync twenty past tomorrow 3pm', NY, SAT_MAR_7_NY, '2026-03-08T19:00:00.000Z', /"past"/],
    // Mar 13 2026 is a Friday.
    ['Sync Thu, Mar 13 3pm', NY, SAT_MAR_7_NY, '2026-03-13T19:00:00.000Z', /Friday, not the weekday/],
    // 4 without am/pm: offered as 4 PM, asked.
    ['Sync tomorrow at 4', NY, SAT_MAR_7_NY, '2026-03-08T20:00:00.000Z', /4 AM or 4 PM/],
    // Day/month order.
    ['Sync 4/5 3pm', NY, SAT_MAR_7_NY, '2026-04-05T19:00:00.000Z', /month then a day/],
    // Said on a Saturday, "next friday" could be either.
    ['Sync next sunday 3pm', NY, SAT_MAR_7_NY, '2026-03-15T19:00:00.000Z', /this week's or next week's/],
    ['Sync tomorrow at midnight', NY, SAT_MAR_7_NY, '2026-03-08T05:00:00.000Z', /start or the end/],
  ] as const)('%s (%s)', (text, zone, now, start, why) => {
    const result = parse(text, zone, now);
    expect(new Date(result.startTime).toISOString()).toBe(start);
    expect(result.doubt).toMatch(why);
  });

  it('reads the families chrono misread alone, each certain', () => {
    const now = '2026-11-30T15:00:00Z'; // Mon Nov 30, 10:00 EST
    const cases: Array<[string, string]> = [
      ['Sync a quarter past 3pm', '2026-11-30T20:15:00.000Z'],
      ['Sync at 8 in the evening', '2026-12-01T01:00:00.000Z'],
      ['Sync at 5 tomorrow afternoon', '2026-12-01T22:00:00.000Z'],
      ['Sync day after tomorrow 5pm', '2026-12-02T22:00:00.000Z'],
      ['Sync 2 weeks from today 10am', '2026-12-14T15:00:00.000Z'],
      ['Sync 3 fridays from now at 2pm', '2026-12-18T19:00:00.000Z'],
      ['Sync 20th of next month 2pm', '2026-12-20T19:00:00.000Z'],
      ['Sync second wednesday of december at 10am', '2026-12-09T15:00:00.000Z'],
      ['Sync 2-15 3pm', '2027-02-15T20:00:00.000Z'],
    ];
    for (const [text, start] of cases) {
      const result = parse(text, NY, now);
      expect({ text, start: new Date(result.startTime).toISOString(), doubt: result.doubt, topic: result.topic }).toEqual({ text, start, doubt: undefined, topic: 'Sync' });
    }
  });
});

describe('parseMeetingRequest: duration', () => {
  it.each(DURATION_CASES)('%s → %i min', (text, minutes) => {
    const result = parse(text, NY, SAT_MAR_7_NY);
    expect(result).toEqual({ topic: 'Sync', startTime: Date.parse('2026-03-08T19:00:00Z'), durationMinutes: minutes });
  });

  it('"in 2 hours 45m": starts in 2 hours, lasts 45 minutes', () => {
    expect(parse('Sync in 2 hours 45m', NY, SAT_MAR_7_NY)).toEqual({ topic: 'Sync', startTime: Date.parse('2026-03-07T17:00:00Z'), durationMinutes: 45 });
  });

  it('"in 1h30m" (glued) is one start offset', () => {
    expect(parse('Sync in 1h30m', NY, SAT_MAR_7_NY)).toEqual({ topic: 'Sync', startTime: Date.parse('2026-03-07T16:30:00Z'), durationMinutes: 30 });
  });

  it.each(['Sync tomorrow 3pm 0m', 'Sync tomorrow 3pm 25h', 'Sync tomorrow 3pm for 1441 minutes'])('%s is out of range', (text) => {
    const error = parseError(text, NY, SAT_MAR_7_NY);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.details.field).toBe('duration');
    expect(error.message).toMatch(/1 minute to 24 hours/);
  });
});

describe('parseMeetingRequest: topic', () => {
  it.each(TOPIC_CASES)('%s → %s', (text, topic) => {
    const result = parse(text, NY, SAT_MAR_7_NY);
    expect(result.topic).toBe(topic);
    expect(new Date(result.startTime).toISOString()).not.toBe('');
  });

  it('accepts 200 characters and rejects 201, saying both numbers', () => {
    expect(parse(`${'a'.repeat(200)} tomorrow 3pm`, NY, SAT_MAR_7_NY).topic).toHaveLength(200);
    const error = parseError(`${'a'.repeat(201)} tomorrow 3pm`, NY, SAT_MAR_7_NY);
    expect(error.details.field).toBe('topic');
    expect(error.message).toMatch(/200/);
    expect(error.message).toMatch(/201/);
  });

  it('rejects a missing topic', () => {
    const error = parseError('tomorrow 3pm 45m', NY, SAT_MAR_7_NY);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.details.field).toBe('topic');
    expect(error.message).toMatch(/topic/);
  });
});

describe('parseMeetingRequest: when errors', () => {
  it.each([
    // [text, zone, now, message pattern, details.topic]
    ['Quarterly planning 45m', NY, SAT_MAR_7_NY, /couldn't tell when/, 'Quarterly planning'],
    ['', NY, SAT_MAR_7_NY, /couldn't tell when/, ''],
    ['Sync tomorrow', NY, SAT_MAR_7_NY, /no time of day/, 'Sync'],
    ['Retro 9am', NY, SAT_MAR_7_NY, /in the past/, 'Retro'],
    ['Retro today 9:58am', NY, SAT_MAR_7_NY, /in the past/, 'Retro'],
    // Today's weekday with a past time is not moved to next week either.
    ['Retro saturday 9am', NY, SAT_MAR_7_NY, /in the past/, 'Retro'],
    ['Retro 2026-01-05 10:00', NY, SAT_MAR_7_NY, /in the past/, 'Retro'],
    // 02:30 does not exist on the spring-forward day.
    ['Sync tomorrow 2:30am', NY, SAT_MAR_7_NY, /2:30 AM on Sun, Mar 8, 2026 does not exist in America\/New_York.*3:30am/, 'Sync'],
    ['Sync tomorrow 2:30am', 'Pacific/Auckland', '2026-09-25T22:00:00Z', /does not exist in Pacific\/Auckland/, 'Sync'],
    // What was wrong is named, not "tomorrow has no time of day".
    ['Sync tomorrow 25pm', NY, SAT_MAR_7_NY, /"25pm" is not a time of day/, 'Sync 25pm'],
    ['Sync tomorrow 3:75pm', NY, SAT_MAR_7_NY, /"3:75pm" is not a time of day/, 'Sync 3:75pm'],
    ['Sync a fortnight from today at 9am', NY, SAT_MAR_7_NY, /couldn't read "fortnight"/, 'Sync a fortnight from'],
  ] as const)('%s (%s) is rejected', (text, zone, now, message, topic) => {
    const error = parseError(text, zone, now);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.details.field).toBe('when');
    expect(error.details.topic).toBe(topic);
    expect(error.message).toMatch(message);
  });

  it('carries the duration for the modal when the time is missing', () => {
    expect(parseError('Quarterly planning for 1h', NY, SAT_MAR_7_NY).details).toMatchObject({ field: 'when', topic: 'Quarterly planning', durationMinutes: 60 });
  });

  it('shows the past time in the user zone', () => {
    expect(parseError('Retro 9am', NY, SAT_MAR_7_NY).message).toContain('Sat, Mar 7, 2026, 9:00 AM EST');
  });
});

// chrono does its date arithmetic with the process's local Date; results must not depend on the server zone.
describe.each([
  // [server zone, its offset on 2026-01-01]: proves the TZ switch took effect.
  ['America/New_York', -300],
  ['Australia/Lord_Howe', 660],
  ['UTC', 0],
] as const)('with the server in %s', (serverZone, januaryOffset) => {
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = serverZone;
  });
  afterAll(() => {
    process.env.TZ = saved;
  });

  it('runs in that zone', () => {
    expect(new Date('2026-01-01T00:00:00Z').getTimezoneOffset()).toBe(januaryOffset === 0 ? 0 : -januaryOffset);
  });

  it.each(WHEN_CASES)('$text ($zone, now $now) → $start', ({ text, zone, now, start }) => {
    expect(new Date(parse(text, zone, now).startTime).toISOString()).toBe(start);
  });
});

describe('helpers', () => {
  it('formatInZone', () => {
    const ms = Date.parse('2026-12-05T20:00:00Z');
    expect(formatInZone(ms, NY)).toBe('Sat, Dec 5, 2026, 3:00 PM EST');
    expect(formatInZone(Date.parse('2026-03-08T19:00:00Z'), NY)).toBe('Sun, Mar 8, 2026, 3:00 PM EDT');
    expect(formatInZone(ms, 'Asia/Kolkata')).toBe('Sun, Dec 6, 2026, 1:30 AM GMT+5:30');
  });
});

describe('text with no time at all', () => {
  it('is flagged whenMissing with the cleaned topic, so /zoom new can open the form instead', () => {
    try {
      parseMeetingRequest('Design review 45m', { now: Date.parse('2026-11-22T12:00:00Z'), timeZone: 'Europe/London' });
      expect.unreachable('should throw');
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'when', whenMissing: true, topic: 'Design review', durationMinutes: 45 } });
    }
  });

  it('is not flagged when a time was found but is unusable', () => {
    try {
      parseMeetingRequest('Design review tomorrow', { now: Date.parse('2026-11-22T12:00:00Z'), timeZone: 'Europe/London' });
      expect.unreachable('should throw');
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'when' } });
      expect((error as { details: { whenMissing?: boolean } }).details.whenMissing).toBeUndefined();
    }
  });
});

describe('a number in the topic just before the day', () => {
  // chrono reads "10 tomorrow" and "3pm" as two phrases; the day must not be lost, and a number
  // touching the day might be an hour, so the reading is offered and asked.
  it.each([
    ['Sync 10 tomorrow 3pm', 'Sync 10', '2026-11-24T20:00:00.000Z'],
    ['Sync 10 Dec 5 14:30', 'Sync 10', '2026-12-05T19:30:00.000Z'],
    ['Room 4 tomorrow at 4pm', 'Room 4', '2026-11-24T21:00:00.000Z'],
  ])('"%s" → topic "%s" at %s, asked', (text, topic, start) => {
    const parsed = parseMeetingRequest(text, { now: Date.parse('2026-11-23T15:00:00Z'), timeZone: 'America/New_York' });
    expect(parsed.topic).toBe(topic);
    expect(new Date(parsed.startTime).toISOString()).toBe(start);
    expect(parsed.doubt).toBeDefined();
  });

  it('a full ISO date keeps the number before it in the topic, certain', () => {
    const parsed = parseMeetingRequest('Bench 24 2026-12-03 10:00', { now: Date.parse('2026-11-23T15:00:00Z'), timeZone: 'America/New_York' });
    expect(parsed).toEqual({ topic: 'Bench 24', startTime: Date.parse('2026-12-03T15:00:00Z'), durationMinutes: 30 });
  });
});

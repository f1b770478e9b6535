import { describe, expect, it } from 'vitest';
import { codePointLength, firstCodePoints } from '../src/codePoints.js';
import { meetingRequestProblems } from '../src/scheduling/validateMeetingRequest.js';
import { buildCreateMeetingBody } from '../src/zoom/meetingInput.js';

/** Zoom counts code points: an emoji is one character, a family emoji (joined by ZWJ) five. */
describe('code points', () => {
  it('counts as Zoom does, and cuts without splitting a surrogate pair', () => {
    expect(codePointLength('🎉')).toBe(1);
    expect(codePointLength('👨‍👩‍👧')).toBe(5);
    expect(codePointLength('R&D')).toBe(3);
    expect(firstCodePoints('a🎉b', 2)).toBe('a🎉');
    expect(firstCodePoints('🎉🎉🎉', 2)).toBe('🎉🎉');
    expect(firstCodePoints('abc', 5)).toBe('abc');
  });
});

describe("Zoom's limits in code points", () => {
  const request = { durationMinutes: 30, timeZone: 'UTC' };
  it('a topic of 200 emoji (400 UTF-16 units) and an agenda of 2,000 are allowed; one more is not', () => {
    expect(meetingRequestProblems({ ...request, topic: '🎉'.repeat(200), agenda: '🎉'.repeat(2000) }, 0)).toEqual([]);
    expect(meetingRequestProblems({ ...request, topic: '🎉'.repeat(201), agenda: '🎉'.repeat(2001) }, 0).map((p) => p.message)).toEqual([
      'The topic is 201 characters; Zoom allows at most 200.',
      'The agenda is 2001 characters; Zoom allows at most 2000.',
    ]);
  });

  it('the Zoom request body takes 200 emoji and refuses 201', () => {
    expect(buildCreateMeetingBody({ type: 1, topic: '🎉'.repeat(200) }).topic).toBe('🎉'.repeat(200));
    expect(() => buildCreateMeetingBody({ type: 1, topic: '🎉'.repeat(201) })).toThrow(/at most 200/);
  });
});

import { describe, expect, it } from 'vitest';
import { messageViolations } from '../../fakes/blockKitLimits.js';
import { LIST_MORE_ACTION, meetingLines, meetingListMessage, type ListedMeeting } from '../../../src/slack/blocks/meetingList.js';

const START = Date.parse('2026-11-24T20:00:00Z');
function meetings(count: number, topic = (i: number) => `Meeting ${i}`): ListedMeeting[] {
  return Array.from({ length: count }, (_, i) => ({
    id: String(81234567890 + i),
    topic: topic(i),
    startTime: START + i * 3600_000,
    durationMinutes: 45,
    joinUrl: `https://us02web.zoom.us/j/${81234567890 + i}?pwd=${'Ab1'.repeat(11)}.1`,
  }));
}
const more = (blocks: unknown) => (blocks as Array<{ elements?: Array<{ action_id: string; value?: string }> }>).flatMap((b) => b.elements ?? []).find((e) => e.action_id === LIST_MORE_ACTION);

describe('meetingLines', () => {
  it('one line per meeting: time as <!date>, duration, topic linked to the join URL', () => {
    const [line] = meetingLines(meetings(1, () => 'A <b> & c'));
    expect(line).toBe(`• <!date^${START / 1000}^{date_short_pretty} {time}|2026-11-24 20:00 UTC> (45 min): <https://us02web.zoom.us/j/81234567890?pwd=${'Ab1'.repeat(11)}.1|A &lt;b&gt; &amp; c>`);
  });

  it('a meeting without a fixed time says so', () => {
    expect(meetingLines([{ id: '1', topic: 'Open room', joinUrl: 'https://zoom.us/j/1' }])[0]).toContain('No fixed time');
  });
});

describe('meetingListMessage', () => {
  it('page 1 with more to come: a "More" button carrying Zoom\'s token and the next page number', () => {
    const message = meetingListMessage(meetings(10), { nextPageToken: 'tok123', page: 1 });
    expect(JSON.parse(more(message.blocks)!.value!)).toEqual({ token: 'tok123', page: 2 });
    expect(messageViolations(message)).toEqual([]);
  });

  it('the last page has no "More"; later pages say which page they are', () => {
    const message = meetingListMessage(meetings(2), { page: 3 });
    expect(more(message.blocks)).toBeUndefined();
    expect(JSON.stringify(message.blocks)).toContain('page 3');
  });

  it('nothing upcoming: says so and how to schedule', () => {
    const message = meetingListMessage([], { page: 1 });
    expect(message.text).toContain('no upcoming Zoom meetings');
    expect(JSON.stringify(message.blocks)).toContain('/zoom new');
  });

  it.each([10, 20])('a page of %i meetings with 200-character topics stays within limits, and every join link survives whole', (count) => {
    const list = meetings(count, (i) => `${i} ${'&'.repeat(197)}`);
    const message = meetingListMessage(list, { nextPageToken: 'x'.repeat(500), page: 1 });
    expect(messageViolations(message)).toEqual([]);
    const text = JSON.stringify(message.blocks);
    for (const meeting of list) expect(text).toContain(`<${meeting.joinUrl}|`);
    // No line is cut in the middle: every link that opens is closed.
    const sections = (message.blocks as Array<{ type: string; text?: { text: string } }>).filter((b) => b.type === 'section').map((b) => b.text!.text);
    for (const section of sections) expect((section.match(/</g) ?? []).length).toBe((section.match(/>/g) ?? []).length);
  });

  it('a list longer than any page still fits in one message, and says how many it left out', () => {
    const list = meetings(100, (i) => `${i} ${'&'.repeat(197)}`);
    const message = meetingListMessage(list, { nextPageToken: 'tok', page: 2 });
    expect(messageViolations(message)).toEqual([]);
    const text = JSON.stringify(message.blocks);
    for (const meeting of list.slice(0, 20)) expect(text).toContain(`<${meeting.joinUrl}|`);
    expect(text).toContain('and 80 more');
    expect(more(message.blocks)).toBeDefined();
  });
});

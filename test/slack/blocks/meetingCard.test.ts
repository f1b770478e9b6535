import { describe, expect, it } from 'vitest';
import { messageViolations } from '../../fakes/blockKitLimits.js';
import { cancelledMeetingCard, meetingCard, MEETING_CARD_ACTIONS, type MeetingCardInput } from '../../../src/slack/blocks/meetingCard.js';

const START = Date.parse('2026-11-24T20:00:00Z');
const base: MeetingCardInput = { meetingId: '81234567890', topic: 'Design review', startTime: START, durationMinutes: 45, joinUrl: 'https://us02web.zoom.us/j/81234567890?pwd=abc', hostUserId: 'UALICE' };
const buttons = (blocks: unknown) => (blocks as Array<{ type: string; elements?: Array<{ action_id: string; url?: string; value?: string }> }>).flatMap((b) => b.elements ?? []);

describe('meetingCard', () => {
  it('escapes the topic in the top-level text too (notifications parse it), on post and on cancel', () => {
    const topic = 'Sync <!channel> <https://evil.example|Click to join> & <@U999>';
    const escaped = 'Sync &lt;!channel&gt; &lt;https://evil.example|Click to join&gt; &amp; &lt;@U999&gt;';
    expect(meetingCard({ ...base, topic }).text).toContain(`Zoom meeting: ${escaped} (`);
    const cancelled = cancelledMeetingCard({ topic, startTime: START, cancelledBy: 'UALICE' });
    expect(cancelled.text).toBe(`Cancelled: ${escaped}`);
    expect(JSON.stringify(cancelled.blocks)).toContain(escaped);
  });

  it('shows topic, time as <!date>, duration, host and the join button', () => {
    const card = meetingCard(base);
    const text = JSON.stringify(card.blocks);
    expect(text).toContain('Design review');
    expect(text).toContain(`<!date^${START / 1000}^`);
    expect(text).toContain('45 min');
    expect(text).toContain('<@UALICE>');
    const byId = Object.fromEntries(buttons(card.blocks).map((b) => [b.action_id, b]));
    expect(byId[MEETING_CARD_ACTIONS.join]?.url).toBe(base.joinUrl);
    expect(byId[MEETING_CARD_ACTIONS.edit]?.value).toBe(base.meetingId);
    expect(byId[MEETING_CARD_ACTIONS.cancel]?.value).toBe(base.meetingId);
    expect(card.text).toContain(base.joinUrl);
    expect(messageViolations(card)).toEqual([]);
  });

  it('never carries the host\'s start link, even when handed a whole Zoom meeting', () => {
    const meeting = { ...base, startUrl: 'https://us02web.zoom.us/s/81234567890?zak=secret-token', start_url: 'https://zoom.us/s/1?zak=other' } as MeetingCardInput;
    const card = JSON.stringify(meetingCard(meeting));
    expect(card).not.toContain('zak=');
    expect(card).not.toContain('/s/');
  });

  it('an instant meeting: "Starting now", no Edit', () => {
    const card = meetingCard({ ...base, startTime: undefined });
    expect(JSON.stringify(card.blocks)).toContain('Starting now');
    expect(buttons(card.blocks).map((b) => b.action_id)).toEqual([MEETING_CARD_ACTIONS.join, MEETING_CARD_ACTIONS.cancel]);
    expect(messageViolations(card)).toEqual([]);
  });

  it('mentions invitees, shows the series and the passcode, escapes the topic', () => {
    const card = JSON.stringify(meetingCard({ ...base, topic: 'R&D <sync>', invitees: ['UBOB', 'UCAROL'], weeklyOccurrences: 6, passcode: 'a1b2c3' }).blocks);
    expect(card).toContain('<@UBOB> <@UCAROL>');
    expect(card).toContain('weekly, 6 times');
    expect(card).toContain('a1b2c3');
    expect(card).toContain('R&amp;D &lt;sync&gt;');
  });

  it('the worst case stays within Slack\'s limits: 200-char topic, 2000-char agenda, 30 invitees', () => {
    const worst = meetingCard({
      ...base,
      topic: '&'.repeat(200),
      agenda: '<&>'.repeat(667),
      invitees: Array.from({ length: 30 }, (_, i) => `U${String(i).padStart(10, '0')}`),
      weeklyOccurrences: 50,
      passcode: '&&&&&&&&&&',
      joinUrl: `https://us02web.zoom.us/j/81234567890?pwd=${'x'.repeat(200)}`,
    });
    expect(messageViolations(worst)).toEqual([]);
    // All 30 invitees are still mentioned.
    expect(JSON.stringify(worst.blocks).match(/<@U\d{10}>/g)).toHaveLength(30);
  });
});

describe('cancelledMeetingCard', () => {
  it('says who cancelled, keeps no buttons or links, and stays within limits', () => {
    const card = cancelledMeetingCard({ topic: 'x'.repeat(200), startTime: START, cancelledBy: 'UALICE' });
    expect(JSON.stringify(card.blocks)).toContain('was cancelled by <@UALICE>');
    expect(buttons(card.blocks)).toEqual([]);
    expect(card.text.startsWith('Cancelled: ')).toBe(true);
    expect(messageViolations(card)).toEqual([]);
  });
});

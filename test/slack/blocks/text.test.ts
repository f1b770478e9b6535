import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, formatDuration, slackDate, truncate } from '../../../src/slack/blocks/text.js';

describe('slackDate', () => {
  it('renders <!date^seconds^format|UTC fallback>, which Slack shows in each reader\'s zone', () => {
    const ms = Date.parse('2026-11-24T20:00:00Z');
    expect(slackDate(ms)).toBe(`<!date^${ms / 1000}^{date_short_pretty} at {time}|2026-11-24 20:00 UTC>`);
    expect(slackDate(ms, '{time}')).toBe(`<!date^${ms / 1000}^{time}|2026-11-24 20:00 UTC>`);
  });

  it('uses whole seconds', () => {
    expect(slackDate(Date.parse('2026-11-24T20:00:00.999Z'))).toMatch(/^<!date\^1795550400\^/);
  });
});

describe('escapeMrkdwn', () => {
  it('escapes the three control characters, & first', () => {
    expect(escapeMrkdwn('a <@U1> & <!here> > b')).toBe('a &lt;@U1&gt; &amp; &lt;!here&gt; &gt; b');
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
  });
});

describe('truncate', () => {
  it('leaves short text alone and marks a cut within the limit', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcd', 3)).toBe('ab…');
    expect(truncate('x'.repeat(5000), 3000)).toHaveLength(3000);
  });
});

describe('formatDuration', () => {
  it.each([
    [15, '15 min'],
    [60, '1 h'],
    [90, '1 h 30 min'],
    [1440, '24 h'],
  ])('%i minutes → %s', (minutes, text) => {
    expect(formatDuration(minutes)).toBe(text);
  });
});

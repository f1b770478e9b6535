import { describe, expect, it } from 'vitest';
import { channelLink, escapeMrkdwn, formatDuration, link, mention, slackDate, truncate } from '../../../src/slack/blocks/text.js';

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

  it('never cuts an emoji in half, nor an escape, nor app markup', () => {
    // 'ab' + 🎉 (two UTF-16 units): a cut after 3 units would keep half of it.
    expect(truncate('ab🎉cd', 4)).toBe('ab…');
    expect(truncate('ab&amp;cdef', 6)).toBe('ab…');
    expect(truncate('ab <@UALICE> cd', 8)).toBe('ab …');
    expect(truncate('ab 🎉🎉🎉', 6)).toBe('ab 🎉…');
  });
});

describe('app-made markup', () => {
  it('mentions and channel links only for ids; anything else is shown as escaped words', () => {
    expect(mention('UALICE')).toBe('<@UALICE>');
    expect(mention('!channel')).toBe('!channel');
    expect(mention('<!here>')).toBe('&lt;!here&gt;');
    expect(channelLink('CGENERAL')).toBe('<#CGENERAL>');
    expect(channelLink('<!channel>')).toBe('&lt;!channel&gt;');
  });

  it('a link escapes its label; a URL that could break out of <…|…> becomes words', () => {
    expect(link('https://zoom.us/j/1?pwd=a', 'R&D <!channel>')).toBe('<https://zoom.us/j/1?pwd=a|R&amp;D &lt;!channel&gt;>');
    expect(link('https://evil.example>|x', 'Join')).toBe('Join');
    expect(link('javascript:alert(1)', 'Join')).toBe('Join');
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

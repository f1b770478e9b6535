import { describe, expect, it } from 'vitest';
import { plainTextFromMrkdwn, topicFromMessage, unnamedMentions } from '../../../src/slack/listeners/shortcuts.js';

describe('topicFromMessage', () => {
  it('the first non-blank line, trimmed, at most 200 characters', () => {
    expect(topicFromMessage('\n  \n  Roadmap review  \nsecond line')).toBe('Roadmap review');
    expect(topicFromMessage('z'.repeat(300))).toHaveLength(200);
    expect(topicFromMessage(undefined)).toBe('');
  });

  it('reads Slack markup as words', () => {
    const names = new Map([['UBOB', 'bob']]);
    expect(topicFromMessage('See <https://x.example/doc|the doc>, <https://x.example/raw> &amp; <mailto:a@b.c|mail> <@UBOB> <@UCAROL|carol> <@UDAVE> <#C1|general> <!here> <!subteam^S1|@design> <!date^1795550400^{date}|Nov 24> 1 &lt; 2', names)).toBe(
      'See the doc, https://x.example/raw & mail @bob @carol @UDAVE #general @here @design Nov 24 1 < 2',
    );
  });

  it('collapses runs of whitespace', () => {
    expect(topicFromMessage('a\t\t b   c')).toBe('a b c');
  });
});

describe('unnamedMentions', () => {
  it('user ids mentioned without a name, once each', () => {
    expect(unnamedMentions('<@UBOB> <@UBOB> <@UCAROL|carol> <@W123>')).toEqual(['UBOB', 'W123']);
  });
});

describe('plainTextFromMrkdwn', () => {
  it('decodes &amp; last, so an escaped entity stays as typed', () => {
    expect(plainTextFromMrkdwn('&amp;lt;')).toBe('&lt;');
  });
});

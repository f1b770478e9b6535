import { describe, expect, it } from 'vitest';
import { decodeSlackText, unnamedMentions } from '../../src/slack/inboundText.js';
import { topicFromMessage } from '../../src/slack/listeners/shortcuts.js';

const words = (raw: string, names?: Map<string, string>) => decodeSlackText(raw, names).text;

describe('decodeSlackText', () => {
  it('decodes the three escapes in one pass: what was typed, not one level more', () => {
    expect(words('R&amp;D sync')).toBe('R&D sync');
    expect(words('1 &lt; 2 &gt; 0')).toBe('1 < 2 > 0');
    // Someone typed "&lt;!channel&gt;" literally; Slack sent it with its & escaped.
    expect(words('&amp;lt;!channel&amp;gt;')).toBe('&lt;!channel&gt;');
    expect(words('&amp;amp;')).toBe('&amp;');
  });

  it('mentions become @names and are collected once each, in order', () => {
    const names = new Map([['UBOB', 'bob']]);
    expect(decodeSlackText('Sync <@UCAROL|carol>, <@UBOB> and <@UCAROL> <@W123>', names)).toEqual({ text: 'Sync @carol, @bob and @carol @W123', mentionedUserIds: ['UCAROL', 'UBOB', 'W123'] });
  });

  it('channels, links, mail links and specials become their labels or plain words', () => {
    const names = new Map([['UBOB', 'bob']]);
    expect(
      words('See <https://x.example/doc|the doc>, <https://x.example/raw?a=1&amp;b=2> &amp; <mailto:a@b.c|mail> <mailto:d@e.f> <@UBOB> <#C1|general> <#C2> <!here> <!channel> <!everyone|everyone> <!subteam^S1|@design> <!subteam^S2> <!date^1795550400^{date}|Nov 24> <!date^1795550400^{date}>', names),
    ).toBe('See the doc, https://x.example/raw?a=1&b=2 & mail d@e.f @bob #general #C2 @here @channel @everyone @design @group Nov 24 ');
  });

  it('a link whose label was escaped by Slack reads as typed', () => {
    expect(words('<https://evil.example|Click &amp; join &lt;now&gt;>')).toBe('Click & join <now>');
  });

  it('no Slack entity survives', () => {
    const text = words('<!channel> <@U999> <#C1|x> <https://evil.example|Click to join> <!subteam^S1> <!date^1^{date}|d> <tel:123|call>');
    expect(text).not.toMatch(/<[@#!]|<https?:|<mailto:|<tel:/);
    expect(text).toBe('@channel @U999 #x Click to join @group d call');
  });
});

describe('unnamedMentions', () => {
  it('user ids mentioned without a name, once each', () => {
    expect(unnamedMentions('<@UBOB> <@UBOB> <@UCAROL|carol> <@UCAROL> <@W123>')).toEqual(['UBOB', 'W123']);
  });
});

describe('topicFromMessage', () => {
  it('whitespace collapsed, at most 200 code points: an emoji is one, and never cut in half', () => {
    expect(topicFromMessage('  Roadmap \t review  ')).toBe('Roadmap review');
    expect(topicFromMessage('z'.repeat(300))).toHaveLength(200);
    const emoji = topicFromMessage(`x${'🎉'.repeat(250)}`);
    expect([...emoji]).toHaveLength(200);
    expect(emoji.endsWith('🎉')).toBe(true);
  });
});

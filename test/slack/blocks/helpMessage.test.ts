import { describe, expect, it } from 'vitest';
import { messageViolations } from '../../fakes/blockKitLimits.js';
import { helpMessage, type HelpEntry } from '../../../src/slack/blocks/helpMessage.js';

const entries: HelpEntry[] = [
  { usage: '/zoom new [<topic> <when>]', description: 'Schedule a meeting.', examples: ['/zoom new Design review tomorrow 3pm'] },
  { usage: '/zoom list', description: 'Your upcoming meetings.', examples: ['/zoom list'] },
];
type Blocks = Array<{ type: string; text?: { text: string } }>;

describe('helpMessage', () => {
  it('lists each subcommand with its description and examples', () => {
    const message = helpMessage(entries);
    const blocks = message.blocks as Blocks;
    expect(blocks[0]!.type).toBe('header');
    const all = JSON.stringify(blocks);
    // `<topic>` unescaped would be read by Slack as a link.
    expect(all).toContain('/zoom new [&lt;topic&gt; &lt;when&gt;]');
    expect(all).not.toContain('<topic>');
    expect(all).toContain('> `/zoom new Design review tomorrow 3pm`');
    expect(all).toContain('Your upcoming meetings.');
    expect(all).not.toContain("don't know");
    expect(message.text).toBe('/zoom new [&lt;topic&gt; &lt;when&gt;], /zoom list');
    expect(messageViolations(message)).toEqual([]);
  });

  it('an unknown subcommand is named first, then the help', () => {
    const message = helpMessage(entries, 'frobnicate');
    const blocks = message.blocks as Blocks;
    expect(blocks[0]!.type).toBe('section');
    expect(blocks[0]!.text!.text).toContain('`/zoom frobnicate`');
    expect(blocks[1]!.type).toBe('header');
    expect(message.text.startsWith('Unknown subcommand "frobnicate". ')).toBe(true);
  });

  it('an absurd unknown word is escaped and kept within limits', () => {
    const message = helpMessage(entries, `<!channel>${'&'.repeat(4000)}`);
    expect((message.blocks as Blocks)[0]!.text!.text).toContain('&lt;!channel&gt;');
    expect(messageViolations(message)).toEqual([]);
  });
});

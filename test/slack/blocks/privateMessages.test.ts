import { describe, expect, it } from 'vitest';
import { messageViolations } from '../../fakes/blockKitLimits.js';
import { CONNECT_ACTION, connectPrompt, plainMessage, startLinkMessage } from '../../../src/slack/blocks/privateMessages.js';

const AUTHORIZE = `https://zoom.us/oauth/authorize?client_id=abc&state=${'s'.repeat(43)}&code_challenge=${'c'.repeat(43)}`;

describe('connectPrompt', () => {
  it('a button to Zoom\'s authorize page and how long the link lives', () => {
    const message = connectPrompt({ authorizeUrl: AUTHORIZE, intro: 'Connect first.', validMinutes: 10 });
    const button = (message.blocks as Array<{ elements?: Array<{ action_id?: string; url?: string }> }>).flatMap((b) => b.elements ?? []).find((e) => e.action_id === CONNECT_ACTION);
    expect(button?.url).toBe(AUTHORIZE);
    expect(JSON.stringify(message.blocks)).toContain('10 minutes');
    expect(messageViolations(message)).toEqual([]);
  });
});

describe('startLinkMessage', () => {
  it('carries the start link (it is sent to the host alone) and warns not to share it', () => {
    const message = startLinkMessage({ topic: 'x'.repeat(200), startUrl: `https://zoom.us/s/1?zak=${'z'.repeat(500)}`, startTime: Date.parse('2026-11-24T20:00:00Z') });
    expect(JSON.stringify(message.blocks)).toContain('zak=');
    expect(JSON.stringify(message.blocks)).toContain("don't share it");
    expect(messageViolations(message)).toEqual([]);
  });

  it('escapes the topic in its top-level text as in its blocks', () => {
    const message = startLinkMessage({ topic: '<!here> R&D', startUrl: 'https://zoom.us/s/1?zak=z' });
    expect(message.text).toContain('"&lt;!here&gt; R&amp;D"');
    expect(JSON.stringify(message.blocks)).toContain('&lt;!here&gt; R&amp;D');
  });
});

describe('plainMessage', () => {
  it('keeps very long text within a section', () => {
    expect(messageViolations(plainMessage('w'.repeat(10_000)))).toEqual([]);
  });
});

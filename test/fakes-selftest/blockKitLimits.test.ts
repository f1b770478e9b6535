import { describe, expect, it } from 'vitest';
import { blockKitViolations, messageViolations, viewViolations } from '../fakes/blockKitLimits.js';

const plain = (text: string) => ({ type: 'plain_text', text });
const option = (value: string, text = value) => ({ text: plain(text), value });

describe('blockKitViolations', () => {
  it('accepts a realistic scheduling message', () => {
    const blocks = [
      { type: 'header', text: plain('Zoom meeting scheduled') },
      { type: 'section', text: { type: 'mrkdwn', text: '*Standup*' }, fields: [{ type: 'mrkdwn', text: '*When*\nTomorrow' }], accessory: { type: 'button', action_id: 'join', text: plain('Join'), url: 'https://zoom.us/j/1', style: 'primary' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Times in your zone' }] },
      { type: 'divider' },
      { type: 'actions', elements: [{ type: 'overflow', action_id: 'more', options: [option('cancel')] }] },
    ];
    expect(blockKitViolations(blocks, 'message')).toEqual([]);
  });

  it('enforces counts, lengths and text object types', () => {
    const many = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(blockKitViolations(many, 'message')).toEqual(['/blocks: must have at most 50 items (got 51)']);
    expect(blockKitViolations(many, 'modal')).toEqual([]);

    const errors = blockKitViolations(
      [
        { type: 'header', text: { type: 'mrkdwn', text: 'x' } },
        { type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) }, block_id: 'b' },
        { type: 'section', text: plain('ok'), block_id: 'b' },
        { type: 'actions', elements: [{ type: 'button', action_id: 'a', text: plain('z'.repeat(76)), value: 'v'.repeat(2001) }] },
        { type: 'context', elements: Array.from({ length: 11 }, () => plain('c')) },
        { type: 'carousel_of_doom' },
        { type: 'section', txt: plain('typo') },
      ],
      'message',
    );
    expect(errors).toEqual([
      '/blocks/0/text/type: must be plain_text here (mrkdwn is not allowed)',
      '/blocks/1/text/text: must be at most 3000 characters (got 3001)',
      '/blocks/2/block_id: duplicate block_id "b"',
      '/blocks/3/elements/0/text/text: must be at most 75 characters (got 76)',
      '/blocks/3/elements/0/value: must be at most 2000 characters (got 2001)',
      '/blocks/4/elements: must have at most 10 items (got 11)',
      '/blocks/5/type: unknown block type "carousel_of_doom"',
      '/blocks/6/txt: invalid additional property',
      '/blocks/6: must provide text or fields',
    ]);
  });

  it('checks select options and plain_text_input lengths', () => {
    const select = {
      type: 'input',
      label: plain('Who'),
      element: {
        type: 'static_select',
        action_id: 's',
        placeholder: plain('p'.repeat(151)),
        options: [...Array.from({ length: 100 }, (_, i) => option(String(i))), option('v'.repeat(151), 't'.repeat(76))],
        initial_option: option('missing'),
      },
    };
    const input = { type: 'input', label: plain('Topic'), element: { type: 'plain_text_input', action_id: 't', max_length: 10, initial_value: 'x'.repeat(11) } };
    expect(blockKitViolations([select, input], 'modal')).toEqual([
      '/blocks/0/element/placeholder/text: must be at most 150 characters (got 151)',
      '/blocks/0/element/options: must have at most 100 items (got 101)',
      '/blocks/0/element/options/100/text/text: must be at most 75 characters (got 76)',
      '/blocks/0/element/options/100/value: must be at most 150 characters (got 151)',
      '/blocks/0/element/initial_option: must exactly match one of the provided options',
      '/blocks/1/element/initial_value: must be at most 10 characters (got 11)',
    ]);
  });
});

describe('viewViolations / messageViolations', () => {
  it('enforces modal title, submit, metadata and callback limits', () => {
    const view = {
      type: 'modal',
      title: plain('t'.repeat(25)),
      close: plain('Cancel'),
      private_metadata: 'm'.repeat(3001),
      callback_id: 'c'.repeat(256),
      blocks: [{ type: 'input', label: plain('Topic'), element: { type: 'plain_text_input', action_id: 'topic' } }],
    };
    expect(viewViolations(view)).toEqual([
      '/view/title/text: must be at most 24 characters (got 25)',
      '/view/submit: required when blocks contain an input block',
      '/view/private_metadata: must be at most 3000 characters (got 3001)',
      '/view/callback_id: must be at most 255 characters (got 256)',
    ]);
    expect(viewViolations({ type: 'home', blocks: [{ type: 'markdown', text: 'no' }] })).toEqual([
      '/view/blocks/0/type: block type "markdown" is not supported in home surfaces',
    ]);
  });

  it('limits top-level message text to 40000 characters', () => {
    expect(messageViolations({ text: 'x'.repeat(40000) })).toEqual([]);
    expect(messageViolations({ text: 'x'.repeat(40001) })).toEqual(['/text: must be at most 40000 characters (got 40001)']);
  });
});

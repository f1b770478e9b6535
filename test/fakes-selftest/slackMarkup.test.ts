import { describe, expect, it } from 'vitest';
import { parsedTexts, renderedMarkup } from '../fakes/slackMarkup.js';

describe('what Slack would render', () => {
  it('reads every parsed field: top-level text, mrkdwn anywhere in blocks, attachments; never plain_text', () => {
    const message = {
      text: 'Hi <!channel>',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: '<@UALICE> <https://zoom.us/j/1|Join>' }, fields: [{ type: 'mrkdwn', text: '<#CGENERAL>' }] },
        { type: 'context', elements: [{ type: 'mrkdwn', text: '<!subteam^S1|@team> <!date^1^{date}|x>' }] },
        { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: '<!here>' }, confirm: { text: { type: 'mrkdwn', text: '<!everyone>' } } }] },
      ],
      attachments: [{ fallback: '<https://evil.example>', text: 'ok' }],
    };
    expect(parsedTexts(message)).not.toContain('<!here>');
    expect(renderedMarkup(message)).toEqual({
      users: ['UALICE'],
      broadcasts: ['channel', 'everyone'],
      channels: ['CGENERAL'],
      groups: ['S1'],
      links: [{ url: 'https://zoom.us/j/1', label: 'Join' }, { url: 'https://evil.example' }],
      dates: 1,
    });
  });

  it('escaped text renders nothing; views and rich_text elements are read too', () => {
    expect(renderedMarkup({ text: '&lt;!channel&gt; &lt;@U1&gt; &amp;lt;' })).toEqual({ users: [], broadcasts: [], channels: [], groups: [], links: [], dates: 0 });
    const view = { view: { type: 'modal', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '<!here>' } }, { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'user', user_id: 'U2' }, { type: 'link', url: 'https://x.example' }] }] }] } };
    expect(renderedMarkup(view)).toMatchObject({ users: ['U2'], broadcasts: ['here'], links: [{ url: 'https://x.example' }] });
  });
});

/**
 * What Slack would render as a mention, a broadcast or a link, read the way Slack reads a message or
 * a view: the top-level `text`, every `mrkdwn` text object, legacy attachments' text fields, and
 * rich_text elements. plain_text objects are shown as they are (nothing in them pings or links), so
 * they are skipped. Tests use it to assert that a message holds no mention or link the app did not add.
 */

type Obj = Record<string, unknown>;

export interface RenderedMarkup {
  /** `<@U…>`: users pinged. */
  users: string[];
  /** `<!here>`, `<!channel>`, `<!everyone>` (and any other `<!…>` special). */
  broadcasts: string[];
  /** `<#C…>` */
  channels: string[];
  /** `<!subteam^S…>` */
  groups: string[];
  /** `<url>` and `<url|label>`. */
  links: Array<{ url: string; label?: string }>;
  /** `<!date^…>`, shown in each reader's zone. */
  dates: number;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const ATTACHMENT_TEXT_FIELDS = ['text', 'pretext', 'fallback', 'title', 'footer'] as const;

/** Every text Slack parses for markup in a message body (API args or response_url body) or a view. */
export function parsedTexts(payload: unknown): string[] {
  if (!isObj(payload)) return [];
  const texts: string[] = [];
  if (typeof payload.text === 'string') texts.push(payload.text);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isObj(node) || node.type === 'plain_text') return;
    if (node.type === 'mrkdwn' && typeof node.text === 'string') texts.push(node.text);
    Object.values(node).forEach(walk);
  };
  walk(payload.blocks);
  if (isObj(payload.view)) walk(payload.view.blocks);
  for (const attachment of Array.isArray(payload.attachments) ? payload.attachments : []) {
    if (!isObj(attachment)) continue;
    for (const field of ATTACHMENT_TEXT_FIELDS) if (typeof attachment[field] === 'string') texts.push(attachment[field]);
    walk(attachment.blocks);
  }
  return texts;
}

function readMarkup(texts: string[], out: RenderedMarkup): void {
  for (const text of texts) {
    for (const match of text.matchAll(/<([^<>]*)>/g)) {
      const inner = match[1] ?? '';
      const bar = inner.indexOf('|');
      const target = bar < 0 ? inner : inner.slice(0, bar);
      if (target.startsWith('@')) out.users.push(target.slice(1));
      else if (target.startsWith('#')) out.channels.push(target.slice(1));
      else if (target.startsWith('!subteam^')) out.groups.push(target.slice('!subteam^'.length));
      else if (target.startsWith('!date^')) out.dates += 1;
      else if (target.startsWith('!')) out.broadcasts.push(target.slice(1));
      else out.links.push(bar < 0 ? { url: target } : { url: target, label: inner.slice(bar + 1) });
    }
  }
}

/** rich_text carries its mentions and links as elements, not markup. */
function readRichText(node: unknown, out: RenderedMarkup): void {
  if (Array.isArray(node)) return node.forEach((item) => readRichText(item, out));
  if (!isObj(node)) return;
  if (node.type === 'user' && typeof node.user_id === 'string') out.users.push(node.user_id);
  if (node.type === 'broadcast' && typeof node.range === 'string') out.broadcasts.push(node.range);
  if (node.type === 'channel' && typeof node.channel_id === 'string') out.channels.push(node.channel_id);
  if (node.type === 'usergroup' && typeof node.usergroup_id === 'string') out.groups.push(node.usergroup_id);
  if (node.type === 'link' && typeof node.url === 'string') out.links.push({ url: node.url });
  Object.values(node).forEach((value) => readRichText(value, out));
}

/** The mentions, broadcasts, channel links, group pings, links and dates a message or view renders. */
export function renderedMarkup(payload: unknown): RenderedMarkup {
  const out: RenderedMarkup = { users: [], broadcasts: [], channels: [], groups: [], links: [], dates: 0 };
  readMarkup(parsedTexts(payload), out);
  if (isObj(payload)) readRichText([payload.blocks, isObj(payload.view) ? payload.view.blocks : undefined, payload.attachments], out);
  return out;
}

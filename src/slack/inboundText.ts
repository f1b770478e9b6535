/**
 * Text from Slack, read as a person reads it. Slack escapes `&`, `<` and `>` in the text it sends
 * (slash command text, a message's text) and marks mentions, channels and links as `<…>` entities.
 * This is the one place that decodes them, called where such text arrives (the `/zoom` command, the
 * message shortcut) and nowhere else: modal inputs arrive as typed and must not be decoded again.
 */
import type { WebClient } from '@slack/web-api';

export interface SlackText {
  /** The words: `&amp;` as `&`, a mention as `@name`, a link as its label, no Slack entity left. */
  text: string;
  /** Users mentioned as `<@U…>`, in order, once each. */
  mentionedUserIds: string[];
}

const ESCAPES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };
/** One pass: `&amp;lt;` is the `&lt;` someone typed, not a `<`. */
const ESCAPE = /&(amp|lt|gt);/g;
const TOKEN = /<([^<>]*)>|&(amp|lt|gt);/g;
const USER = /^@([UW][A-Z0-9]+)(?:\|(.*))?$/s;
const BROADCAST = /^!(here|channel|everyone)(?:\|.*)?$/s;
/** At most this many users.info look-ups for one text; further unnamed mentions keep their ids. */
const MAX_NAME_LOOKUPS = 5;

const unescape = (text: string): string => text.replace(ESCAPE, (_all, name: string) => ESCAPES[name] ?? '');

/** The words one `<…>` entity stands for; user mentions are collected in `mentioned`. */
function entityWords(inner: string, names: ReadonlyMap<string, string>, mentioned: string[]): string {
  const bar = inner.indexOf('|');
  const label = bar < 0 ? '' : unescape(inner.slice(bar + 1));
  const user = USER.exec(inner);
  if (user) {
    const id = user[1] as string;
    mentioned.push(id);
    return `@${label || names.get(id) || id}`;
  }
  if (inner.startsWith('#')) return `#${label || inner.slice(1, bar < 0 ? undefined : bar)}`;
  const broadcast = BROADCAST.exec(inner);
  if (broadcast) return `@${broadcast[1]}`;
  // `<!subteam^S…|@group>`, `<!date^…|fallback>` and any other special: their label, else a word.
  if (inner.startsWith('!')) return label || (inner.startsWith('!subteam^') ? '@group' : inner.startsWith('!date^') ? '' : inner.slice(1).split('^')[0] ?? '');
  const target = unescape(bar < 0 ? inner : inner.slice(0, bar));
  return label || target.replace(/^mailto:/i, '');
}

/** Slack's text as words; `names` gives display names for mentions that carry none (`<@U123>`). */
export function decodeSlackText(raw: string, names: ReadonlyMap<string, string> = new Map()): SlackText {
  // A name given once (`<@U1|bob>`) also names that user's bare mentions in the same text.
  const known = new Map([...names, ...[...raw.matchAll(/<@([UW][A-Z0-9]+)\|([^<>]+)>/g)].map((m) => [m[1] as string, unescape(m[2] as string)] as const)]);
  const mentioned: string[] = [];
  const text = raw.replace(TOKEN, (_all, inner: string | undefined, escape: string | undefined) =>
    inner === undefined ? (ESCAPES[escape ?? ''] ?? '') : entityWords(inner, known, mentioned),
  );
  return { text, mentionedUserIds: [...new Set(mentioned)] };
}

/** User ids mentioned as `<@U…>` without a name. */
export function unnamedMentions(raw: string): string[] {
  const named = new Set([...raw.matchAll(/<@([UW][A-Z0-9]+)\|[^<>]+>/g)].map((m) => m[1]));
  return [...new Set([...raw.matchAll(/<@([UW][A-Z0-9]+)>/g)].map((m) => m[1] as string))].filter((id) => !named.has(id));
}

/** Display names for mentioned users; a failed look-up just leaves the id. */
async function mentionNames(client: WebClient, userIds: string[]): Promise<Map<string, string>> {
  const entries = await Promise.all(
    userIds.slice(0, MAX_NAME_LOOKUPS).map(async (id) => {
      const { user } = await client.users.info({ user: id }).catch(() => ({ user: undefined }));
      const name = user?.profile?.display_name || user?.real_name || user?.name;
      return name ? ([id, name] as const) : undefined;
    }),
  );
  return new Map(entries.filter((entry) => entry !== undefined));
}

/** The users a text mentioned, as invitees of a meeting the requester hosts (not the host again). */
export function inviteesOf(text: SlackText, requester: { userId: string }): string[] {
  return text.mentionedUserIds.filter((id) => id !== requester.userId);
}

/** decodeSlackText, with the names of unnamed mentions looked up in Slack first (a Slack call: after the ack). */
export async function readSlackText(client: WebClient, raw: string): Promise<SlackText> {
  const unnamed = unnamedMentions(raw);
  return decodeSlackText(raw, unnamed.length > 0 ? await mentionNames(client, unnamed) : undefined);
}

import type { MessageShortcut } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { AppError } from '../../errors.js';
import type { SlackListenerDeps } from '../deps.js';
import { directMessageReply } from '../privateReplies.js';
import type { OpenScheduleModal } from '../modals/openScheduleModal.js';
import { requesterOfPayload } from '../requesters.js';
import { slackErrorCode } from '../slackErrors.js';
import type { ListenerRegistry } from './registry.js';

export const SHORTCUTS = { global: 'schedule_meeting', message: 'schedule_meeting_from_message' } as const;

const TOPIC_MAX = 200;
const MENTION = /<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g;
/** At most this many users.info look-ups for one topic; more mentions keep their ids. */
const MAX_NAME_LOOKUPS = 5;

/** The first non-blank line of a message, still in Slack's mrkdwn. */
export function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n').find((line) => line.trim()) ?? '';
}

/** User ids mentioned as `<@U…>` without a name in the text. */
export function unnamedMentions(text: string): string[] {
  return [...new Set([...text.matchAll(MENTION)].filter((m) => !m[2]).map((m) => m[1] as string))];
}

/**
 * Slack's message markup read as words: a topic is plain text in a Zoom field and a text input,
 * where `<https://…|the doc>` or `&amp;` would show as typed. `names` maps user ids to display names.
 */
export function plainTextFromMrkdwn(text: string, names: ReadonlyMap<string, string> = new Map()): string {
  return text
    .replace(MENTION, (_all, id: string, label?: string) => `@${label || names.get(id) || id}`)
    .replace(/<#([CGD][A-Z0-9]+)(?:\|([^>]*))?>/g, (_all, id: string, label?: string) => `#${label || id}`)
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_all, label?: string) => label || '@group')
    .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<([^>|]+)\|([^>]*)>/g, (_all, url: string, label: string) => label || url)
    .replace(/<([^>]+)>/g, (_all, url: string) => url.replace(/^mailto:/, ''))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The topic for a meeting about a message: its first line, as words, trimmed to what Zoom allows. */
export function topicFromMessage(text: string | undefined, names?: ReadonlyMap<string, string>): string {
  return plainTextFromMrkdwn(firstLine(text), names).replace(/\s+/g, ' ').trim().slice(0, TOPIC_MAX).trim();
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

export function registerShortcuts(registry: ListenerRegistry, deps: SlackListenerDeps, openModal: OpenScheduleModal): void {
  registry.globalShortcut(SHORTCUTS.global, async ({ ack, shortcut, client, body }) => {
    await ack();
    const requester = requesterOfPayload(body);
    await openModal(client, shortcut.trigger_id, requester, async () => ({})).catch((error: unknown) =>
      deps.reportFailure(error, directMessageReply(client, requester.userId), { requester }),
    );
  });

  // The meeting is about a message: topic from it, a link to it in the agenda, the card in its thread.
  registry.messageShortcut(SHORTCUTS.message, async ({ ack, shortcut, client, body }) => {
    await ack();
    const { message, channel, response_url: responseUrl } = shortcut as MessageShortcut;
    const requester = requesterOfPayload(body);
    await openModal(client, shortcut.trigger_id, requester, async () => {
      const [{ permalink }, names] = await Promise.all([
        client.chat.getPermalink({ channel: channel.id, message_ts: message.ts }).catch((error: unknown) => {
          // Slack hides private conversations the bot is not in: the card could not go there either.
          if (slackErrorCode(error) === 'channel_not_found') {
            throw new AppError('SLACK_API_FAILED', `chat.getPermalink: channel ${channel.id} is not visible to the bot`, { reason: 'conversation_not_visible', slackError: 'channel_not_found' }, { cause: error });
          }
          throw error;
        }),
        mentionNames(client, unnamedMentions(firstLine(message.text))),
      ]);
      return {
        topic: topicFromMessage(message.text, names) || undefined,
        agenda: permalink ? `About this message: ${permalink}` : undefined,
        // The shortcut's response_url is the way in when the bot is not a member of the channel.
        thread: { channelId: channel.id, threadTs: message.thread_ts ?? message.ts, responseUrl },
      };
    }).catch((error: unknown) => deps.reportFailure(error, directMessageReply(client, requester.userId), { requester }));
  });
}

import type { MessageShortcut } from '@slack/bolt';
import { firstCodePoints } from '../../codePoints.js';
import { AppError } from '../../errors.js';
import { LIMITS } from '../../scheduling/validateMeetingRequest.js';
import type { SlackListenerDeps } from '../deps.js';
import { inviteesOf, readSlackText } from '../inboundText.js';
import { directMessageReply } from '../privateReplies.js';
import type { OpenScheduleModal } from '../modals/openScheduleModal.js';
import { requesterOfPayload } from '../requesters.js';
import { slackErrorCode } from '../slackErrors.js';
import type { ListenerRegistry } from './registry.js';

export const SHORTCUTS = { global: 'schedule_meeting', message: 'schedule_meeting_from_message' } as const;

/** The first non-blank line of a message, still in Slack's markup. */
export function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n').find((line) => line.trim()) ?? '';
}

/** The topic for a meeting about a message: its first line as words, cut to what Zoom allows (code points). */
export function topicFromMessage(words: string): string {
  return firstCodePoints(words.replace(/\s+/g, ' ').trim(), LIMITS.topicMax).trim();
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
      const [{ permalink }, about] = await Promise.all([
        client.chat.getPermalink({ channel: channel.id, message_ts: message.ts }).catch((error: unknown) => {
          // Slack hides private conversations the bot is not in: the card could not go there either.
          if (slackErrorCode(error) === 'channel_not_found') {
            throw new AppError('SLACK_API_FAILED', `chat.getPermalink: channel ${channel.id} is not visible to the bot`, { reason: 'conversation_not_visible', slackError: 'channel_not_found' }, { cause: error });
          }
          throw error;
        }),
        readSlackText(client, firstLine(message.text)),
      ]);
      return {
        topic: topicFromMessage(about.text) || undefined,
        // Whoever the line mentions is invited (the form shows them, the user may change it).
        invitees: inviteesOf(about, requester),
        agenda: permalink ? `About this message: ${permalink}` : undefined,
        // The shortcut's response_url is the way in when the bot is not a member of the channel.
        thread: { channelId: channel.id, threadTs: message.thread_ts ?? message.ts, responseUrl },
      };
    }).catch((error: unknown) => deps.reportFailure(error, directMessageReply(client, requester.userId), { requester }));
  });
}

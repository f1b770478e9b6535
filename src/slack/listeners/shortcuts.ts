import type { MessageShortcut } from '@slack/bolt';
import type { SlackListenerDeps } from '../deps.js';
import { sendDirectMessage } from '../meetingPublisher.js';
import type { OpenScheduleModal } from '../modals/openScheduleModal.js';
import { requesterOfPayload } from '../requesters.js';
import type { ListenerRegistry } from './registry.js';

export const SHORTCUTS = { global: 'schedule_meeting', message: 'schedule_meeting_from_message' } as const;

/** The first line of a message, as a topic (Zoom allows 200 characters). */
export function topicFromMessage(text: string | undefined): string {
  const firstLine = (text ?? '').split('\n').find((line) => line.trim()) ?? '';
  return firstLine.trim().slice(0, 200);
}

export function registerShortcuts(registry: ListenerRegistry, deps: SlackListenerDeps, openModal: OpenScheduleModal): void {
  registry.globalShortcut(SHORTCUTS.global, async ({ ack, shortcut, client, body }) => {
    await ack();
    const requester = requesterOfPayload(body);
    await openModal(client, shortcut.trigger_id, requester, async () => ({})).catch((error: unknown) =>
      deps.reportFailure(error, (message) => sendDirectMessage(client, requester.userId, message), { requester }),
    );
  });

  // The meeting is about a message: topic from it, a link to it in the agenda, the card in its thread.
  registry.messageShortcut(SHORTCUTS.message, async ({ ack, shortcut, client, body }) => {
    await ack();
    const { message, channel } = shortcut as MessageShortcut;
    const requester = requesterOfPayload(body);
    await openModal(client, shortcut.trigger_id, requester, async () => {
      const { permalink } = await client.chat.getPermalink({ channel: channel.id, message_ts: message.ts });
      return {
        topic: topicFromMessage(message.text),
        agenda: permalink ? `About this message: ${permalink}` : undefined,
        thread: { channelId: channel.id, threadTs: message.thread_ts ?? message.ts },
      };
    }).catch((error: unknown) => deps.reportFailure(error, (message) => sendDirectMessage(client, requester.userId, message), { requester }));
  });
}

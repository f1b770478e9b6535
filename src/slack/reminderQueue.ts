import { AppError } from '../errors.js';
import type { ReminderQueue } from '../scheduling/reminders.js';
import type { MeetingPost } from '../storage/types.js';
import { reminderMessage } from './blocks/reminderMessage.js';
import type { SlackClients } from './clients.js';
import { slackErrorCode } from './slackErrors.js';

/** Where replies to a card go: its own thread (a card posted in a thread shares that thread). */
export function cardThread(post: MeetingPost): string | undefined {
  return post.threadTs ?? post.messageTs;
}

function slackRefused(what: string, error: unknown): never {
  const code = slackErrorCode(error);
  if (!code) throw error;
  throw new AppError('SLACK_API_FAILED', `${what} failed (${code})`, { slackError: code }, { cause: error });
}

/** Reminders as Slack scheduled messages in the card's thread, shown in the channel too. */
export function createSlackReminderQueue(deps: { clients: SlackClients }): ReminderQueue {
  return {
    async schedule(post, postAt) {
      const client = await deps.clients.forTeam(post);
      const minutes = post.reminderMinutes ?? 0;
      const message = reminderMessage(post.shown!, postAt + minutes * 60_000, minutes);
      const threadTs = cardThread(post);
      const base = { channel: post.channelId, post_at: Math.floor(postAt / 1000), ...message };
      const answer = await client.chat
        .scheduleMessage(threadTs ? { ...base, thread_ts: threadTs, reply_broadcast: true } : base)
        .catch((error: unknown) => slackRefused('chat.scheduleMessage', error));
      return { id: String(answer.scheduled_message_id), channelId: answer.channel ?? post.channelId, postAt };
    },
    async unschedule(post, reminder) {
      const client = await deps.clients.forTeam(post);
      try {
        await client.chat.deleteScheduledMessage({ channel: reminder.channelId, scheduled_message_id: reminder.id ?? '' });
        return true;
      } catch (error) {
        if (slackErrorCode(error) === 'invalid_scheduled_message_id') return false;
        return slackRefused('chat.deleteScheduledMessage', error);
      }
    },
    async find(post, postAt) {
      const client = await deps.clients.forTeam(post);
      const seconds = Math.floor(postAt / 1000);
      const listed = await client.chat.scheduledMessages.list({ channel: post.channelId, oldest: String(seconds), latest: String(seconds) });
      // Its text carries the join link, which names the meeting (ids may come back as numbers: opaque strings).
      const mine = (listed.scheduled_messages ?? []).find((m) => m.post_at === seconds && (m.text ?? '').includes(post.shown?.joinUrl ?? '\u0000'));
      return mine ? { id: String(mine.id), channelId: post.channelId, postAt } : undefined;
    },
  };
}

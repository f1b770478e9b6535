import type { Logger } from '../logger.js';
import type { CreateIntent, CreateNotifier } from '../scheduling/create/createIntent.js';
import { plainMessage } from './blocks/privateMessages.js';
import { channelLink, escapeMrkdwn } from './blocks/text.js';
import type { SlackClients } from './clients.js';
import type { ReportFailure } from './failureReporter.js';
import type { HomePublisher } from './homePublisher.js';
import { laterPrivateReply } from './privateReplies.js';

/** What the user hears about a create, from whichever instance runs it: privately, where they asked. */
export function createSlackCreateNotifier(deps: { clients: SlackClients; reportFailure: ReportFailure; home: Pick<HomePublisher, 'refresh'>; logger: Logger }): CreateNotifier {
  const replyFor = (intent: CreateIntent) => laterPrivateReply(deps.clients, intent.requester, intent.replyUrl);
  const topicOf = (intent: CreateIntent) => `*${escapeMrkdwn(intent.request.topic)}*`;

  return {
    async created(intent) {
      if (intent.origin === 'after-reconnect') {
        // The meeting is announced; a lost confirmation must not read as a failed create.
        await replyFor(intent)(
          plainMessage(`:white_check_mark: As you asked before reconnecting, I scheduled ${topicOf(intent)} and posted it in ${channelLink(intent.destination.channelId)}.`),
        ).catch((error: unknown) => deps.logger.warn('could not confirm a resumed create', error));
      }
      // The Home tab lists upcoming meetings: it changes however the meeting was scheduled.
      await deps.home.refresh(intent.requester);
    },

    async checking(intent) {
      await replyFor(intent)(
        plainMessage(
          `:hourglass_flowing_sand: Zoom did not answer in time about ${topicOf(intent)}. I am checking with Zoom whether it was created: ` +
            'I will post it as soon as it shows up, or tell you here if it was not. Please don’t schedule it again meanwhile.',
        ),
      );
    },

    async failed(intent, error) {
      const resumable = intent.resumable ? { destination: intent.destination, request: intent.request } : undefined;
      await deps.reportFailure(error, replyFor(intent), { requester: intent.requester, resumable });
    },
  };
}

import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { isAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Destination, MeetingRequest, Requester } from '../scheduling/types.js';
import type { PendingCommandStore } from '../storage/types.js';
import type { ConnectFlow } from '../zoom/connectFlow.js';
import { STATE_TTL_MS } from '../zoom/connectFlow.js';
import { connectPrompt, plainMessage } from './blocks/privateMessages.js';
import { escapeMrkdwn } from './blocks/text.js';
import { userMessage, whyReconnect } from './errorMessages.js';

/** Sends a message only the requesting user sees (ephemeral via response_url, chat.postEphemeral or DM). */
export type PrivateReply = (message: { text: string; blocks?: ReturnType<typeof plainMessage>['blocks'] }) => Promise<unknown>;

/** A meeting creation that can be finished later, after the user reconnects Zoom. */
export interface ResumableCreate {
  destination: Destination;
  request: MeetingRequest;
}

export type ReportFailure = (error: unknown, reply: PrivateReply, context: { requester: Requester; resumable?: ResumableCreate }) => Promise<void>;

/**
 * Tells the user what went wrong, once, in words; never only a log line. A missing or dead Zoom link (or one
 * whose renewal's answer was lost) gets a connect button right there; a dead or lost one also keeps the command
 * so it runs after reconnecting (by this button or any other way: see afterConnect).
 */
export function createFailureReporter(deps: { connect: ConnectFlow; pendingCommands: PendingCommandStore; clock: Clock; logger: Logger }): ReportFailure {
  return async (error, reply, { requester, resumable }) => {
    if (isAppError(error, 'ZOOM_NOT_CONNECTED') || isAppError(error, 'ZOOM_GRANT_REVOKED') || isAppError(error, 'ZOOM_REFRESH_ANSWER_LOST')) {
      let intro = isAppError(error, 'ZOOM_NOT_CONNECTED') ? 'To schedule Zoom meetings from Slack, first connect your Zoom account. Nothing was created.' : whyReconnect(error);
      if (error.code !== 'ZOOM_NOT_CONNECTED' && resumable) {
        await deps.pendingCommands.put({
          id: randomUUID(),
          teamId: requester.teamId,
          userId: requester.userId,
          kind: 'create-meeting',
          payload: { requester, ...resumable } as unknown as Record<string, unknown>,
          createdAt: deps.clock.now(),
        });
        intro += ` Reconnect, and I will schedule *${escapeMrkdwn(resumable.request.topic)}* right after.`;
      } else if (error.code !== 'ZOOM_NOT_CONNECTED') {
        intro += ' Please reconnect.';
      }
      const authorizeUrl = await deps.connect.start(requester);
      await reply(connectPrompt({ authorizeUrl, intro, validMinutes: STATE_TTL_MS / 60_000 }));
      return;
    }
    if (!isAppError(error) || error.code === 'INTERNAL') deps.logger.error('unexpected failure', error);
    else if (error.code === 'STORE_UNAVAILABLE') deps.logger.error('the store is unavailable', error.cause ?? error);
    else deps.logger.info(`request failed: ${error.code}`, error.cause ?? '');
    await reply(plainMessage(`:warning: ${userMessage(error)}`));
  };
}

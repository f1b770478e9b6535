import { meetingListMessage } from '../blocks/meetingList.js';
import type { SlackListenerDeps } from '../deps.js';
import { ephemeralReply } from './replies.js';
import { requesterOf, type SubcommandHandler } from './types.js';

/** `/zoom list`: the first page of upcoming meetings, privately; "More" pages on (see listeners). */
export function listMeetingsCommand(deps: SlackListenerDeps): SubcommandHandler {
  return async (args) => {
    await args.ack();
    const requester = requesterOf(args.command);
    const reply = ephemeralReply(args.respond);
    try {
      const page = await deps.manage.listUpcoming(requester);
      await reply(meetingListMessage(page.meetings, { nextPageToken: page.nextPageToken, page: 1 }));
    } catch (error) {
      await deps.reportFailure(error, reply, { requester });
    }
  };
}

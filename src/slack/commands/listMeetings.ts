import { meetingListMessage } from '../blocks/meetingList.js';
import type { SlackListenerDeps } from '../deps.js';
import { privateSubcommand } from './privateSubcommand.js';
import type { SubcommandHandler } from './types.js';

/** `/zoom list`: the first page of upcoming meetings, privately; "More" pages on (see listeners). */
export function listMeetingsCommand(deps: SlackListenerDeps): SubcommandHandler {
  return privateSubcommand(deps, async ({ requester, reply }) => {
    const page = await deps.manage.listUpcoming(requester);
    await reply(meetingListMessage(page.meetings, { nextPageToken: page.nextPageToken, page: 1 }));
  });
}

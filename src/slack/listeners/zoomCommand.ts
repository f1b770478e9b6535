import { connectCommand } from '../commands/connect.js';
import { disconnectCommand } from '../commands/disconnect.js';
import { instantMeetingCommand } from '../commands/instantMeeting.js';
import { listMeetingsCommand } from '../commands/listMeetings.js';
import { newMeetingCommand } from '../commands/newMeeting.js';
import { registerZoomCommand, type Subcommand } from '../commands/router.js';
import { settingsCommand } from '../commands/settings.js';
import { statusCommand } from '../commands/status.js';
import type { SlackListenerDeps } from '../deps.js';
import type { OpenScheduleModal } from '../modals/openScheduleModal.js';
import type { ListenerRegistry } from './registry.js';

/** `/zoom` and its subcommands, in the order `/zoom help` lists them. */
export function registerZoomCommandListeners(registry: ListenerRegistry, deps: SlackListenerDeps, openModal: OpenScheduleModal): void {
  const instant = instantMeetingCommand(deps);
  const subcommands: Subcommand[] = [
    {
      names: ['new'],
      help: {
        usage: '/zoom new [<topic> <when> [<duration>]]',
        description: 'Schedule a meeting and post it here (duration defaults to 30 minutes). Without a time, a form opens.',
        examples: ['/zoom new Design review tomorrow 3pm 45m', '/zoom new Standup next monday 9am 15m', '/zoom new 1:1 in 2 hours for 1h', '/zoom new Design review', '/zoom new'],
      },
      handler: newMeetingCommand(deps, openModal),
    },
    {
      names: ['now'],
      help: { usage: '/zoom now [<topic>]', description: 'Start a meeting right away and post its join link here. `/zoom` alone does the same.', examples: ['/zoom now Quick sync', '/zoom'] },
      handler: instant,
    },
    { names: ['list'], help: { usage: '/zoom list', description: 'Your upcoming meetings with their join links, only for you.', examples: ['/zoom list'] }, handler: listMeetingsCommand(deps) },
    {
      names: ['connect'],
      help: { usage: '/zoom connect', description: 'Link your Zoom account (I send you a private link).', examples: ['/zoom connect'] },
      handler: connectCommand(deps),
    },
    { names: ['status'], help: { usage: '/zoom status', description: 'Which Zoom account is linked.', examples: ['/zoom status'] }, handler: statusCommand(deps) },
    {
      names: ['settings'],
      help: {
        usage: '/zoom settings',
        description: 'Your defaults: reminder before each meeting, meeting length, where recordings and AI summaries go.',
        examples: ['/zoom settings'],
      },
      handler: settingsCommand(deps),
    },
    {
      names: ['disconnect'],
      help: { usage: '/zoom disconnect', description: 'Unlink your Zoom account and revoke my access to it.', examples: ['/zoom disconnect'] },
      handler: disconnectCommand(deps),
    },
  ];
  registerZoomCommand(registry, subcommands, { whenEmpty: instant });
}

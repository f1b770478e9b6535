import { helpMessage, type HelpEntry } from '../blocks/helpMessage.js';
import { decodeSlackText } from '../inboundText.js';
import type { ListenerRegistry } from '../listeners/registry.js';
import { parseSubcommand } from './subcommand.js';
import type { SubcommandHandler } from './types.js';

export const ZOOM_COMMAND = '/zoom';

export interface Subcommand {
  names: string[];
  help: HelpEntry;
  handler: SubcommandHandler;
}

/**
 * Registers `/zoom` and dispatches on its first word; handlers get the rest as Slack sent it (escaped). The empty text goes to `whenEmpty`
 * (when given); anything unknown gets the help, naming the unknown word first.
 */
export function registerZoomCommand(registry: ListenerRegistry, subcommands: Subcommand[], options: { whenEmpty?: SubcommandHandler } = {}): void {
  const byName = new Map(subcommands.flatMap((sub) => sub.names.map((name) => [name, sub] as const)));
  const helpEntries = [...subcommands.map((sub) => sub.help), { usage: '/zoom help', description: 'This help.', examples: ['/zoom help'] }];
  registry.command(ZOOM_COMMAND, async (args) => {
    const { name, rest } = parseSubcommand(args.command.text);
    if (name === '' && options.whenEmpty) return options.whenEmpty(args, '');
    const subcommand = byName.get(name);
    if (subcommand) return subcommand.handler(args, rest);
    await args.ack({ response_type: 'ephemeral', ...helpMessage(helpEntries, name === '' || name === 'help' ? undefined : decodeSlackText(name).text) });
  });
}

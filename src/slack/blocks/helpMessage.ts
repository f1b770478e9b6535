import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, truncate } from './text.js';

export interface HelpEntry {
  usage: string;
  description: string;
  examples?: string[];
}

/** `/zoom help`, and the answer to a subcommand we do not know (which it names first). */
export function helpMessage(entries: HelpEntry[], unknownSubcommand?: string): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [];
  if (unknownSubcommand !== undefined) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`I don't know \`/zoom ${escapeMrkdwn(unknownSubcommand)}\`. Here is what I can do:`, 3000) } });
  }
  blocks.push({ type: 'header', text: { type: 'plain_text', text: 'Zoom meetings from Slack' } });
  for (const entry of entries) {
    // Escaped even inside backticks: Slack would read `<topic>` as a link there too.
    const examples = entry.examples?.length ? `\n${entry.examples.map((example) => `> \`${escapeMrkdwn(example)}\``).join('\n')}` : '';
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*\`${escapeMrkdwn(entry.usage)}\`*\n${entry.description}${examples}`, 3000) } });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Times are read in the time zone set in your Slack profile.' }] });
  // The top-level text is parsed too: `<topic>` in a usage line would be a link there.
  const text = (unknownSubcommand !== undefined ? `Unknown subcommand "${escapeMrkdwn(unknownSubcommand)}". ` : '') + entries.map((entry) => escapeMrkdwn(entry.usage)).join(', ');
  return { text, blocks };
}

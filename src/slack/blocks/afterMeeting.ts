import type { KnownBlock } from '@slack/types';
import type { ZoomAiSummary } from '../../zoom/types.js';
import { escapeMrkdwn, link, packLines, truncate } from './text.js';

/** Slack's cap on blocks in one message. */
const MAX_BLOCKS = 50;

/** The recording link, posted once per instance; the passcode only when the host chose to share it. */
export function recordingMessage(topic: string, shareUrl: string, passcode?: string): { text: string; blocks: KnownBlock[] } {
  const lines = [`:film_frames: The recording of *${escapeMrkdwn(topic)}* is ready: ${link(shareUrl, 'watch it in Zoom')}`];
  if (passcode) lines.push(`Passcode: \`${escapeMrkdwn(passcode)}\``);
  return {
    text: truncate(`Recording of ${escapeMrkdwn(topic)}: ${shareUrl}`, 4000),
    blocks: [{ type: 'section', block_id: 'recording', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } }],
  };
}

/** Zoom's AI summary: overview, what was decided and discussed, next steps. All of it is user text: escaped. */
export function summaryMessage(topic: string, summary: ZoomAiSummary): { text: string; blocks: KnownBlock[] } {
  const lines = [`:memo: *Summary of ${escapeMrkdwn(topic)}* (by Zoom's AI Companion)`];
  if (summary.overview) lines.push('', escapeMrkdwn(summary.overview));
  if (summary.details.length > 0) {
    lines.push('', '*Decisions and discussion*');
    for (const detail of summary.details) lines.push(`• ${detail.label ? `*${escapeMrkdwn(detail.label)}*: ` : ''}${escapeMrkdwn(detail.summary)}`);
  }
  if (summary.nextSteps.length > 0) {
    lines.push('', '*Next steps*');
    for (const step of summary.nextSteps) lines.push(`• ${escapeMrkdwn(step)}`);
  }
  if (lines.length === 1) lines.push('', 'Zoom made no summary text for this meeting.');
  const texts = packLines(lines, 3000).slice(0, MAX_BLOCKS);
  return {
    text: truncate(`Summary of ${escapeMrkdwn(topic)}${summary.overview ? `: ${escapeMrkdwn(summary.overview)}` : ''}`, 4000),
    blocks: texts.map((text, i) => ({ type: 'section', block_id: `summary_${i}`, text: { type: 'mrkdwn', text } })),
  };
}

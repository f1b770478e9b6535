/** Small helpers shared by the Block Kit builders. */

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to at most max characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Lines joined into as few texts of at most `max` characters as possible, breaking only between
 * lines: cutting one text at the limit could split a `<url|label>` link and lose it.
 */
export function packLines(lines: string[], max = 3000): string[] {
  const texts: string[] = [];
  let current: string | undefined;
  for (const raw of lines) {
    const line = truncate(raw, max);
    if (current !== undefined && current.length + 1 + line.length <= max) {
      current = `${current}\n${line}`;
      continue;
    }
    if (current !== undefined) texts.push(current);
    current = line;
  }
  if (current !== undefined) texts.push(current);
  return texts;
}

/**
 * A time every reader sees in their own zone (Slack renders `<!date^…>` per viewer). The fallback is
 * what clients that cannot render it show: UTC, stated as such.
 */
export function slackDate(ms: number, format = '{date_short_pretty} at {time}'): string {
  const seconds = Math.floor(ms / 1000);
  const fallback = new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  return `<!date^${seconds}^${format}|${fallback}>`;
}

export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

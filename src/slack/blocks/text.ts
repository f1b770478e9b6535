/**
 * Small helpers shared by the Block Kit builders.
 *
 * The one escaping rule: every piece of user text (a topic, an agenda, a name, an email, Zoom's own
 * words, an error that echoes input) goes through escapeMrkdwn before it joins a field Slack parses:
 * mrkdwn text objects and a message's top-level `text`. Only the app writes `<@U…>`, `<#C…>`,
 * `<!date^…>` and links, with the helpers below. plain_text objects are not parsed for mentions or
 * links, so user text goes there as it is.
 */

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A mention the app adds (the host, an invitee): user ids only, anything else is shown as text. */
export function mention(userId: string): string {
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

/** A conversation the app names; Slack renders it by name. */
export function channelLink(channelId: string): string {
  return /^[CGD][A-Z0-9]+$/.test(channelId) ? `<#${channelId}>` : escapeMrkdwn(channelId);
}

/** A link the app adds: its label is escaped; a URL Slack could not carry intact is shown as words instead. */
export function link(url: string, label: string): string {
  return /^https?:\/\/[^\s<>|]+$/.test(url) ? `<${url}|${escapeMrkdwn(label)}>` : escapeMrkdwn(label);
}

/**
 * Cuts text to at most max UTF-16 units (Slack's limits), marking the cut. The cut never leaves half
 * a surrogate pair (an emoji), half an escape (`&amp;`) or half of app markup (`<…>`).
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = text.slice(0, max - 1);
  const last = kept.charCodeAt(kept.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) kept = kept.slice(0, -1);
  kept = kept.replace(/&[a-z]{0,3}$/, '');
  if (kept.lastIndexOf('<') > kept.lastIndexOf('>')) kept = kept.slice(0, kept.lastIndexOf('<'));
  return `${kept}…`;
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

/** Splits `/zoom <subcommand> <rest>`; the subcommand is case-insensitive, the rest kept as typed. */
export function parseSubcommand(text: string): { name: string; rest: string } {
  const trimmed = text.trim();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  if (!match) return { name: '', rest: '' };
  return { name: (match[1] ?? '').toLowerCase(), rest: (match[2] ?? '').trim() };
}

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** manifest.yml is the one list of bot scopes; the install flow asks for exactly those. */
export function manifestBotScopes(manifestUrl = new URL('../../manifest.yml', import.meta.url)): string[] {
  const manifest = parse(readFileSync(manifestUrl, 'utf8')) as { oauth_config?: { scopes?: { bot?: string[] } } };
  const scopes = manifest.oauth_config?.scopes?.bot;
  if (!scopes?.length) throw new Error('manifest.yml declares no bot scopes');
  return scopes;
}

import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { systemClock } from '../src/clock.js';
import { testStoreLocation } from './support/storage.js';

/** manifest.yml is the one description of the Slack app: valid for Slack, and in step with the code. */
const SCHEMA_DIR = new URL('./fixtures/slack-manifest/', import.meta.url);

interface Manifest {
  features: {
    slash_commands: Array<{ command: string; usage_hint?: string }>;
    shortcuts: Array<{ type: 'global' | 'message'; callback_id: string; name: string }>;
    app_home: { home_tab_enabled: boolean };
  };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean } };
  oauth_config: { scopes: { bot: string[] }; redirect_urls: string[] };
}

const manifest = parse(readFileSync(new URL('../manifest.yml', import.meta.url), 'utf8')) as Manifest;

describe('manifest.yml', () => {
  it.each(['1.0.0', '2.0.0'])('is valid against Slack manifest schema %s', (version) => {
    const schema = JSON.parse(readFileSync(new URL(`manifest.schema.${version}.json`, SCHEMA_DIR), 'utf8')) as object;
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    const validate = ajv.compile(schema);
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    // The schema really rejects something: Slack's own invalid example.
    const invalid = JSON.parse(readFileSync(new URL('manifest.invalid.json', SCHEMA_DIR), 'utf8')) as object;
    expect(validate(invalid)).toBe(false);
  });

  it('declares exactly the commands, shortcuts and events the code registers', async () => {
    const location = testStoreLocation('embedded');
    const storage = await location.open(systemClock);
    const config = loadConfig({ SLACK_SIGNING_SECRET: 'secret', SLACK_BOT_TOKEN: 'xoxb-test', ZOOM_CLIENT_ID: 'id', ZOOM_CLIENT_SECRET: 'secret', PORT: '0' });
    const built = createApp({ config, clock: systemClock, logger: createLogger({ level: 'error' }), storage });
    const registered = built.listeners.registered();
    await storage.close();
    await location.dispose();

    expect(manifest.features.slash_commands.map((c) => c.command).sort()).toEqual(registered.commands);
    expect(manifest.features.shortcuts.filter((s) => s.type === 'global').map((s) => s.callback_id).sort()).toEqual(registered.globalShortcuts);
    expect(manifest.features.shortcuts.filter((s) => s.type === 'message').map((s) => s.callback_id).sort()).toEqual(registered.messageShortcuts);
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(registered.events);
    expect(manifest.features.app_home.home_tab_enabled).toBe(registered.events.includes('app_home_opened'));
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('asks for the scopes the app uses and no more', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['chat:write', 'commands', 'im:write', 'users:read', 'users:read.email']);
    expect(manifest.oauth_config.redirect_urls.every((url) => url.endsWith('/slack/oauth_redirect'))).toBe(true);
  });
});

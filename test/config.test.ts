import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { killSpawnedApps, spawnMainFromSource } from './support/appProcess.js';

const KEY = randomBytes(32).toString('base64');

/** The least a single-workspace HTTP deployment needs. */
const BASE = {
  SLACK_SIGNING_SECRET: 'signing-secret',
  SLACK_BOT_TOKEN: 'xoxb-1-abc',
  ZOOM_CLIENT_ID: 'zoom-id',
  ZOOM_CLIENT_SECRET: 'zoom-secret',
} as const;

const MULTI = { SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'state-secret' } as const;

function configError(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('loadConfig accepted the environment');
}

function without(name: keyof typeof BASE): Record<string, string> {
  const env: Record<string, string> = { ...BASE };
  delete env[name];
  return env;
}

describe('loadConfig: the modes', () => {
  it('one workspace over HTTP with user-level Zoom: defaults filled in', () => {
    const config = loadConfig({ ...BASE });
    expect(config).toMatchObject({
      port: 3000,
      publicUrl: 'http://localhost:3000',
      logLevel: 'info',
      slack: { signingSecret: 'signing-secret', appToken: undefined, apiUrl: 'https://slack.com/api/', mode: { kind: 'single-workspace', botToken: 'xoxb-1-abc' } },
      zoom: {
        clientId: 'zoom-id',
        accountId: undefined,
        oauthUrl: 'https://zoom.us',
        apiUrl: 'https://api.zoom.us/v2',
        timeoutMs: 8000,
        redirectUri: 'http://localhost:3000/zoom/oauth/callback',
      },
      storage: { databaseUrl: undefined, dataDir: './data', tokenEncryptionKey: undefined },
    });
  });

  it('many workspaces: client id, secret and state secret, no bot token', () => {
    const config = loadConfig({ ...without('SLACK_BOT_TOKEN'), ...MULTI, PUBLIC_URL: 'https://bot.example.com/' });
    expect(config.slack.mode).toEqual({ kind: 'multi-workspace', clientId: '111.222', clientSecret: 'client-secret', stateSecret: 'state-secret' });
    expect(config.publicUrl).toBe('https://bot.example.com');
    expect(config.zoom.redirectUri).toBe('https://bot.example.com/zoom/oauth/callback');
  });

  it('many workspaces with an allowlist: the team and Enterprise Grid ids, spaces around commas allowed', () => {
    const config = loadConfig({ ...without('SLACK_BOT_TOKEN'), ...MULTI, ALLOWED_TEAM_IDS: 'T0ACME, T0BETA', ALLOWED_ENTERPRISE_IDS: 'E0GRID' });
    expect(config.slack.mode).toMatchObject({ kind: 'multi-workspace', allowlist: { teamIds: ['T0ACME', 'T0BETA'], enterpriseIds: ['E0GRID'] } });
  });

  it('Socket Mode: the app token, and no signing secret needed', () => {
    const config = loadConfig({ ...without('SLACK_SIGNING_SECRET'), SLACK_APP_TOKEN: 'xapp-1-A1-123-abc' });
    expect(config.slack.appToken).toBe('xapp-1-A1-123-abc');
    expect(config.slack.signingSecret).toBe('');
  });

  it('Server-to-Server: the Zoom account id', () => {
    expect(loadConfig({ ...BASE, ZOOM_ACCOUNT_ID: 'acct_1' }).zoom.accountId).toBe('acct_1');
  });

  it('PostgreSQL with its key; values are trimmed and an empty variable counts as unset', () => {
    const config = loadConfig({ ...BASE, DATABASE_URL: ' postgres://u@db:5432/x ', TOKEN_ENCRYPTION_KEY: KEY, PORT: '', LOG_LEVEL: '', ZOOM_ACCOUNT_ID: '  ' });
    expect(config.storage.databaseUrl).toBe('postgres://u@db:5432/x');
    expect(config.storage.tokenEncryptionKey).toEqual(Buffer.from(KEY, 'base64'));
    expect(config.port).toBe(3000);
    expect(config.logLevel).toBe('info');
    expect(config.zoom.accountId).toBeUndefined();
  });
});

describe('loadConfig: every error names the variable', () => {
  it.each([
    ['ZOOM_CLIENT_ID missing', without('ZOOM_CLIENT_ID'), /ZOOM_CLIENT_ID is required/],
    ['ZOOM_CLIENT_SECRET empty', { ...BASE, ZOOM_CLIENT_SECRET: '' }, /ZOOM_CLIENT_SECRET is required/],
    ['PORT not a number', { ...BASE, PORT: 'eighty' }, /PORT /],
    ['PORT out of range', { ...BASE, PORT: '70000' }, /PORT /],
    ['PORT not an integer', { ...BASE, PORT: '80.5' }, /PORT /],
    ['TOKEN_ENCRYPTION_KEY of 16 bytes', { ...BASE, TOKEN_ENCRYPTION_KEY: randomBytes(16).toString('base64') }, /TOKEN_ENCRYPTION_KEY must be 32 bytes/],
    ['DATABASE_URL without TOKEN_ENCRYPTION_KEY', { ...BASE, DATABASE_URL: 'postgres://u@db/x' }, /TOKEN_ENCRYPTION_KEY is required with DATABASE_URL/],
    ['DATABASE_URL not postgres', { ...BASE, DATABASE_URL: 'mysql://u@db/x', TOKEN_ENCRYPTION_KEY: KEY }, /DATABASE_URL must be a postgres/],
    ['neither bot token nor client credentials', without('SLACK_BOT_TOKEN'), /SLACK_BOT_TOKEN.*SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET/],
    ['client id without the state secret', { ...without('SLACK_BOT_TOKEN'), SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 's' }, /SLACK_STATE_SECRET is required with SLACK_CLIENT_ID/],
    ['bot token and client credentials together', { ...BASE, ...MULTI }, /either SLACK_BOT_TOKEN .* not both/],
    ['the .env.example placeholder bot token', { ...BASE, SLACK_BOT_TOKEN: 'xoxb-' }, /SLACK_BOT_TOKEN must be a bot token/],
    ['a user token as bot token', { ...BASE, SLACK_BOT_TOKEN: 'xoxp-1-abc' }, /SLACK_BOT_TOKEN must be a bot token/],
    ['a bot token as app token', { ...BASE, SLACK_APP_TOKEN: 'xoxb-1-abc' }, /SLACK_APP_TOKEN must be an app-level token/],
    ['no signing secret over HTTP', without('SLACK_SIGNING_SECRET'), /SLACK_SIGNING_SECRET is required/],
    ['PUBLIC_URL without scheme', { ...BASE, PUBLIC_URL: 'bot.example.com' }, /PUBLIC_URL must be an http\(s\) URL/],
    ['LOG_LEVEL unknown', { ...BASE, LOG_LEVEL: 'verbose' }, /LOG_LEVEL /],
    ['ZOOM_TIMEOUT_MS too small', { ...BASE, ZOOM_TIMEOUT_MS: '5' }, /ZOOM_TIMEOUT_MS /],
    ['a channel id among the team ids', { ...without('SLACK_BOT_TOKEN'), ...MULTI, ALLOWED_TEAM_IDS: 'T0ACME,C0GENERAL' }, /ALLOWED_TEAM_IDS must be a comma-separated list of Slack ids like T0123ABCD/],
    ['a team id as enterprise id', { ...without('SLACK_BOT_TOKEN'), ...MULTI, ALLOWED_ENTERPRISE_IDS: 'T0ACME' }, /ALLOWED_ENTERPRISE_IDS must be a comma-separated list of Slack ids like E0123ABCD/],
  ])('%s', (_case, env, expected) => {
    expect(configError(env)).toMatch(expected);
  });

  it('reports every problem at once', () => {
    const message = configError({ SLACK_BOT_TOKEN: 'xoxb-1-abc', SLACK_SIGNING_SECRET: 's', PORT: 'x' });
    expect(message).toContain('PORT');
    expect(message).toContain('ZOOM_CLIENT_ID is required');
    expect(message).toContain('ZOOM_CLIENT_SECRET is required');
  });

  it('.env.example as shipped: one start names every variable still to fill in, with what it should look like', () => {
    const message = configError(parseEnv(readFileSync(new URL('../.env.example', import.meta.url), 'utf8')));
    for (const name of ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET']) expect(message).toContain(name);
    expect(message).toContain('xoxb-');
    expect(message).toContain('Signing Secret');
  });

  it('never echoes a secret value back', () => {
    const message = configError({ ...BASE, SLACK_BOT_TOKEN: 'xoxp-super-secret-value' });
    expect(message).not.toContain('super-secret-value');
  });
});

describe('loadConfig: the company Zoom account serves only the workspaces it is set up for', () => {
  const COMPANY_MANY = { ...without('SLACK_BOT_TOKEN'), ...MULTI, ZOOM_ACCOUNT_ID: 'acct_1' };

  it('with many workspaces and no allowlist it refuses to start, naming the variables', () => {
    const message = configError(COMPANY_MANY);
    expect(message).toMatch(/ZOOM_ACCOUNT_ID .* with SLACK_CLIENT_ID .* needs ALLOWED_TEAM_IDS or ALLOWED_ENTERPRISE_IDS/);
  });

  it('an allowlist that names no id is no allowlist', () => {
    expect(configError({ ...COMPANY_MANY, ALLOWED_TEAM_IDS: ' , ' })).toContain('needs ALLOWED_TEAM_IDS or ALLOWED_ENTERPRISE_IDS');
  });

  it.each([
    ['workspaces', { ALLOWED_TEAM_IDS: 'T0ACME' }, { teamIds: ['T0ACME'], enterpriseIds: [] }],
    ['an Enterprise Grid org', { ALLOWED_ENTERPRISE_IDS: 'E0GRID' }, { teamIds: [], enterpriseIds: ['E0GRID'] }],
  ])('with many workspaces and an allowlist of %s it starts, restricted to them', (_case, allowed, allowlist) => {
    const config = loadConfig({ ...COMPANY_MANY, ...allowed });
    expect(config.zoom.accountId).toBe('acct_1');
    expect(config.slack.mode).toMatchObject({ kind: 'multi-workspace', allowlist });
  });

  it('with one workspace (its bot token) it needs no allowlist', () => {
    expect(loadConfig({ ...BASE, ZOOM_ACCOUNT_ID: 'acct_1' }).slack.mode).toEqual({ kind: 'single-workspace', botToken: 'xoxb-1-abc' });
  });
});

describe('the entry point', () => {
  afterEach(killSpawnedApps);

  it('src/main.ts with a malformed variable exits 1 and names it on stderr', async () => {
    const main = spawnMainFromSource({ ...BASE, TOKEN_ENCRYPTION_KEY: 'too-short', DATA_DIR: '/nonexistent/never-created' });
    expect(await main.exited).toBe(1);
    expect(main.output()).toContain('TOKEN_ENCRYPTION_KEY must be 32 bytes');
    expect(main.output()).not.toContain('listening');
  }, 90_000);
});

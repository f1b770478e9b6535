import { z } from 'zod';

/**
 * The one typed configuration, read from the environment once at startup. Every missing or malformed
 * variable is reported at once, in one ConfigError naming each and saying what it should look like.
 */

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const url = (name: string) =>
  z
    .string()
    .trim()
    .refine((value) => /^https?:\/\/[^\s]+$/.test(value), `${name} must be an http(s) URL`)
    .transform((value) => value.replace(/\/+$/, ''));

const base64Key = z
  .string()
  .trim()
  .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)');

const splitIds = (value: string | undefined): string[] => (value ?? '').split(',').map((id) => id.trim()).filter((id) => id !== '');

/** A comma-separated list of Slack ids (`T0123,T0456`); spaces around commas are fine. */
const idList = (name: string, shape: RegExp) =>
  z
    .string()
    .optional()
    .transform(splitIds)
    .refine((ids) => ids.every((id) => shape.test(id)), `${name} must be a comma-separated list of Slack ids like ${shape.source.slice(1, 2)}0123ABCD`);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: url('PUBLIC_URL').optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),

  SLACK_SIGNING_SECRET: optionalString,
  SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || /^xoxb-\S+$/.test(v), 'must be a bot token (xoxb-…)'),
  SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || /^xapp-\S+$/.test(v), 'must be an app-level token (xapp-…)'),
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: optionalString,
  SLACK_API_URL: url('SLACK_API_URL').default('https://slack.com/api'),
  ALLOWED_TEAM_IDS: idList('ALLOWED_TEAM_IDS', /^T[A-Z0-9]+$/),
  ALLOWED_ENTERPRISE_IDS: idList('ALLOWED_ENTERPRISE_IDS', /^E[A-Z0-9]+$/),

  ZOOM_CLIENT_ID: z.string().trim().min(1),
  ZOOM_CLIENT_SECRET: z.string().trim().min(1),
  ZOOM_ACCOUNT_ID: optionalString,
  ZOOM_OAUTH_URL: url('ZOOM_OAUTH_URL').default('https://zoom.us'),
  ZOOM_API_URL: url('ZOOM_API_URL').default('https://api.zoom.us/v2'),
  ZOOM_WEBHOOK_SECRET_TOKEN: optionalString,
  ZOOM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(8000),

  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// URL'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  TOKEN_ENCRYPTION_KEY: base64Key.optional().or(z.literal('').transform(() => undefined)),
  METRICS_TOKEN: optionalString,
});

export type SlackMode =
  | { kind: 'single-workspace'; botToken: string }
  | {
      kind: 'multi-workspace';
      clientId: string;
      clientSecret: string;
      stateSecret: string;
      /** When set, only these workspaces (or workspaces of these Enterprise Grid orgs) may install and use the app. */
      allowlist?: { teamIds: string[]; enterpriseIds: string[] };
    };

export interface Config {
  port: number;
  publicUrl: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** When set, GET /metrics answers only `Authorization: Bearer <token>`. */
  metricsToken?: string;
  slack: {
    signingSecret: string;
    /** Socket Mode when set. */
    appToken?: string;
    apiUrl: string;
    mode: SlackMode;
  };
  zoom: {
    clientId: string;
    clientSecret: string;
    /** Server-to-Server OAuth (account-level) when set. */
    accountId?: string;
    oauthUrl: string;
    apiUrl: string;
    webhookSecretToken?: string;
    timeoutMs: number;
    redirectUri: string;
  };
  storage: {
    databaseUrl?: string;
    dataDir: string;
    /** 32-byte key; undefined means "generate one into dataDir" (embedded store only). */
    tokenEncryptionKey?: Buffer;
  };
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const MULTI_WORKSPACE_VARIABLES = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

function allowlistOf(e: { ALLOWED_TEAM_IDS: string[]; ALLOWED_ENTERPRISE_IDS: string[] }): { teamIds: string[]; enterpriseIds: string[] } | undefined {
  if (e.ALLOWED_TEAM_IDS.length === 0 && e.ALLOWED_ENTERPRISE_IDS.length === 0) return undefined;
  return { teamIds: e.ALLOWED_TEAM_IDS, enterpriseIds: e.ALLOWED_ENTERPRISE_IDS };
}

/** What each variable should look like, said next to any problem with it. */
const HINTS: Record<string, string> = {
  PORT: 'a port number, 0 to 65535',
  LOG_LEVEL: `one of ${LOG_LEVELS.join(', ')}`,
  SLACK_SIGNING_SECRET: "Basic Information > App Credentials > Signing Secret in your Slack app's settings",
  SLACK_BOT_TOKEN: "the Bot User OAuth Token (xoxb-…) under Install App in your Slack app's settings",
  SLACK_APP_TOKEN: 'an app-level token (xapp-…) with the connections:write scope',
  ZOOM_CLIENT_ID: 'the Client ID under App Credentials of your Zoom app',
  ZOOM_CLIENT_SECRET: 'the Client Secret under App Credentials of your Zoom app',
  ZOOM_TIMEOUT_MS: 'milliseconds, 100 to 60000',
  TOKEN_ENCRYPTION_KEY: 'openssl rand -base64 32',
};

function withHint(name: string, problem: string): string {
  const hint = HINTS[name];
  return hint ? `${problem} (${hint})` : problem;
}

/** The rules between variables (which Slack mode, what PostgreSQL needs), on what is present, so they are reported along with the rest. */
function crossVariableProblems(has: (name: string) => boolean, hasIds: (name: string) => boolean): string[] {
  const problems: string[] = [];
  const multiGiven = MULTI_WORKSPACE_VARIABLES.filter(has);
  if (has('SLACK_BOT_TOKEN') && multiGiven.length > 0) {
    problems.push(`set either SLACK_BOT_TOKEN (one workspace) or ${multiGiven.join(', ')} (many workspaces), not both`);
  } else if (!has('SLACK_BOT_TOKEN') && multiGiven.length === 0) {
    problems.push(
      withHint('SLACK_BOT_TOKEN', 'set SLACK_BOT_TOKEN (one workspace), or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (many workspaces)'),
    );
  } else if (!has('SLACK_BOT_TOKEN') && multiGiven.length < MULTI_WORKSPACE_VARIABLES.length) {
    const missing = MULTI_WORKSPACE_VARIABLES.filter((name) => !has(name));
    problems.push(`${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required with ${multiGiven.join(' and ')} (many workspaces)`);
  }
  if (!has('SLACK_SIGNING_SECRET') && !has('SLACK_APP_TOKEN')) problems.push(withHint('SLACK_SIGNING_SECRET', 'SLACK_SIGNING_SECRET is required'));
  // The company's Zoom account matches Slack users to Zoom users by email: any workspace that could install the
  // app could act as (and list the meetings of) the company's people who share an email with one of its members.
  if (!has('SLACK_BOT_TOKEN') && multiGiven.length > 0 && has('ZOOM_ACCOUNT_ID') && !hasIds('ALLOWED_TEAM_IDS') && !hasIds('ALLOWED_ENTERPRISE_IDS')) {
    problems.push(
      'ZOOM_ACCOUNT_ID (the company Zoom account) with SLACK_CLIENT_ID (many workspaces) needs ALLOWED_TEAM_IDS or ALLOWED_ENTERPRISE_IDS: the Slack workspaces (T…) or Enterprise Grid orgs (E…) the company account serves',
    );
  }
  if (has('DATABASE_URL') && !has('TOKEN_ENCRYPTION_KEY')) problems.push(withHint('TOKEN_ENCRYPTION_KEY', 'TOKEN_ENCRYPTION_KEY is required with DATABASE_URL'));
  return problems;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (`PORT=` in .env) means "not set", for every variable alike.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = envSchema.safeParse(given);
  const problems = (parsed.error?.issues ?? []).map((issue) => {
    const name = issue.path.join('.');
    const message = issue.code === 'invalid_type' && given[name] === undefined ? 'is required' : issue.message;
    return withHint(name, `${name} ${message}`);
  });
  // A list of only commas (`ALLOWED_TEAM_IDS=,`) is set but lists nobody: it must not pass for an allowlist.
  const hasIds = (name: string) => splitIds(given[name]).length > 0;
  problems.push(...crossVariableProblems((name) => given[name] !== undefined, hasIds));
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
  const e = parsed.data;
  const mode: SlackMode = e.SLACK_BOT_TOKEN
    ? { kind: 'single-workspace', botToken: e.SLACK_BOT_TOKEN }
    : { kind: 'multi-workspace', clientId: e.SLACK_CLIENT_ID!, clientSecret: e.SLACK_CLIENT_SECRET!, stateSecret: e.SLACK_STATE_SECRET!, allowlist: allowlistOf(e) };
  const signingSecret = e.SLACK_SIGNING_SECRET ?? '';

  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  return {
    port: e.PORT,
    publicUrl,
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN,
    slack: { signingSecret, appToken: e.SLACK_APP_TOKEN, apiUrl: `${e.SLACK_API_URL}/`, mode },
    zoom: {
      clientId: e.ZOOM_CLIENT_ID,
      clientSecret: e.ZOOM_CLIENT_SECRET,
      accountId: e.ZOOM_ACCOUNT_ID,
      oauthUrl: e.ZOOM_OAUTH_URL,
      apiUrl: e.ZOOM_API_URL,
      webhookSecretToken: e.ZOOM_WEBHOOK_SECRET_TOKEN,
      timeoutMs: e.ZOOM_TIMEOUT_MS,
      redirectUri: `${publicUrl}/zoom/oauth/callback`,
    },
    storage: {
      databaseUrl: e.DATABASE_URL,
      dataDir: e.DATA_DIR,
      tokenEncryptionKey: e.TOKEN_ENCRYPTION_KEY ? Buffer.from(e.TOKEN_ENCRYPTION_KEY, 'base64') : undefined,
    },
  };
}

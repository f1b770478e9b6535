import { ClearStateStore, type Installation } from '@slack/oauth';
import { afterEach, describe, expect, it } from 'vitest';
import { keyvInstallationStore } from '../../src/slack/install/installationStore.js';
import { manifestBotScopes } from '../../src/slack/manifestScopes.js';
import type { FakeSlack } from '../fakes/fakeSlack.js';
import { startSocketModeServer } from '../fakes/socketModeServer.js';
import { connectLinkFromDm, findButtonUrl, followAuthorizeLink, startInstance, startWorld, type AppInstance, type World } from '../support/harness.js';
import { rawStoreText, STORE_KINDS } from '../support/storage.js';
import { ALICE, BOB, GENERAL, seedSlackTeam, TEAM } from '../support/world.js';

/**
 * Many workspaces: the app has no bot token of its own. Each workspace installs it through Slack's OAuth flow
 * in a browser (GET /slack/install → Slack → GET /slack/oauth_redirect), and each workspace's requests are
 * answered with the bot token of its own installation.
 */

const STATE_SECRET = 'install-state-secret';
const STATE_COOKIE = 'slack-app-oauth-state';
/** A second workspace, with the same people ids as Acme (ids are per workspace in the fake, as in Slack). */
const BETA = { id: 'T0BETA', name: 'Beta', botToken: 'xoxb-beta-seed-token', botUserId: 'UBOTBETA' } as const;
const INSTALLED_TOKEN = { [TEAM.id]: 'xoxb-acme-installed-token', [BETA.id]: 'xoxb-beta-installed-token' } as const;

let world: World | undefined;
let app: AppInstance | undefined;
afterEach(async () => {
  await app?.stop();
  world?.slack.assertNoViolations();
  await world?.close();
  app = undefined;
  world = undefined;
});

function multiWorkspaceEnv(slack: FakeSlack): Record<string, string | undefined> {
  return { SLACK_BOT_TOKEN: undefined, SLACK_CLIENT_ID: slack.clientId, SLACK_CLIENT_SECRET: slack.clientSecret, SLACK_STATE_SECRET: STATE_SECRET };
}

async function startMultiWorkspace(store: 'embedded' | 'postgres' = 'embedded'): Promise<{ world: World; app: AppInstance }> {
  world = await startWorld({ store });
  seedSlackTeam(world.slack, BETA);
  app = await startInstance(world, multiWorkspaceEnv(world.slack));
  return { world, app };
}

interface InstallStart {
  html: string;
  /** `name=value` of the state cookie @slack/oauth set, as the browser sends it back. */
  cookie: string;
  addToSlack: URL;
  state: string;
}

/** A browser opens the install page. */
async function openInstallPage(appUrl: string): Promise<InstallStart> {
  const page = await fetch(`${appUrl}/slack/install`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toContain('text/html');
  const html = await page.text();
  const href = /<a[^>]*href="([^"]+)"[^>]*>Add to Slack<\/a>/.exec(html)?.[1];
  if (!href) throw new Error(`no Add to Slack link in:\n${html}`);
  const addToSlack = new URL(href.replaceAll('&amp;', '&'));
  const setCookie = page.headers.getSetCookie().find((c) => c.startsWith(`${STATE_COOKIE}=`));
  if (!setCookie) throw new Error('no state cookie');
  const cookie = setCookie.split(';')[0]!;
  return { html, cookie, addToSlack, state: addToSlack.searchParams.get('state') ?? '' };
}

/** Slack sends the browser back to the redirect URI of the Add to Slack link. */
function redirectUrl(start: InstallStart, params: Record<string, string>): string {
  const url = new URL(start.addToSlack.searchParams.get('redirect_uri') ?? '');
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.href;
}

async function get(url: string, cookie?: string): Promise<{ status: number; html: string; headers: Headers }> {
  const res = await fetch(url, { headers: cookie ? { cookie } : {} });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** The whole install, as a person does it: install page, Allow at Slack (the fake issues the code), back to the app. */
async function install(slack: FakeSlack, appUrl: string, team: { id: string; name: string; enterpriseId?: string; enterpriseName?: string }, installerUserId: string) {
  const start = await openInstallPage(appUrl);
  const code = slack.createOAuthCode({
    teamId: team.id,
    teamName: team.name,
    enterpriseId: team.enterpriseId,
    enterpriseName: team.enterpriseName,
    installerUserId,
    botToken: INSTALLED_TOKEN[team.id as keyof typeof INSTALLED_TOKEN],
    redirectUri: start.addToSlack.searchParams.get('redirect_uri') ?? undefined,
  });
  const redirect = redirectUrl(start, { code, state: start.state });
  return { start, redirect, result: await get(redirect, start.cookie) };
}

describe.each(STORE_KINDS)('installing in two workspaces (%s store)', (store) => {
  it('installs through the browser, stores each installation encrypted, and answers each workspace with its own token', async () => {
    const { world, app } = await startMultiWorkspace(store);

    // The install page: an Add to Slack link to Slack's authorize page with our client id, the manifest's bot
    // scopes, our redirect URI and a state that is also in a cookie.
    const first = await install(world.slack, app.url, TEAM, ALICE.id);
    expect(first.start.html).toContain('Add to Slack');
    expect(first.start.addToSlack.origin + first.start.addToSlack.pathname).toBe('https://slack.com/oauth/v2/authorize');
    expect(first.start.addToSlack.searchParams.get('client_id')).toBe(world.slack.clientId);
    expect(first.start.addToSlack.searchParams.get('scope')?.split(',')).toEqual(manifestBotScopes());
    expect(first.start.addToSlack.searchParams.get('redirect_uri')).toBe(`${app.url}/slack/oauth_redirect`);
    expect(first.start.state.length).toBeGreaterThanOrEqual(32);
    expect(first.start.cookie).toBe(`${STATE_COOKIE}=${first.start.state}`);

    expect(first.result.status).toBe(200);
    expect(first.result.html).toContain('Zoom Scheduler is installed');
    expect(first.result.html).toContain(`in ${TEAM.name}`);
    // The state cookie is spent.
    expect(first.result.headers.get('set-cookie')).toContain(`${STATE_COOKIE}=deleted`);

    const second = await install(world.slack, app.url, BETA, BOB.id);
    expect(second.result.status).toBe(200);
    expect(second.result.html).toContain(`in ${BETA.name}`);

    // Slack was asked with the client credentials and the same redirect URI.
    const exchanges = world.slack.callsTo('oauth.v2.access');
    expect(exchanges.map((c) => c.ok)).toEqual([true, true]);
    expect(exchanges[0]!.args).toMatchObject({ client_id: world.slack.clientId, redirect_uri: `${app.url}/slack/oauth_redirect` });

    // Stored, one per workspace, with its bot token; never in plain text at rest.
    const acme = await app.storage.installations.get<Installation>(`team:${TEAM.id}`);
    expect(acme).toMatchObject({ team: { id: TEAM.id, name: TEAM.name }, bot: { token: INSTALLED_TOKEN[TEAM.id], userId: TEAM.botUserId }, isEnterpriseInstall: false, user: { id: ALICE.id } });
    expect(acme?.bot?.scopes).toEqual(expect.arrayContaining(['commands', 'chat:write']));
    const beta = await app.storage.installations.get<Installation>(`team:${BETA.id}`);
    expect(beta?.bot?.token).toBe(INSTALLED_TOKEN[BETA.id]);
    const raw = await rawStoreText(world.location);
    expect(raw).not.toContain('xoxb-');
    expect(raw).not.toContain(TEAM.name);

    // Commands from each workspace: every Slack call made for it carries that workspace's installed token.
    const before = world.slack.calls.at(-1)?.seq ?? 0;
    expect((await app.sender.slashCommand({ teamId: TEAM.id, userId: ALICE.id, channelId: GENERAL.id, text: 'connect' })).status).toBe(200);
    expect((await app.sender.slashCommand({ teamId: BETA.id, userId: BOB.id, channelId: GENERAL.id, text: 'connect' })).status).toBe(200);
    await connectLinkFromDm(world.slack, ALICE.id, before);
    await connectLinkFromDm(world.slack, BOB.id, before);
    const dms = world.slack.callsTo('chat.postMessage').filter((c) => c.seq > before);
    expect(dms.map((c) => [c.teamId, c.args.channel, c.token, c.ok]).sort()).toEqual(
      [
        [TEAM.id, `D${ALICE.id}`, INSTALLED_TOKEN[TEAM.id], true],
        [BETA.id, `D${BOB.id}`, INSTALLED_TOKEN[BETA.id], true],
      ].sort(),
    );
    const after = world.slack.calls.filter((c) => c.seq > before);
    expect(after.every((c) => c.token === INSTALLED_TOKEN[c.teamId as keyof typeof INSTALLED_TOKEN])).toBe(true);
    // The seeded tokens were replaced at install; nothing used them.
    expect(world.slack.calls.some((c) => c.token === TEAM.botToken || c.token === BETA.botToken)).toBe(false);
  });
});

describe('the install redirect refuses what it must', () => {
  it('a replayed redirect (same code, state and cookie) gets a 400 page and is not exchanged again', async () => {
    const { world, app } = await startMultiWorkspace();
    const first = await install(world.slack, app.url, TEAM, ALICE.id);
    expect(first.result.status).toBe(200);

    const replay = await get(first.redirect, first.start.cookie);
    expect(replay.status).toBe(400);
    expect(replay.html).toContain('The app was not installed');
    expect(replay.html).toContain('expired or was already used');
    expect(world.slack.callsTo('oauth.v2.access')).toHaveLength(1);
  });

  it('a forged state (cookie to match) gets a 400 page; nothing reaches Slack or the store', async () => {
    const { world, app } = await startMultiWorkspace();
    const code = world.slack.createOAuthCode({ teamId: TEAM.id, teamName: TEAM.name, installerUserId: ALICE.id });
    const forged = await get(`${app.url}/slack/oauth_redirect?code=${code}&state=forged-state`, `${STATE_COOKIE}=forged-state`);
    expect(forged.status).toBe(400);
    expect(forged.html).toContain('The app was not installed');
    expect(world.slack.callsTo('oauth.v2.access')).toHaveLength(0);
    expect(await app.storage.installations.get(`team:${TEAM.id}`)).toBeUndefined();
  });

  it('a state signed with another secret, or altered, gets a 400 page (cookie to match); nothing reaches Slack', async () => {
    const { world, app } = await startMultiWorkspace();
    const start = await openInstallPage(app.url);
    const installOptions = { scopes: manifestBotScopes(), redirectUri: `${app.url}/slack/oauth_redirect` };
    const otherSecret = await new ClearStateStore('not-our-secret').generateStateParam(installOptions, new Date(world.clock.now()));
    // Our state is `<content>.<HMAC of content>`: asking for more scopes changes the content, not the HMAC.
    const [content, signature] = start.state.split('.');
    const altered = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(content!, 'base64url').toString()), installOptions: { ...installOptions, scopes: ['admin'] } })).toString('base64url')}.${signature}`;
    for (const state of [otherSecret, altered]) {
      const code = world.slack.createOAuthCode({ teamId: TEAM.id, teamName: TEAM.name, installerUserId: ALICE.id });
      const result = await get(redirectUrl(start, { code, state }), `${STATE_COOKIE}=${state}`);
      expect(result.status).toBe(400);
      expect(result.html).toContain('expired or was already used');
    }
    expect(world.slack.callsTo('oauth.v2.access')).toHaveLength(0);
    expect(await app.storage.installations.get(`team:${TEAM.id}`)).toBeUndefined();
  });

  it('a real state without its browser cookie (a link sent to someone else) gets a 400 page', async () => {
    const { world, app } = await startMultiWorkspace();
    const start = await openInstallPage(app.url);
    const code = world.slack.createOAuthCode({ teamId: TEAM.id, teamName: TEAM.name, installerUserId: ALICE.id });
    const result = await get(redirectUrl(start, { code, state: start.state }));
    expect(result.status).toBe(400);
    expect(world.slack.callsTo('oauth.v2.access')).toHaveLength(0);
  });

  it('a missing state gets a 400 page', async () => {
    const { world, app } = await startMultiWorkspace();
    const code = world.slack.createOAuthCode({ teamId: TEAM.id, teamName: TEAM.name, installerUserId: ALICE.id });
    const result = await get(`${app.url}/slack/oauth_redirect?code=${code}`);
    expect(result.status).toBe(400);
    expect(result.html).toContain('The app was not installed');
  });

  it('a state older than 10 minutes gets a 400 page', async () => {
    const { world, app } = await startMultiWorkspace();
    const start = await openInstallPage(app.url);
    // @slack/oauth's signed state counts whole seconds.
    world.clock.advance(10 * 60_000 + 1_000);
    const code = world.slack.createOAuthCode({ teamId: TEAM.id, teamName: TEAM.name, installerUserId: ALICE.id });
    const result = await get(redirectUrl(start, { code, state: start.state }), start.cookie);
    expect(result.status).toBe(400);
    expect(world.slack.callsTo('oauth.v2.access')).toHaveLength(0);
  });

  it('Cancel at Slack gets a 403 page saying nothing was installed', async () => {
    const { world, app } = await startMultiWorkspace();
    const start = await openInstallPage(app.url);
    const result = await get(redirectUrl(start, { error: 'access_denied', state: start.state }), start.cookie);
    expect(result.status).toBe(403);
    expect(result.html).toContain('You chose not to install the app');
    expect(world.slack.callsTo('oauth.v2.access')).toHaveLength(0);
  });

  it('a code Slack refuses gets a 502 page and stores nothing', async () => {
    const { world, app } = await startMultiWorkspace();
    const start = await openInstallPage(app.url);
    const result = await get(redirectUrl(start, { code: 'T0ACME.1.not-a-code', state: start.state }), start.cookie);
    expect(result.status).toBe(502);
    expect(result.html).toContain('Slack did not complete the installation');
    expect(world.slack.callsTo('oauth.v2.access').map((c) => c.error)).toEqual(['invalid_code']);
    expect(await app.storage.installations.get(`team:${TEAM.id}`)).toBeUndefined();
  });

  it('a command from a workspace that never installed the app is refused in words and reaches no Slack API', async () => {
    const started = await startMultiWorkspace();
    const ack = await started.app.sender.slashCommand({ teamId: BETA.id, userId: BOB.id, channelId: GENERAL.id, text: 'connect' });
    expect(ack.status).toBe(200);
    // Through the command's response_url, which needs no bot token.
    const answer = await started.world.slack.waitForResponse();
    expect(JSON.stringify(answer.body)).toContain('not installed in this Slack workspace');
    app = undefined;
    await started.app.stop();
    expect(started.world.slack.calls).toHaveLength(0);
  });
});

describe.each(STORE_KINDS)('an allowlist of workspaces (%s store)', (store) => {
  /** A workspace of an Enterprise Grid org. */
  const GRID_TEAM = { id: 'T0GRIDA', name: 'Grid A', botToken: 'xoxb-grid-seed-token', botUserId: 'UBOTGRIDA', enterpriseId: 'E0GRID', enterpriseName: 'Grid Org' } as const;

  async function startAllowing(allowed: { ALLOWED_TEAM_IDS?: string; ALLOWED_ENTERPRISE_IDS?: string }): Promise<{ world: World; app: AppInstance }> {
    world = await startWorld({ store });
    seedSlackTeam(world.slack, BETA);
    seedSlackTeam(world.slack, GRID_TEAM);
    app = await startInstance(world, { ...multiWorkspaceEnv(world.slack), ...allowed });
    return { world, app };
  }

  it('a workspace not on the list cannot install: a 403 page says why, and no installation is stored', async () => {
    const { world, app } = await startAllowing({ ALLOWED_TEAM_IDS: TEAM.id });
    const { result } = await install(world.slack, app.url, BETA, BOB.id);
    expect(result.status).toBe(403);
    expect(result.html).toContain('The app was not installed');
    expect(result.html).toContain('serves only the Slack workspaces it is set up for');
    expect(await app.storage.installations.get(`team:${BETA.id}`)).toBeUndefined();
    expect(await app.storage.installations.get(`enterprise:${BETA.id}`)).toBeUndefined();
    // The bot token Slack issued for the refused install is revoked, not left working.
    const revoked = await world.slack.waitForCall('auth.revoke');
    expect(revoked).toMatchObject({ ok: true, token: INSTALLED_TOKEN[BETA.id] });
    const afterwards = await fetch(new URL('auth.test', world.slack.apiUrl), { method: 'POST', headers: { authorization: `Bearer ${INSTALLED_TOKEN[BETA.id]}` } });
    expect(await afterwards.json()).toMatchObject({ ok: false, error: 'token_revoked' });
  });

  it('a workspace on the list installs, and its commands are answered with its installed token', async () => {
    const { world, app } = await startAllowing({ ALLOWED_TEAM_IDS: `${BETA.id}, ${TEAM.id}` });
    const { result } = await install(world.slack, app.url, TEAM, ALICE.id);
    expect(result.status).toBe(200);
    expect(result.html).toContain(`installed in ${TEAM.name}`);
    expect((await app.storage.installations.get<Installation>(`team:${TEAM.id}`))?.bot?.token).toBe(INSTALLED_TOKEN[TEAM.id]);
    const before = world.slack.calls.at(-1)?.seq ?? 0;
    expect((await app.sender.slashCommand({ teamId: TEAM.id, userId: ALICE.id, channelId: GENERAL.id, text: 'connect' })).status).toBe(200);
    await connectLinkFromDm(world.slack, ALICE.id, before);
    expect(world.slack.calls.filter((c) => c.seq > before).map((c) => c.token)).toContain(INSTALLED_TOKEN[TEAM.id]);
  });

  it("an Enterprise Grid org on the list admits its workspaces, and only them", async () => {
    const { world, app } = await startAllowing({ ALLOWED_ENTERPRISE_IDS: GRID_TEAM.enterpriseId });
    const inOrg = await install(world.slack, app.url, GRID_TEAM, ALICE.id);
    expect(inOrg.result.status).toBe(200);
    expect(await app.storage.installations.get<Installation>(`team:${GRID_TEAM.id}`)).toMatchObject({ team: { id: GRID_TEAM.id }, enterprise: { id: GRID_TEAM.enterpriseId } });
    const before = world.slack.calls.at(-1)?.seq ?? 0;
    const ack = await app.sender.slashCommand({ teamId: GRID_TEAM.id, enterpriseId: GRID_TEAM.enterpriseId, userId: ALICE.id, channelId: GENERAL.id, text: 'connect' });
    expect(ack.status).toBe(200);
    await connectLinkFromDm(world.slack, ALICE.id, before);

    const outside = await install(world.slack, app.url, TEAM, ALICE.id);
    expect(outside.result.status).toBe(403);
    expect(await app.storage.installations.get(`team:${TEAM.id}`)).toBeUndefined();
  });

  it('a workspace that installed before the allowlist was set is no longer served: told in words, no Slack API call', async () => {
    const open = await startAllowing({});
    expect((await install(open.world.slack, open.app.url, BETA, BOB.id)).result.status).toBe(200);
    await open.app.stop();
    app = await startInstance(open.world, { ...multiWorkspaceEnv(open.world.slack), ALLOWED_TEAM_IDS: TEAM.id });
    const before = open.world.slack.calls.at(-1)?.seq ?? 0;
    expect((await app.sender.slashCommand({ teamId: BETA.id, userId: BOB.id, channelId: GENERAL.id, text: 'connect' })).status).toBe(200);
    // Through the command's response_url, which needs no bot token.
    const answer = await open.world.slack.waitForResponse();
    expect(JSON.stringify(answer.body)).toContain('serves only the Slack workspaces it is set up for');
    expect(open.world.slack.calls.filter((c) => c.seq > before)).toEqual([]);
  });
});

describe('the root page in many-workspace mode', () => {
  it('the root page names the app and links to the install page', async () => {
    const { app } = await startMultiWorkspace();
    const page = await get(`${app.url}/`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>Zoom Scheduler</h1>');
    expect(page.html).toContain('<a href="/slack/install">');
  });
});

describe.each(STORE_KINDS)('install states are signed, not stored (%s store)', (store) => {
  it('1,000 views of the install page leave the store as it was', async () => {
    const { world, app } = await startMultiWorkspace(store);
    expect((await install(world.slack, app.url, TEAM, ALICE.id)).result.status).toBe(200);
    const before = await rawStoreText(world.location);
    const states = new Set<string>();
    for (let batch = 0; batch < 50; batch++) {
      const pages = await Promise.all(Array.from({ length: 20 }, () => openInstallPage(app.url)));
      for (const page of pages) states.add(page.state);
    }
    expect(states.size).toBe(1000);
    expect(await rawStoreText(world.location)).toBe(before);
    // Each of those unstored states still works.
    const code = world.slack.createOAuthCode({ teamId: BETA.id, teamName: BETA.name, installerUserId: BOB.id, botToken: INSTALLED_TOKEN[BETA.id] });
    const [last] = [...states].slice(-1);
    const result = await get(`${app.url}/slack/oauth_redirect?code=${code}&state=${last}`, `${STATE_COOKIE}=${last}`);
    expect(result.status).toBe(200);
    expect(result.html).toContain(`in ${BETA.name}`);
    // A thousand pages through Bolt take a while on a busy machine; the count is the point, not the speed.
  }, 120_000);
});

describe('a signed install state works once across instances (PostgreSQL)', () => {
  it('used on B, it is refused on A (a fresh code does not help); two at once: one install', async () => {
    const started = await startMultiWorkspace('postgres');
    const b = await startInstance(started.world, multiWorkspaceEnv(started.world.slack));
    try {
      const w = started.world;
      const first = await install(w.slack, started.app.url, TEAM, ALICE.id);
      expect(first.result.status).toBe(200);
      // The same state (and cookie) again on the other instance, with a code Slack would accept.
      const code = w.slack.createOAuthCode({ teamId: TEAM.id, teamName: TEAM.name, installerUserId: ALICE.id, botToken: INSTALLED_TOKEN[TEAM.id] });
      const again = await get(`${b.url}/slack/oauth_redirect?code=${code}&state=${first.start.state}`, first.start.cookie);
      expect(again.status).toBe(400);
      expect(again.html).toContain('expired or was already used');
      expect(w.slack.callsTo('oauth.v2.access')).toHaveLength(1);

      // One state, two redirects at the same moment, one on each instance.
      const start = await openInstallPage(b.url);
      const codes = [0, 1].map(() => w.slack.createOAuthCode({ teamId: BETA.id, teamName: BETA.name, installerUserId: BOB.id, botToken: INSTALLED_TOKEN[BETA.id] }));
      const results = await Promise.all(
        [started.app.url, b.url].map((base, i) => get(`${base}/slack/oauth_redirect?code=${codes[i]}&state=${start.state}`, start.cookie)),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
      expect(w.slack.callsTo('oauth.v2.access')).toHaveLength(2);
    } finally {
      await b.stop();
    }
  });
});

describe('many workspaces over Socket Mode', () => {
  it('the install pages are served by the HTTP server, and socket requests get the installed token', async () => {
    world = await startWorld();
    const socket = await startSocketModeServer(world.slack);
    try {
      app = await startInstance(world, { ...multiWorkspaceEnv(world.slack), SLACK_APP_TOKEN: socket.appToken, SLACK_SIGNING_SECRET: undefined });
      await socket.connected();
      const { result } = await install(world.slack, app.url, TEAM, ALICE.id);
      expect(result.status).toBe(200);

      const { ack } = await socket.slashCommand({ teamId: TEAM.id, userId: ALICE.id, channelId: GENERAL.id, text: 'connect' });
      expect(ack.payload).toMatchObject({ text: expect.stringContaining('DM') });
      await connectLinkFromDm(world.slack, ALICE.id);
      const dm = world.slack.callsTo('chat.postMessage').find((c) => c.args.channel === `D${ALICE.id}`);
      expect(dm).toMatchObject({ token: INSTALLED_TOKEN[TEAM.id], ok: true });
    } finally {
      await app?.stop();
      app = undefined;
      await socket.close();
    }
  });
});

describe.each(STORE_KINDS)('uninstalling (%s store)', (store) => {
  async function twoInstalledWorkspacesWithZoomUsers(): Promise<{ world: World; app: AppInstance }> {
    const started = await startMultiWorkspace(store);
    for (const [team, person] of [
      [TEAM, ALICE],
      [BETA, BOB],
    ] as const) {
      expect((await install(started.world.slack, started.app.url, team, person.id)).result.status).toBe(200);
      const before = started.world.slack.calls.at(-1)?.seq ?? 0;
      await started.app.sender.slashCommand({ teamId: team.id, userId: person.id, channelId: GENERAL.id, text: 'connect' });
      const link = await connectLinkFromDm(started.world.slack, person.id, before);
      expect((await followAuthorizeLink(started.world, link, person.zoomUserId)).status).toBe(200);
    }
    expect(await started.app.storage.grants.get(TEAM.id, ALICE.id)).toBeDefined();
    expect(await started.app.storage.grants.get(BETA.id, BOB.id)).toBeDefined();
    return started;
  }

  /** Waits for the work the app acknowledged (the event listener) by stopping the instance; reopens the store. */
  async function afterAcknowledgedWork(w: World, instance: AppInstance): Promise<AppInstance> {
    await instance.stop();
    return startInstance(w, multiWorkspaceEnv(w.slack));
  }

  it.each([
    ['app_uninstalled', { type: 'app_uninstalled' }],
    ['tokens_revoked (bot)', { type: 'tokens_revoked', tokens: { bot: [TEAM.botUserId] } }],
  ])('%s for one workspace: its installation and every Zoom grant of its users go (revoked at Zoom); the other stays', async (_name, event) => {
    const started = await twoInstalledWorkspacesWithZoomUsers();
    const w = started.world;
    const zoomAlice = await started.app.storage.grants.get(TEAM.id, ALICE.id);
    // A card in each workspace: only Acme's may go.
    for (const [team, person] of [
      [TEAM, ALICE],
      [BETA, BOB],
    ] as const) {
      const seq = w.slack.calls.at(-1)?.seq ?? 0;
      await started.app.sender.slashCommand({ teamId: team.id, userId: person.id, channelId: GENERAL.id, text: `new ${team.name} review tomorrow 3pm` });
      await w.slack.waitForCall('chat.postMessage', (c) => c.seq > seq && c.teamId === team.id && c.args.channel === GENERAL.id);
    }
    const [acmeMeeting, betaMeeting] = w.zoom.createdMeetings.map((meeting) => String(meeting.id));
    const revocationsBefore = w.zoom.stats.revocations;
    // A job waiting in each workspace (a retry due later): only Acme's may go.
    const later = w.clock.now() + 60 * 60_000;
    await started.app.storage.jobs.enqueue({ id: 'acme-job', kind: 'waiting', teamId: TEAM.id, payload: {}, runAt: later });
    await started.app.storage.jobs.enqueue({ id: 'beta-job', kind: 'waiting', teamId: BETA.id, payload: {}, runAt: later });

    const ack = await started.app.sender.event(event, { teamId: TEAM.id, botUserId: TEAM.botUserId });
    expect(ack.status).toBe(200);
    app = await afterAcknowledgedWork(w, started.app);

    expect(await app.storage.installations.get(`team:${TEAM.id}`)).toBeUndefined();
    expect(await app.storage.grants.get(TEAM.id, ALICE.id)).toBeUndefined();
    expect(w.zoom.stats.revocations).toBe(revocationsBefore + 1);
    expect(w.zoom.isRefreshTokenValid(zoomAlice!.refreshToken)).toBe(false);
    expect(await app.storage.grants.listByTeam(TEAM.id)).toEqual([]);
    expect(await app.storage.meetingPosts.get(acmeMeeting!)).toBeUndefined();
    expect(await app.storage.meetingPosts.get(betaMeeting!)).toMatchObject({ teamId: BETA.id });
    expect(await app.storage.jobs.get('acme-job')).toBeUndefined();
    expect(await app.storage.jobs.get('beta-job')).toMatchObject({ teamId: BETA.id });

    // Beta is untouched: its installation, its grant, and its commands answered with its token.
    expect((await app.storage.installations.get<Installation>(`team:${BETA.id}`))?.bot?.token).toBe(INSTALLED_TOKEN[BETA.id]);
    const bobGrant = await app.storage.grants.get(BETA.id, BOB.id);
    expect(bobGrant).toBeDefined();
    expect(w.zoom.isRefreshTokenValid(bobGrant!.refreshToken)).toBe(true);
    const before = w.slack.calls.at(-1)?.seq ?? 0;
    await app.sender.slashCommand({ teamId: BETA.id, userId: BOB.id, channelId: GENERAL.id, text: 'new Beta sync tomorrow 3pm' });
    const card = await w.slack.waitForCall('chat.postMessage', (c) => c.seq > before && c.args.channel === GENERAL.id);
    expect(card).toMatchObject({ teamId: BETA.id, token: INSTALLED_TOKEN[BETA.id], ok: true });
  });

  it('tokens_revoked for user tokens only is not an uninstall', async () => {
    const started = await twoInstalledWorkspacesWithZoomUsers();
    await started.app.sender.event({ type: 'tokens_revoked', tokens: { oauth: [ALICE.id] } }, { teamId: TEAM.id, botUserId: TEAM.botUserId });
    app = await afterAcknowledgedWork(started.world, started.app);
    expect(await app.storage.installations.get(`team:${TEAM.id}`)).toBeDefined();
    expect(await app.storage.grants.get(TEAM.id, ALICE.id)).toBeDefined();
  });
});

/**
 * Enterprise Grid org-wide installs: the fake Slack's oauth.v2.access cannot answer one (it always says
 * is_enterprise_install: false, and a token belongs to one workspace), so the org-wide installation is stored the
 * way the install flow stores it, through the installation store, and the org's token is given to one of its
 * workspaces in the fake.
 */
describe('an Enterprise Grid org-wide installation', () => {
  const GRID = { enterpriseId: 'E0GRID', enterpriseName: 'Grid Corp', teamId: 'T0GRIDW', teamName: 'Grid West', orgToken: 'xoxb-grid-org-token', botUserId: 'UBOTGRID' } as const;

  async function startWithOrgInstall(): Promise<{ world: World; app: AppInstance }> {
    const started = await startMultiWorkspace();
    seedSlackTeam(started.world.slack, { id: GRID.teamId, name: GRID.teamName, botToken: GRID.orgToken, botUserId: GRID.botUserId });
    await keyvInstallationStore(started.app.storage.installations).storeInstallation({
      team: undefined,
      enterprise: { id: GRID.enterpriseId, name: GRID.enterpriseName },
      user: { id: ALICE.id, token: undefined, scopes: undefined },
      bot: { id: 'BGRID', userId: GRID.botUserId, token: GRID.orgToken, scopes: manifestBotScopes() },
      tokenType: 'bot',
      isEnterpriseInstall: true,
      appId: started.world.slack.appId,
      authVersion: 'v2',
    });
    return started;
  }

  it('answers a workspace of the org with the org token, keyed by the enterprise', async () => {
    const { world, app } = await startWithOrgInstall();
    expect(await app.storage.installations.get(`enterprise:${GRID.enterpriseId}`)).toBeDefined();
    for (const isEnterpriseInstall of [true, false]) {
      const before = world.slack.calls.at(-1)?.seq ?? 0;
      const ack = await app.sender.slashCommand({
        teamId: GRID.teamId,
        enterpriseId: GRID.enterpriseId,
        isEnterpriseInstall,
        userId: ALICE.id,
        channelId: GENERAL.id,
        text: 'connect',
      });
      expect(ack.status).toBe(200);
      await connectLinkFromDm(world.slack, ALICE.id, before);
      const dm = world.slack.callsTo('chat.postMessage').find((c) => c.seq > before);
      expect(dm).toMatchObject({ token: GRID.orgToken, teamId: GRID.teamId, ok: true });
    }
  });

  it('connecting from the prompt /zoom new shows keeps the org, so the confirmation goes out with the org token', async () => {
    const { world, app } = await startWithOrgInstall();
    await app.sender.slashCommand({ teamId: GRID.teamId, enterpriseId: GRID.enterpriseId, userId: ALICE.id, channelId: GENERAL.id, text: 'new Design review tomorrow 3pm' });
    const prompt = await world.slack.waitForResponse((r) => JSON.stringify(r.body).includes('zoom_connect_open'));
    const link = findButtonUrl(prompt.body.blocks, 'zoom_connect_open');
    expect((await followAuthorizeLink(world, link!, ALICE.zoomUserId)).status).toBe(200);
    expect(await app.storage.grants.get(GRID.teamId, ALICE.id)).toMatchObject({ enterpriseId: GRID.enterpriseId });
    const confirmation = await world.slack.waitForCall('chat.postMessage', (c) => c.args.channel === `D${ALICE.id}` && String(c.args.text).includes('is connected'));
    expect(confirmation).toMatchObject({ token: GRID.orgToken, ok: true });
  });

  it('app_uninstalled for the org deletes the org-wide installation', async () => {
    const started = await startWithOrgInstall();
    const ack = await started.app.sender.event(
      { type: 'app_uninstalled' },
      { teamId: GRID.teamId, enterpriseId: GRID.enterpriseId, isEnterpriseInstall: true, botUserId: GRID.botUserId },
    );
    expect(ack.status).toBe(200);
    await started.app.stop();
    app = await startInstance(started.world, multiWorkspaceEnv(started.world.slack));
    expect(await app.storage.installations.get(`enterprise:${GRID.enterpriseId}`)).toBeUndefined();
  });

  it('app_uninstalled for the org also revokes and forgets the Zoom grants made from its workspaces', async () => {
    const started = await startWithOrgInstall();
    const before = started.world.slack.calls.at(-1)?.seq ?? 0;
    await started.app.sender.slashCommand({ teamId: GRID.teamId, enterpriseId: GRID.enterpriseId, userId: ALICE.id, channelId: GENERAL.id, text: 'connect' });
    const link = await connectLinkFromDm(started.world.slack, ALICE.id, before);
    expect((await followAuthorizeLink(started.world, link, ALICE.zoomUserId)).status).toBe(200);
    expect(await started.app.storage.grants.get(GRID.teamId, ALICE.id)).toMatchObject({ enterpriseId: GRID.enterpriseId });
    const revocationsBefore = started.world.zoom.stats.revocations;

    await started.app.sender.event(
      { type: 'app_uninstalled' },
      { teamId: GRID.teamId, enterpriseId: GRID.enterpriseId, isEnterpriseInstall: true, botUserId: GRID.botUserId },
    );
    await started.app.stop();
    app = await startInstance(started.world, multiWorkspaceEnv(started.world.slack));
    expect(await app.storage.grants.get(GRID.teamId, ALICE.id)).toBeUndefined();
    expect(started.world.zoom.stats.revocations).toBe(revocationsBefore + 1);
  });
});

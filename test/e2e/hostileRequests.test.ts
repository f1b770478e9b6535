import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, startWorld, type AppInstance, type World } from '../support/harness.js';
import { rawRequest, signatureHeaders, type Signing } from '../support/rawHttp.js';
import { STORE_KINDS } from '../support/storage.js';

/**
 * What anyone on the internet can send, on real sockets, to every route: bodies cut off mid-way, malformed JSON,
 * `null`, `payload=null`, wrong content types; unsigned, signed as Slack signs, signed as Zoom signs. Each gets
 * a 4xx (or, when the client is gone, nothing), and the app keeps serving. This runs in the test process with no
 * process-level guard: an unhandled rejection anywhere fails the run.
 */

const FORM = 'application/x-www-form-urlencoded';
/** zoomTakes: a JSON object, which Zoom's webhook acknowledges (200) when signed, whatever event it names. */
const BODIES: Array<{ name: string; contentType?: string; body: string | Buffer; zoomTakes?: true }> = [
  { name: 'malformed JSON', contentType: 'application/json', body: '{"type":' },
  { name: 'JSON null', contentType: 'application/json', body: 'null' },
  { name: 'JSON array', contentType: 'application/json', body: '[]' },
  { name: 'JSON number', contentType: 'application/json', body: '42' },
  { name: 'payload=null', contentType: FORM, body: 'payload=null' },
  { name: 'payload=[]', contentType: FORM, body: 'payload=%5B%5D' },
  { name: 'payload of malformed JSON', contentType: FORM, body: 'payload=%7B%22type' },
  { name: 'form with a charset', contentType: `${FORM}; charset=utf-8`, body: 'payload=null' },
  { name: 'null as text/plain', contentType: 'text/plain', body: 'null' },
  { name: 'null without a content type', body: 'null' },
  { name: 'binary', contentType: 'application/octet-stream', body: Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x7b]) },
  { name: 'Zoom event with a null payload', contentType: 'application/json', body: '{"event":"app_deauthorized","payload":null}', zoomTakes: true },
  { name: 'Zoom validation with a number token', contentType: 'application/json', body: '{"event":"endpoint.url_validation","payload":{"plainToken":5}}', zoomTakes: true },
  { name: 'Slack event with a null event', contentType: 'application/json', body: '{"type":"event_callback","team_id":"T0ACME","event":null}', zoomTakes: true },
];

const SIGNINGS: Signing[] = ['unsigned', 'signed as Slack', 'signed as Zoom'];

const ROUTES = [
  { method: 'POST', path: '/slack/events', refuses: true },
  { method: 'POST', path: '/zoom/webhook', refuses: true },
  { method: 'GET', path: '/zoom/oauth/callback', refuses: false },
  { method: 'POST', path: '/zoom/oauth/confirm', refuses: true },
  { method: 'GET', path: '/', refuses: false },
  { method: 'GET', path: '/healthz', refuses: false },
  { method: 'GET', path: '/slack/install', refuses: false },
  { method: 'GET', path: '/slack/oauth_redirect', refuses: false },
  { method: 'POST', path: '/nowhere', refuses: true },
] as const;

describe.each(STORE_KINDS)('hostile requests (%s store)', (store) => {
  let world: World;
  let app: AppInstance;
  let port: number;
  beforeAll(async () => {
    world = await startWorld({ store });
    // Many workspaces, so the install routes are there too; the webhook is on.
    app = await startInstance(world, { SLACK_BOT_TOKEN: undefined, SLACK_CLIENT_ID: world.slack.clientId, SLACK_CLIENT_SECRET: world.slack.clientSecret, SLACK_STATE_SECRET: 's' });
    port = app.running.port;
  });
  afterAll(async () => {
    await app.stop();
    await world.close();
  });

  async function expectStillServing(): Promise<void> {
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
  }

  it.each(ROUTES)('$method $path: a body cut off mid-way (declared 1000 bytes, 10 sent, socket closed), signed or not', async (route) => {
    for (const signing of SIGNINGS) {
      const body = Buffer.from('{"event":"app_deauthorized","payload":{"user_id":"zu_alice"}}');
      const answer = await rawRequest(port, { method: route.method, path: route.path, headers: { 'content-type': 'application/json', ...signatureHeaders(signing, body, world.clock.now()) }, body, truncate: true });
      if (answer.status !== undefined) expect(answer.status, signing).toBeLessThan(500);
      await expectStillServing();
    }
  });

  it.each(ROUTES)('$method $path: malformed, null and mistyped bodies, signed or not', async (route) => {
    for (const { name, contentType, body: given, zoomTakes } of BODIES) {
      for (const signing of SIGNINGS) {
        const body = Buffer.from(given);
        const headers = { ...(contentType ? { 'content-type': contentType } : {}), ...signatureHeaders(signing, body, world.clock.now()) };
        const answer = await rawRequest(port, { method: route.method, path: route.path, headers, body });
        expect(answer.status, `${name}, ${signing}`).toBeDefined();
        const taken = zoomTakes && signing === 'signed as Zoom' && route.path === '/zoom/webhook';
        if (route.refuses && !taken) expect(answer.status, `${name}, ${signing}`).toBeGreaterThanOrEqual(400);
        expect(answer.status, `${name}, ${signing}`).toBeLessThan(500);
      }
      await expectStillServing();
    }
  });

  it('logs no unexpected failure for any of it', () => {
    // @slack/oauth logs its own MissingCodeError for every /slack/oauth_redirect without a code (the page says so too).
    const errors = app.logs.filter((line) => /"level":"error"/.test(line) && !line.includes('MissingCodeError'));
    expect(errors).toEqual([]);
  });
});

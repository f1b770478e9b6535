import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startSocketModeServer, type SocketModeServer } from '../fakes/socketModeServer.js';
import { appEnv, connectLinkFromDm, followAuthorizeLink, startInstance, startWorld, type AppInstance, type World } from '../support/harness.js';
import { ALICE, GENERAL, TEAM } from '../support/world.js';

/**
 * Socket Mode: Slack's requests arrive over a WebSocket the app opens (no public URL needed); the app's own HTTP
 * server still serves the Zoom callback and /healthz.
 */

let world: World | undefined;
let socket: SocketModeServer | undefined;
let app: AppInstance | undefined;
afterEach(async () => {
  await app?.stop();
  await socket?.close();
  world?.slack.assertNoViolations();
  await world?.close();
  world = undefined;
  socket = undefined;
  app = undefined;
});

async function startSocketApp(extraEnv: Record<string, string | undefined> = {}): Promise<{ world: World; socket: SocketModeServer; app: AppInstance }> {
  world = await startWorld();
  socket = await startSocketModeServer(world.slack);
  // No signing secret: nothing reaches the app over HTTP from Slack.
  app = await startInstance(world, { SLACK_APP_TOKEN: socket.appToken, SLACK_SIGNING_SECRET: undefined, ...extraEnv });
  await socket.connected();
  return { world, socket, app };
}

describe('Socket Mode', () => {
  it('connects with the app-level token through apps.connections.open and the returned URL', async () => {
    const { world, socket } = await startSocketApp();
    const opens = world.slack.callsTo('apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(opens[0]).toMatchObject({ ok: true, token: socket.appToken });
    expect(socket.ticketsIssued).toBe(1);
    expect(socket.openConnections).toBe(1);
  });

  it('acks /zoom help on the socket, with the envelope id and the help as the ack payload', async () => {
    const { socket } = await startSocketApp();
    const { ack, envelope } = await socket.slashCommand({ teamId: TEAM.id, userId: ALICE.id, channelId: GENERAL.id, text: 'help' });
    expect(ack.envelope_id).toBe(envelope.envelope_id);
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(ack.payload)).toContain('/zoom new');
  });

  it('/zoom connect over the socket: ack, DM with the link (bot token), and the Zoom callback on the HTTP port', async () => {
    const { world, socket, app } = await startSocketApp();
    const { ack } = await socket.slashCommand({ teamId: TEAM.id, userId: ALICE.id, channelId: GENERAL.id, text: 'connect' });
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('DM') });

    const link = await connectLinkFromDm(world.slack, ALICE.id);
    const dm = world.slack.callsTo('chat.postMessage').find((c) => c.args.channel === `D${ALICE.id}`);
    expect(dm?.token).toBe(TEAM.botToken);
    // The redirect URI points at the app's own HTTP server, which still serves the callback.
    expect(new URL(link).searchParams.get('redirect_uri')).toBe(`${app.url}/zoom/oauth/callback`);
    const page = await followAuthorizeLink(world, link, ALICE.zoomUserId);
    expect(page.status).toBe(200);
    expect(page.html).toContain('alice@example.com is connected');
    expect(await app.storage.grants.get(TEAM.id, ALICE.id)).toMatchObject({ zoomUserId: ALICE.zoomUserId });
  });

  it('the HTTP server on the reported port serves /healthz and the Zoom webhook, and no Slack endpoint', async () => {
    const { app } = await startSocketApp({ PORT: '0' });
    expect(app.running.port).toBeGreaterThan(0);
    const health = await fetch(`http://127.0.0.1:${app.running.port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    // The webhook route is there (an unsigned request is refused by it, not unknown).
    const webhook = await fetch(`http://127.0.0.1:${app.running.port}/zoom/webhook`, { method: 'POST', body: '{}' });
    expect(webhook.status).toBe(401);
    const events = await fetch(`http://127.0.0.1:${app.running.port}/slack/events`, { method: 'POST', body: '{}' });
    expect(events.status).toBe(404);
  });

  it('stop closes the WebSocket and the HTTP port', async () => {
    const { socket, app: running } = await startSocketApp();
    const port = running.running.port;
    await running.stop();
    app = undefined;
    await socket.disconnected();
    await expect(portIsFree(port)).resolves.toBe(true);
  });

  it('an app token Slack does not know stops the start with Slack\'s error, and leaves nothing listening', async () => {
    world = await startWorld();
    socket = await startSocketModeServer(world.slack);
    const port = await freePort();
    const config = loadConfig(appEnv(world, port, { SLACK_APP_TOKEN: 'xapp-1-A0-0-wrong' }));
    const storage = await world.location.open(world.clock);
    try {
      const built = createApp({ config, clock: world.clock, logger: createLogger({ level: 'error', sink: () => undefined }), storage });
      await expect(built.start()).rejects.toThrow(/invalid_auth/);
      expect(socket.openConnections).toBe(0);
      await expect(portIsFree(port)).resolves.toBe(true);
    } finally {
      await storage.close();
    }
  });

  it('a port already in use stops the start with EADDRINUSE instead of crashing the process', async () => {
    world = await startWorld();
    socket = await startSocketModeServer(world.slack);
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const port = (blocker.address() as AddressInfo).port;
    const storage = await world.location.open(world.clock);
    try {
      const config = loadConfig(appEnv(world, port, { SLACK_APP_TOKEN: socket.appToken }));
      const built = createApp({ config, clock: world.clock, logger: createLogger({ level: 'error', sink: () => undefined }), storage });
      await expect(built.start()).rejects.toThrow(/EADDRINUSE/);
      await socket.disconnected();
    } finally {
      await storage.close();
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** True when nothing listens on the port any more (on any interface). */
async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

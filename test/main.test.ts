import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signSlackRequest } from './fakes/slackRequests.js';
import { appEnv, SIGNING_SECRET, startWorld, ZOOM_WEBHOOK_SECRET, type World } from './support/harness.js';
import { rawRequest } from './support/rawHttp.js';

/** The real entry point as a process: what `npm start` runs after building. */
function startMain(env: NodeJS.ProcessEnv): { child: ChildProcess; stderr: () => string; listening: Promise<number>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const listening = new Promise<number>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on port (\d+)/.exec(stderr);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', () => reject(new Error(`exited before listening:\n${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, listening, exited };
}

describe('the process', () => {
  let world: World | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await world?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves /healthz from one HTTP server and stops cleanly on SIGTERM', async () => {
    world = await startWorld();
    dataDir = mkdtempSync(join(tmpdir(), 'szs-main-'));
    const main = startMain({ ...appEnv(world, 0), DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const port = await main.listening;
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    main.child.kill('SIGTERM');
    expect(await main.exited).toBe(0);
    expect(main.stderr()).toContain('SIGTERM received, stopping');
  }, 30_000);

  it('keeps serving after bodies cut off mid-way, JSON null and payload=null, signed or not', async () => {
    world = await startWorld();
    dataDir = mkdtempSync(join(tmpdir(), 'szs-main-'));
    const main = startMain({ ...appEnv(world, 0), DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const port = await main.listening;
    const slackSigned = (body: string) => {
      const ts = Math.floor(Date.now() / 1000);
      return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signSlackRequest(SIGNING_SECRET, ts, body) };
    };
    const zoomSigned = (body: string) => {
      // The process runs on the real clock.
      const ts = Math.floor(Date.now() / 1000);
      return { 'x-zm-request-timestamp': String(ts), 'x-zm-signature': `v0=${createHmac('sha256', ZOOM_WEBHOOK_SECRET).update(`v0:${ts}:${body}`).digest('hex')}` };
    };
    const json = { 'content-type': 'application/json' };
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const attacks = [
      { path: '/zoom/webhook', headers: json, body: '{"event":"app_deauthorized","payload":{}}', truncate: true },
      { path: '/slack/events', headers: json, body: '{"type":"event_callback","event":{}}', truncate: true },
      { path: '/slack/events', headers: { ...form, ...slackSigned('payload=null') }, body: 'payload=null' },
      { path: '/slack/events', headers: { ...json, ...slackSigned('null') }, body: 'null' },
      { path: '/slack/events', headers: form, body: 'payload=null' },
      { path: '/zoom/webhook', headers: { ...json, ...zoomSigned('null') }, body: 'null' },
      { path: '/zoom/webhook', headers: json, body: 'null' },
    ];
    for (const attack of attacks) {
      const answer = await rawRequest(port, { method: 'POST', ...attack });
      if (!attack.truncate) expect(answer.status, attack.body).toBeGreaterThanOrEqual(400);
      expect(answer.status ?? 400, attack.body).toBeLessThan(500);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    }
    main.child.kill('SIGTERM');
    expect(await main.exited).toBe(0);
    expect(main.stderr()).not.toMatch(/unhandled|uncaught/i);
  }, 30_000);

  it('refuses to start without a required variable, naming it', async () => {
    world = await startWorld();
    const env = appEnv(world, 0);
    delete env.ZOOM_CLIENT_ID;
    const main = startMain(env);
    main.listening.catch(() => undefined);
    expect(await main.exited).toBe(1);
    expect(main.stderr()).toContain('ZOOM_CLIENT_ID is required');
  }, 30_000);
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killSpawnedApps, portIsFree, spawnApp, spawnMainFromSource, type AppProcess } from './support/appProcess.js';
import { appEnv, startWorld, type World } from './support/harness.js';

/** Sends the signal to the process the operator started and waits for the port to be free; returns how long that took. */
async function stopBy(signal: NodeJS.Signals, app: AppProcess, port: number): Promise<number> {
  const sentAt = Date.now();
  app.child.kill(signal);
  while (!(await portIsFree(port))) {
    if (Date.now() - sentAt > 10_000) throw new Error(`port ${port} still taken 10 s after ${signal}:\n${app.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Date.now() - sentAt;
}

describe('the process', () => {
  let world: World | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await killSpawnedApps();
    await world?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function env(extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
    world = await startWorld();
    dataDir = mkdtempSync(join(tmpdir(), 'szs-main-'));
    return { ...appEnv(world, 0), DATA_DIR: dataDir, LOG_LEVEL: 'info', ...extra };
  }

  it('serves /healthz from one HTTP server and stops cleanly on SIGTERM', async () => {
    const main = spawnMainFromSource(await env());
    const port = await main.listening;
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    main.child.kill('SIGTERM');
    expect(await main.exited).toBe(0);
    expect(main.output()).toContain('SIGTERM received, stopping');
  }, 90_000);

  it('keeps serving, and stops on SIGTERM, when nobody reads its log any more', async () => {
    const main = spawnMainFromSource(await env({ LOG_LEVEL: 'debug' }));
    const port = await main.listening;
    // Its log's reader goes away, as when the test worker or the log collector that read it is gone.
    main.child.stdout!.destroy();
    main.child.stderr!.destroy();
    for (let i = 0; i < 3; i++) expect((await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(10_000) })).status).toBe(200);
    main.child.kill('SIGTERM');
    expect(await main.exited).toBe(0);
  }, 90_000);

  it('refuses to start without a required variable, naming it', async () => {
    const given = await env();
    delete given.ZOOM_CLIENT_ID;
    const main = spawnMainFromSource(given);
    expect(await main.exited).toBe(1);
    expect(main.output()).toContain('ZOOM_CLIENT_ID is required');
  }, 90_000);

  it('refuses to start with a bot token Slack refuses: exit 1, SLACK_BOT_TOKEN named, no stack, never listening', async () => {
    const main = spawnMainFromSource(await env({ SLACK_BOT_TOKEN: 'xoxb-not-a-token-slack-knows' }));
    expect(await main.exited).toBe(1);
    expect(main.output()).toContain('Slack refused SLACK_BOT_TOKEN (invalid_auth)');
    expect(main.output()).not.toContain('listening on port');
    expect(main.output()).not.toMatch(/^\s+at /m);
    expect(main.output()).not.toContain('xoxb-not-a-token-slack-knows');
    expect(world!.slack.calls.filter((call) => call.method === 'auth.test')).toHaveLength(1);
  }, 90_000);
});

describe('stopping when told', () => {
  let world: World | undefined;
  let dataDir: string | undefined;
  beforeAll(() => {
    // The README's production way: build once, then run node on the build.
    execFileSync('npm', ['run', 'build'], { stdio: 'ignore' });
  }, 300_000);
  afterEach(async () => {
    await killSpawnedApps();
    await world?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['node dist/main.js', 'SIGTERM', process.execPath, ['dist/main.js']],
    ['npm run serve', 'SIGTERM', 'npm', ['run', 'serve']],
    ['npm start', 'SIGTERM', 'npm', ['start']],
    ['npm start', 'SIGINT', 'npm', ['start']],
  ] as const)('%s: %s to its PID stops the app gracefully, port free within 10 s', async (_name, signal, command, args) => {
    world = await startWorld();
    dataDir = mkdtempSync(join(tmpdir(), 'szs-main-'));
    const app = spawnApp(command, [...args], { ...appEnv(world, 0), DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const port = await app.listening;
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(await stopBy(signal, app, port)).toBeLessThan(10_000);
    expect(await app.exited).toBe(0);
    expect(app.output()).toContain(`${signal} received, stopping`);
  }, 120_000);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appEnv, startWorld, type World } from './support/harness.js';

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

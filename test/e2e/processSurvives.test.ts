import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killSpawnedApps, spawnMainFromSource, type AppProcess } from '../support/appProcess.js';
import { appEnv, startWorld, type World } from '../support/harness.js';
import { rawRequest, signatureHeaders } from '../support/rawHttp.js';

/**
 * Issue 10, defects 0 and 7, against the real entry point as an operating-system process: a body cut off mid-way, or
 * a signed body that parses to null, used to end the process. hostileRequests.test.ts covers every route in the test
 * process; this checks that src/main.ts itself is still there afterwards, and that it did not take its last-resort
 * guard (the "still serving" log line) to stay up.
 */
describe('the process, after hostile requests', () => {
  let world: World;
  let dataDir: string;
  let app: AppProcess;
  let port: number;
  beforeAll(async () => {
    world = await startWorld();
    dataDir = mkdtempSync(join(tmpdir(), 'szs-survives-'));
    app = spawnMainFromSource({ ...appEnv(world, 0), DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    port = await app.listening;
  }, 90_000);
  afterAll(async () => {
    await killSpawnedApps();
    await world.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function expectAliveAndHealthy(): Promise<void> {
    // What would end the process happens once the server sees the request's end: give it that moment.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(app.child.exitCode, app.output()).toBeNull();
    expect(app.child.signalCode, app.output()).toBeNull();
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  }

  it.each(['/zoom/webhook', '/slack/events'])('POST %s declaring 1000 bytes, sending 10 and closing the socket', async (path) => {
    const body = Buffer.from('{"event":"app_deauthorized","payload":{"user_id":"zu_alice"}}');
    const answer = await rawRequest(port, { method: 'POST', path, headers: { 'content-type': 'application/json' }, body, truncate: true });
    if (answer.status !== undefined) expect(answer.status).toBeLessThan(500);
    await expectAliveAndHealthy();
  });

  it('a signed payload=null to /slack/events is refused with 400', async () => {
    const body = Buffer.from('payload=null');
    const answer = await rawRequest(port, {
      method: 'POST',
      path: '/slack/events',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signatureHeaders('signed as Slack', body, Date.now()) },
      body,
    });
    expect(answer.status).toBe(400);
    await expectAliveAndHealthy();
  });

  it('a signed JSON null to /zoom/webhook is refused with a 4xx', async () => {
    const body = Buffer.from('null');
    // The process runs on the real clock, so Zoom's timestamp is the real one.
    const answer = await rawRequest(port, { method: 'POST', path: '/zoom/webhook', headers: { 'content-type': 'application/json', ...signatureHeaders('signed as Zoom', body, Date.now()) }, body });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    await expectAliveAndHealthy();
  });

  it('needed neither its last-resort guard nor an error line for any of it', () => {
    expect(app.output()).not.toContain('still serving');
    expect(app.output()).not.toContain('"level":"error"');
  });
});

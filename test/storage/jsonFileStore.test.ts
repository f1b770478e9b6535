import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonFileStore } from '../../src/storage/jsonFileStore.js';

/** The embedded backend's durability guarantees, which keyv-file does not give. */
describe('JSON file store', () => {
  let dir: string;
  let filename: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'json-file-store-'));
    filename = join(dir, 'store.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const keysOnDisk = async () => (JSON.parse(await readFile(filename, 'utf8')) as { entries: Array<[string, unknown]> }).entries.map(([key]) => key);

  it('has every value on disk by the time its set resolves, also while other writes are in flight', async () => {
    const store = await JsonFileStore.open(filename);
    await store.set('big', 'x'.repeat(2_000_000));
    const keys = Array.from({ length: 30 }, (_, i) => `key-${i}`);

    await Promise.all(
      keys.map(async (key) => {
        await store.set(key, 'value');
        expect(await keysOnDisk()).toContain(key);
      }),
    );
    await Promise.all(
      keys.map(async (key) => {
        expect(await store.delete(key)).toBe(true);
        expect(await keysOnDisk()).not.toContain(key);
      }),
    );
  });

  it('reloads what was written without being closed', async () => {
    const store = await JsonFileStore.open(filename);
    await store.set('a', '"1"');
    await store.set('b', '"2"', 60_000);
    await store.delete('a');

    const reopened = await JsonFileStore.open(filename);
    expect(await reopened.get('a')).toBeUndefined();
    expect(await reopened.get('b')).toBe('"2"');
  });

  it('writes the file readable by its owner only', async () => {
    const store = await JsonFileStore.open(filename);
    await store.set('a', '"1"');
    expect((await stat(filename)).mode & 0o777).toBe(0o600);
  });

  it('refuses to start on a torn or foreign file instead of starting empty', async () => {
    await writeFile(filename, '{"version":1,"entries":[["grants:T1:U1",{"value":"v1:');
    await expect(JsonFileStore.open(filename)).rejects.toThrow(/not valid JSON/);

    await writeFile(filename, '{"cache":[]}');
    await expect(JsonFileStore.open(filename)).rejects.toThrow(/not a store file/);
  });

  it('waits for writes in flight on disconnect', async () => {
    const store = await JsonFileStore.open(filename);
    const writing = store.set('a', '"1"');
    await store.disconnect();
    expect(await keysOnDisk()).toContain('a');
    await writing;
  });
});

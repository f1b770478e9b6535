import { spawn } from 'node:child_process';
import { mkdtemp, open as openFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isAppError } from '../../src/errors.js';
import { SqliteStore } from '../../src/storage/sqliteStore.js';

/** The embedded backend's adapter: durable once a write resolves, one process per file, no silent empty start. */
describe('SQLite store', () => {
  let dir: string;
  let filename: string;
  const opened: SqliteStore[] = [];
  const open = () => {
    const store = SqliteStore.open(filename);
    opened.push(store);
    return store;
  };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sqlite-store-'));
    filename = join(dir, 'store.sqlite');
  });
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(opened.splice(0).map((store) => store.disconnect()));
    await rm(dir, { recursive: true, force: true });
  });

  const openError = (): unknown => {
    try {
      open();
    } catch (error) {
      return error;
    }
    throw new Error('opened');
  };

  it('is refused, in words, to a second process while another holds it, and has what that process wrote and saw resolve when it is killed', async () => {
    const count = 200;
    // A separate process, killed with SIGKILL once its writes resolved: no close, no checkpoint, no exit hook.
    const writer = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { SqliteStore } from './src/storage/sqliteStore.ts';
         const store = SqliteStore.open(process.argv[1]);
         for (let i = 0; i < ${count}; i++) await store.set('key-' + i, 'value-' + i);
         await store.delete('key-0');
         process.stdout.write('written\\n');
         setInterval(() => {}, 1000);`,
        filename,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((resolve) => writer.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      writer.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('written') && resolve());
      writer.once('exit', (code) => reject(new Error(`writer exited with ${code}`)));
    });
    const inUse = openError();
    expect(isAppError(inUse, 'STORE_NOT_OPENED') && inUse.details.storeProblem).toBe('in_use');
    expect((inUse as Error).message).toMatch(/in use by another process.*PostgreSQL \(DATABASE_URL\)/);
    writer.kill('SIGKILL');
    await exited;

    // The kernel released the dead process's lock; the write-ahead log it left is replayed.
    const store = open();
    expect(await store.get('key-0')).toBeUndefined();
    expect(await store.getMany(['key-1', `key-${count - 1}`])).toEqual(['value-1', `value-${count - 1}`]);
  }, 30_000);

  it('reloads what was written, after a clean close too', async () => {
    const store = open();
    await store.set('a', '"1"');
    await store.set('b', '"2"', 60_000);
    expect(await store.delete('a')).toBe(true);
    expect(await store.delete('a')).toBe(false);
    await store.disconnect();

    const reopened = open();
    expect(await reopened.get('a')).toBeUndefined();
    expect(await reopened.has('b')).toBe(true);
    expect(await reopened.get('b')).toBe('"2"');
  });

  it('hides an entry once its ttl has passed, and sweeps it from the file when next opened', async () => {
    const store = open();
    await store.set('short', '"s"', 1_000);
    await store.set('long', '"l"', 60_000);
    await store.set('forever', '"f"');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2_000);
    expect(await store.get('short')).toBeUndefined();
    expect(await store.has('short')).toBe(false);
    expect(await store.getMany(['short', 'long', 'forever'])).toEqual([undefined, '"l"', '"f"']);
    await store.disconnect();

    const sweeping = open();
    await sweeping.disconnect();
    const db = new Database(filename, { readonly: true });
    try {
      expect(db.prepare('SELECT key FROM keyv ORDER BY key').pluck().all()).toEqual(['forever', 'long']);
    } finally {
      db.close();
    }
  });

  it('deletes many at once and clears only its own namespace', async () => {
    const store = open();
    await Promise.all(['ns:a', 'ns:b', 'ns:c', 'other:a'].map((key) => store.set(key, '"v"')));
    expect(await store.deleteMany(['ns:a', 'ns:missing'])).toBe(true);
    expect(await store.deleteMany(['ns:missing'])).toBe(false);
    store.namespace = 'ns';
    await store.clear();
    expect(await store.getMany(['ns:b', 'ns:c', 'other:a'])).toEqual([undefined, undefined, '"v"']);
  });

  it('keeps its file readable by its owner only', async () => {
    const store = open();
    await store.set('a', '"1"');
    expect((await stat(filename)).mode & 0o777).toBe(0o600);
    expect((await stat(`${filename}-wal`)).mode & 0o777).toBe(0o600);
  });

  it('refuses to start on a damaged or foreign file instead of starting empty', async () => {
    await writeFile(filename, 'this is not a database, but it might have been one '.repeat(100));
    const garbage = openError();
    expect(isAppError(garbage, 'STORE_NOT_OPENED') && garbage.details.storeProblem).toBe('damaged');
    expect((garbage as Error).message).toContain('restore it from a backup');

    await rm(filename);
    const foreign = new Database(filename);
    foreign.exec('CREATE TABLE cache (k TEXT)');
    foreign.close();
    const notOurs = openError();
    expect(isAppError(notOurs, 'STORE_NOT_OPENED') && notOurs.details.storeProblem).toBe('foreign');
  });

  it('refuses a store whose pages were damaged after it was written', async () => {
    const store = open();
    store.importEntries(Array.from({ length: 2_000 }, (_, i) => [`key-${i}`, { value: `"${'x'.repeat(200)}"` }]));
    await store.disconnect();
    // Overwrite a stretch in the middle of the file, past the header, as a bad disk sector would.
    const { size } = await stat(filename);
    const file = await openFile(filename, 'r+');
    await file.write(Buffer.alloc(8192, 0xab), 0, 8192, Math.floor(size / 2 / 4096) * 4096);
    await file.close();

    const error = openError();
    expect(isAppError(error, 'STORE_NOT_OPENED') && error.details.storeProblem).toBe('damaged');
  });

  it('answers ping with a round trip, and fails it once closed', async () => {
    const store = open();
    expect(() => store.ping()).not.toThrow();
    await store.disconnect();
    await store.disconnect();
    expect(() => store.ping()).toThrow();
    await expect(store.get('a')).rejects.toThrow();
  });
});

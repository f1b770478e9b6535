import { EventEmitter } from 'node:events';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { KeyvStoreAdapter } from 'keyv';

/**
 * Keyv adapter keeping every entry in memory and in one JSON file. Used instead of keyv-file, which
 * (5.3.5) can resolve `set` before the value is on disk (a set made while a write is in flight joins
 * that write, whose snapshot predates it) and rewrites its file in place, so a crash mid-write leaves a
 * torn file that it then silently loads as an empty store. Here:
 * - `set`/`delete` resolve only after a write that started after them has been fsynced;
 * - the file is replaced atomically (temp file, fsync, rename, fsync directory);
 * - a file that cannot be parsed stops the start instead of being treated as empty.
 * Concurrent mutations share one write. One process per file: nothing coordinates two writers.
 */

interface Entry {
  /** Keyv's serialized value. */
  value: string;
  /** ms epoch (Date.now(), as Keyv uses) after which the entry is dropped. */
  expires?: number;
}

interface FileContents {
  version: 1;
  entries: Array<[string, Entry]>;
}

export class JsonFileStore extends EventEmitter implements KeyvStoreAdapter {
  readonly opts = { dialect: 'json-file' };
  namespace?: string;
  private readonly filename: string;
  private readonly entries: Map<string, Entry>;
  /** The latest write, settled or not; writes run one after another. */
  private lastWrite: Promise<void> = Promise.resolve();
  /** A write queued behind lastWrite that has not taken its snapshot yet; new mutations join it. */
  private queuedWrite: Promise<void> | undefined;

  private constructor(filename: string, entries: Map<string, Entry>) {
    super();
    this.filename = filename;
    this.entries = entries;
  }

  static async open(filename: string): Promise<JsonFileStore> {
    await mkdir(dirname(filename), { recursive: true });
    return new JsonFileStore(filename, await readEntries(filename));
  }

  /** Keyv hands over and expects back its serialized string, whatever Value it was asked for. */
  async get<Value>(key: string): Promise<Value | undefined> {
    const entry = this.entries.get(key);
    return entry && !isExpired(entry, Date.now()) ? (entry.value as Value) : undefined;
  }

  async set(key: string, value: string, ttl?: number): Promise<void> {
    this.entries.set(key, { value, expires: typeof ttl === 'number' && ttl > 0 ? Date.now() + ttl : undefined });
    await this.persist();
  }

  async delete(key: string): Promise<boolean> {
    const existed = this.entries.delete(key);
    if (existed) await this.persist();
    return existed;
  }

  async clear(): Promise<void> {
    this.entries.clear();
    await this.persist();
  }

  /** Waits for writes already started; the file is complete afterwards. */
  async disconnect(): Promise<void> {
    await this.lastWrite.catch(() => undefined);
  }

  private persist(): Promise<void> {
    if (!this.queuedWrite) {
      const write = this.lastWrite
        .catch(() => undefined)
        .then(() => {
          // From here on the snapshot is taken, so later mutations need a write of their own.
          this.queuedWrite = undefined;
          return this.writeSnapshot();
        });
      this.queuedWrite = write;
      this.lastWrite = write;
    }
    return this.queuedWrite;
  }

  private async writeSnapshot(): Promise<void> {
    const now = Date.now();
    for (const [key, entry] of this.entries) {
      if (isExpired(entry, now)) this.entries.delete(key);
    }
    const contents: FileContents = { version: 1, entries: [...this.entries] };
    const tempName = `${this.filename}.tmp`;
    const file = await open(tempName, 'w', 0o600);
    try {
      await file.writeFile(JSON.stringify(contents));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tempName, this.filename);
    await syncDirectory(dirname(this.filename));
  }
}

function isExpired(entry: Entry, now: number): boolean {
  return entry.expires !== undefined && entry.expires <= now;
}

async function readEntries(filename: string): Promise<Map<string, Entry>> {
  let text: string;
  try {
    text = await readFile(filename, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  let contents: unknown;
  try {
    contents = JSON.parse(text);
  } catch (error) {
    throw new Error(`${filename} is not valid JSON; restore it from a backup or move it away to start empty`, { cause: error });
  }
  if (!isFileContents(contents)) {
    throw new Error(`${filename} is not a store file of this app; restore it from a backup or move it away to start empty`);
  }
  return new Map(contents.entries);
}

function isFileContents(value: unknown): value is FileContents {
  return typeof value === 'object' && value !== null && (value as FileContents).version === 1 && Array.isArray((value as FileContents).entries);
}

/** Makes a rename durable; directories cannot be opened for fsync on Windows, where rename is durable enough. */
async function syncDirectory(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  const directory = await open(path, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

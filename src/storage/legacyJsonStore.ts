import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../errors.js';
import { readTextIfPresent } from './optionalFile.js';
import type { SqliteEntry, SqliteStore } from './sqliteStore.js';

/** What the embedded store was before SQLite: one JSON file, rewritten whole on every write. */
interface LegacyFileContents {
  version: 1;
  entries: Array<[string, SqliteEntry]>;
}

export const IMPORTED_SUFFIX = '.imported';

/**
 * Moves the records of an old JSON store file into the SQLite store, once: imported in one transaction,
 * then the file is renamed to `<file>.imported` (kept as a backup) so the next start does not import it
 * again. Keys already in SQLite win, so an import repeated after a crash between the two steps changes nothing.
 */
export async function importLegacyJsonStore(filename: string, store: SqliteStore): Promise<void> {
  const entries = await readLegacyEntries(filename);
  if (entries === undefined) return;
  store.importEntries(entries);
  await rename(filename, `${filename}${IMPORTED_SUFFIX}`);
  await syncDirectory(dirname(filename));
}

async function readLegacyEntries(filename: string): Promise<LegacyFileContents['entries'] | undefined> {
  const text = await readTextIfPresent(filename);
  if (text === undefined) return undefined;
  let contents: unknown;
  try {
    contents = JSON.parse(text);
  } catch (error) {
    throw unreadable(filename, 'is not valid JSON', error);
  }
  if (!isLegacyFileContents(contents)) throw unreadable(filename, 'is not a store file of this app');
  return contents.entries;
}

/** Nothing is imported from a file we cannot read whole: the start stops, and the file stays where it is. */
function unreadable(filename: string, problem: string, cause?: unknown): AppError {
  return new AppError(
    'STORE_NOT_OPENED',
    `${filename} (the old embedded store, to be imported) ${problem}; restore it from a backup, or move it away to start without its records`,
    { storeProblem: 'damaged', path: filename },
    cause === undefined ? undefined : { cause },
  );
}

function isLegacyFileContents(value: unknown): value is LegacyFileContents {
  if (typeof value !== 'object' || value === null) return false;
  const { version, entries } = value as Partial<LegacyFileContents>;
  return (
    version === 1 &&
    Array.isArray(entries) &&
    entries.every(
      (pair) =>
        Array.isArray(pair) &&
        typeof pair[0] === 'string' &&
        typeof pair[1]?.value === 'string' &&
        (pair[1].expires === undefined || typeof pair[1].expires === 'number'),
    )
  );
}

/** Makes the rename durable; directories cannot be opened for fsync on Windows, where rename is durable enough. */
async function syncDirectory(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  const directory = await open(path, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

import { EventEmitter } from 'node:events';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { KeyvStoreAdapter } from 'keyv';
import { AppError, type ErrorDetails } from '../errors.js';

/** An entry as Keyv hands it over: its serialized string, and when it expires (ms epoch, Date.now()). */
export interface SqliteEntry {
  value: string;
  expires?: number;
}

const TABLE = 'keyv';
/** PRAGMA application_id of our files ("SZS1"), so a foreign SQLite file is refused instead of written into. */
const APPLICATION_ID = 0x535a5331;
/**
 * How long opening waits for the file's lock: long enough for a predecessor that is still closing (a
 * restart), short enough that a second process running beside the first fails at once. Once open, this
 * process holds the lock alone, so nothing else ever waits on it.
 */
const LOCK_WAIT_MS = 2_000;
const EXPIRED_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Keyv adapter over one SQLite file (better-sqlite3). Every call runs synchronously on the connection, so
 * a set or delete has been committed (and, with synchronous=FULL, fsynced) by the time its promise exists.
 * One process per file: the connection takes an exclusive lock at open and keeps it until closed.
 */
export class SqliteStore extends EventEmitter implements KeyvStoreAdapter {
  readonly opts = { dialect: 'sqlite' };
  namespace?: string;
  private readonly db: Database.Database;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly sweeper: NodeJS.Timeout;

  private constructor(db: Database.Database) {
    super();
    this.db = db;
    this.statements = prepareStatements(db);
    this.sweepExpired();
    this.sweeper = setInterval(() => {
      // Housekeeping only: expired rows are already invisible to reads, and a failed sweep is retried.
      try {
        this.sweepExpired();
      } catch {
        // The next interval tries again.
      }
    }, EXPIRED_SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  /** Opens (or creates) the store file; refuses a file in use by another process or that is not ours. */
  static open(filename: string): SqliteStore {
    let db: Database.Database | undefined;
    try {
      mkdirSync(dirname(filename), { recursive: true });
      // Created here so it is private from the start; SQLite gives its -wal file the same mode.
      closeSync(openSync(filename, 'a', 0o600));
      db = new Database(filename, { timeout: LOCK_WAIT_MS });
      configure(db, filename);
      return new SqliteStore(db);
    } catch (error) {
      db?.close();
      throw openFailure(error, filename);
    }
  }

  /** Keyv hands over and expects back its serialized string, whatever Value it was asked for. */
  async get<Value>(key: string): Promise<Value | undefined> {
    return this.readLive(key, Date.now()) as Value | undefined;
  }

  async getMany<Value>(keys: string[]): Promise<Array<Value | undefined>> {
    const now = Date.now();
    return this.db.transaction(() => keys.map((key) => this.readLive(key, now) as Value | undefined))();
  }

  async has(key: string): Promise<boolean> {
    return this.readLive(key, Date.now()) !== undefined;
  }

  async set(key: string, value: string, ttl?: number): Promise<void> {
    this.statements.upsert.run(key, value, typeof ttl === 'number' && ttl > 0 ? Date.now() + ttl : null);
  }

  async delete(key: string): Promise<boolean> {
    return this.statements.delete.run(key).changes > 0;
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    return this.db.transaction(() => {
      let deleted = false;
      for (const key of keys) if (this.statements.delete.run(key).changes > 0) deleted = true;
      return deleted;
    })();
  }

  /** Clears this Keyv namespace only (Keyv prefixes keys with `namespace:`), or everything without one. */
  async clear(): Promise<void> {
    if (this.namespace === undefined) this.statements.deleteAll.run();
    else this.statements.deleteByPrefix.run(`${this.namespace}:`, `${this.namespace}:`);
  }

  /** Backend.claimOnce: the row is Keyv's shape, so expiry and sweeping treat it like any entry. */
  claimOnce(key: string, ttlMs: number): boolean {
    const now = Date.now();
    return this.statements.claim.get(key, JSON.stringify({ value: true, expires: now + ttlMs }), now + ttlMs, now) !== undefined;
  }

  /** Entries from an older store, in one transaction; keys already here are kept as they are. */
  importEntries(entries: Iterable<[string, SqliteEntry]>): void {
    const now = Date.now();
    this.db.transaction(() => {
      for (const [key, entry] of entries) {
        if (entry.expires === undefined || entry.expires > now) this.statements.insertIfAbsent.run(key, entry.value, entry.expires ?? null);
      }
    })();
  }

  /** A real round trip to the database; throws once the connection is closed or broken. */
  ping(): void {
    this.statements.ping.get();
  }

  /** Checkpoints the write-ahead log into the file and releases the lock; closing twice is harmless. */
  async disconnect(): Promise<void> {
    clearInterval(this.sweeper);
    if (this.db.open) this.db.close();
  }

  private readLive(key: string, now: number): string | undefined {
    const row = this.statements.select.get(key);
    return row && (row.expires === null || row.expires > now) ? row.value : undefined;
  }

  private sweepExpired(): void {
    this.statements.deleteExpired.run(Date.now());
  }
}

function configure(db: Database.Database, filename: string): void {
  // Held from the first access until close: a second process (or connection) on the file gets SQLITE_BUSY
  // after LOCK_WAIT_MS instead of writing beside us. It also keeps the WAL index in memory (no -shm file).
  db.pragma('locking_mode = EXCLUSIVE');
  // The first read of the file: a locked file fails here, and so does one that is not a database.
  db.pragma('journal_mode = WAL');
  // FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on power loss. A lost write can be a
  // rotated Zoom refresh token whose predecessor is already dead, i.e. a grant lost for good; one fsync
  // per commit is cheap next to that (see bench/embeddedStore.bench.ts).
  db.pragma('synchronous = FULL');
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const tableCount = (db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n;
  if (applicationId !== APPLICATION_ID && (applicationId !== 0 || tableCount > 0)) {
    throw notOpened(filename, 'foreign', "is another program's SQLite database, not this app's store; point DATA_DIR elsewhere");
  }
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS ${TABLE}_expires ON ${TABLE} (expires) WHERE expires IS NOT NULL;
    PRAGMA application_id = ${APPLICATION_ID};
  `);
  // A damaged file must stop the start, not surface later as missing grants. quick_check reads every page
  // once: half a second to a second at a million records on our machine (npm run bench:store).
  const problems = db.pragma('quick_check', { simple: true });
  if (problems !== 'ok') throw notOpened(filename, 'damaged', `is damaged (${String(problems)}); restore it from a backup or move it away to start empty`);
}

function prepareStatements(db: Database.Database) {
  return {
    select: db.prepare<[string], { value: string; expires: number | null }>(`SELECT value, expires FROM ${TABLE} WHERE key = ?`),
    upsert: db.prepare<[string, string, number | null]>(
      `INSERT INTO ${TABLE} (key, value, expires) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires`,
    ),
    // Inserts, or takes over an expired row; RETURNING says whether this call did either.
    claim: db.prepare<[string, string, number, number], { key: string }>(
      `INSERT INTO ${TABLE} (key, value, expires) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires ` +
        `WHERE ${TABLE}.expires IS NOT NULL AND ${TABLE}.expires <= ? RETURNING key`,
    ),
    insertIfAbsent: db.prepare<[string, string, number | null]>(`INSERT OR IGNORE INTO ${TABLE} (key, value, expires) VALUES (?, ?, ?)`),
    delete: db.prepare<[string]>(`DELETE FROM ${TABLE} WHERE key = ?`),
    deleteByPrefix: db.prepare<[string, string]>(`DELETE FROM ${TABLE} WHERE substr(key, 1, length(?)) = ?`),
    deleteAll: db.prepare(`DELETE FROM ${TABLE}`),
    deleteExpired: db.prepare<[number]>(`DELETE FROM ${TABLE} WHERE expires IS NOT NULL AND expires <= ?`),
    ping: db.prepare('SELECT 1'),
  };
}

type NotOpenedReason = NonNullable<ErrorDetails['storeProblem']>;

function notOpened(filename: string, reason: NotOpenedReason, words: string, cause?: unknown): AppError {
  return new AppError('STORE_NOT_OPENED', `${filename} ${words}`, { storeProblem: reason, path: filename }, cause === undefined ? undefined : { cause });
}

/** The words an operator needs, with the stable code; SQLite's own error stays the cause. */
function openFailure(error: unknown, filename: string): AppError {
  if (error instanceof AppError) return error;
  switch (error instanceof Database.SqliteError ? error.code : undefined) {
    case 'SQLITE_BUSY':
      return notOpened(
        filename,
        'in_use',
        'is in use by another process: the embedded store serves one process at a time. Stop the other one, or run several instances on PostgreSQL (DATABASE_URL)',
        error,
      );
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return notOpened(filename, 'damaged', 'is not a readable store (damaged or not a database); restore it from a backup or move it away to start empty', error);
    default:
      return notOpened(filename, 'unreadable', `could not be opened: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}

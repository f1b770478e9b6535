/**
 * The embedded store at scale. Fills it with meeting cards (encrypted as the app writes them, in batched
 * transactions) to each size, then measures single operations one at a time through the real Storage
 * stack: a record write (encrypt, one commit with its fsync), a record read (one row, decrypt) and a grant
 * save (lock, record and two indexes, as after each token refresh). Also the time to open the store
 * (including its integrity check) and the file's size.
 * `npm run bench:store`; BENCH_STORE_SIZES (default 1000,100000,1000000), BENCH_SAMPLES (default 2000),
 * BENCH_STORE_DIR (default: a temporary directory, removed afterwards).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../src/clock.js';
import { createTokenCipher } from '../src/storage/crypto.js';
import { createStorage, DEFAULT_NAMESPACE } from '../src/storage/createStorage.js';
import { EMBEDDED_STORE_FILE } from '../src/storage/embeddedBackend.js';
import { MEETING_POST_TTL_MS } from '../src/storage/meetingPostStore.js';
import { SqliteStore, type SqliteEntry } from '../src/storage/sqliteStore.js';
import type { MeetingPost, Storage, ZoomGrant } from '../src/storage/types.js';

const sizes = (process.env.BENCH_STORE_SIZES ?? '1000,100000,1000000').split(',').map(Number);
const samples = Number(process.env.BENCH_SAMPLES ?? 2000);
const FILL_BATCH = 10_000;

const ownDir = process.env.BENCH_STORE_DIR === undefined;
const dataDir = process.env.BENCH_STORE_DIR ?? mkdtempSync(join(tmpdir(), 'bench-embedded-store-'));
const storeFile = join(dataDir, EMBEDDED_STORE_FILE);
const encryptionKey = randomBytes(32);
const cipher = createTokenCipher(encryptionKey);

const meetingId = (i: number) => String(80_000_000_000 + i);
const post = (i: number): MeetingPost => ({
  meetingId: meetingId(i),
  teamId: `T${i % 50}`,
  hostUserId: `U${i % 5000}`,
  channelId: `C${i % 300}`,
  messageTs: `1735000000.${String(i).padStart(6, '0')}`,
  createdAt: Date.now(),
});

/** What the app itself writes for a meeting card: Keyv's envelope around the encrypted record. */
function cardEntry(i: number): [string, SqliteEntry] {
  const name = `meeting-posts:${meetingId(i)}`;
  const expires = Date.now() + MEETING_POST_TTL_MS;
  return [`${DEFAULT_NAMESPACE}:${name}`, { value: JSON.stringify({ value: cipher.encrypt(JSON.stringify(post(i)), name), expires }), expires }];
}

async function fill(from: number, to: number): Promise<void> {
  const store = SqliteStore.open(storeFile);
  try {
    for (let start = from; start < to; start += FILL_BATCH) {
      const end = Math.min(to, start + FILL_BATCH);
      store.importEntries(Array.from({ length: end - start }, (_, k) => cardEntry(start + k)));
    }
  } finally {
    await store.disconnect();
  }
}

const grant = (size: number, i: number): ZoomGrant => ({
  teamId: 'T-bench',
  userId: `U-${size}-${i}`,
  zoomUserId: `zoom-${size}-${i}`,
  zoomAccountId: 'acct-bench',
  zoomEmail: `user${i}@example.com`,
  zoomName: `User ${i}`,
  accessToken: randomBytes(300).toString('base64url'),
  refreshToken: randomBytes(300).toString('base64url'),
  accessTokenExpiresAt: Date.now() + 3_600_000,
  scope: 'meeting:write meeting:read user:read',
  createdAt: Date.now(),
  updatedAt: Date.now(),
  version: 1,
});

async function timed(count: number, operation: (i: number) => Promise<unknown>): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await operation(i);
    durations.push(performance.now() - started);
  }
  return durations;
}

function percentiles(name: string, durations: number[]): string {
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(3);
  return `  ${name.padEnd(14)} n=${sorted.length}  p50=${at(0.5)} ms  p95=${at(0.95)} ms  p99=${at(0.99)} ms  max=${sorted.at(-1)!.toFixed(3)} ms`;
}

async function measure(size: number): Promise<void> {
  const opening = performance.now();
  const storage: Storage = await createStorage({ dataDir, encryptionKey, clock: systemClock });
  const openMs = performance.now() - opening;
  try {
    const writes = await timed(samples, (i) => storage.installations.set(`bench-${size}-${i}`, { index: i, team: { id: 'T-bench' }, bot: { token: 'x'.repeat(60) } }));
    const reads = await timed(samples, async (i) => {
      const id = meetingId(Math.floor(Math.random() * size));
      if ((await storage.meetingPosts.get(id)) === undefined) throw new Error(`card ${id} (sample ${i}) missing`);
    });
    const grantSaves = await timed(Math.min(samples, 500), (i) => storage.grants.save(grant(size, i)));
    console.log(`${size.toLocaleString('en')} records: opened in ${openMs.toFixed(0)} ms (integrity check included)`);
    console.log(percentiles('record write', writes));
    console.log(percentiles('record read', reads));
    console.log(percentiles('grant save', grantSaves));
  } finally {
    await storage.close();
  }
  // Closing checkpoints the write-ahead log into the file, so this is all of it.
  console.log(`  store file ${(statSync(storeFile).size / 2 ** 20).toFixed(1)} MiB`);
}

console.log(`embedded store (SQLite) in ${dataDir}; node ${process.version}`);
try {
  let filled = 0;
  for (const size of sizes) {
    const fillStarted = performance.now();
    await fill(filled, size);
    filled = size;
    console.log(`filled to ${size.toLocaleString('en')} in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s`);
    await measure(size);
  }
} finally {
  if (ownDir) rmSync(dataDir, { recursive: true, force: true });
}

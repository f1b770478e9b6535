/**
 * The request path under load, ours beside a bare Bolt app. Both run as their own processes (ours is the real entry
 * point, src/main.ts, at LOG_LEVEL=info) and get the same signed `/zoom new Topic R<i> tomorrow 3pm 45m` commands
 * from a closed loop of 8 workers (BENCH_WORKERS), in alternating rounds so that whatever else loads the machine falls on both.
 * Printed: the ack latency percentiles of each and ours / bare; for ours also the time until the meeting card is
 * posted and, with a modal, until views.open is called (Slack's trigger_id dies after 3 s).
 *
 * `npm run bench`. BENCH_STORE=embedded|postgres|both (default both; PostgreSQL at TEST_DATABASE_URL),
 * BENCH_WORKERS (8), BENCH_REQUESTS per app and store (400), BENCH_ROUNDS (4), BENCH_WARM_UP per app (40),
 * BENCH_MODAL_ITERATIONS (50); BENCH_PROFILE_DIR: each app process writes a CPU profile (.cpuprofile) there on exit.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import pg from 'pg';
import { createSlackSender, type SlackSender } from '../test/fakes/slackRequests.js';
import { killSpawnedApps, spawnApp, spawnMainFromSource, type AppProcess } from '../test/support/appProcess.js';
import { appEnv, connectThroughBrowser, freePort, SIGNING_SECRET, startWorld, type World } from '../test/support/harness.js';
import { TEST_DATABASE_URL, type StoreKind } from '../test/support/storage.js';
import { ALICE, GENERAL, TEAM } from '../test/support/world.js';

const workers = Number(process.env.BENCH_WORKERS ?? 8);
const requests = Number(process.env.BENCH_REQUESTS ?? 400);
const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
const warmUp = Number(process.env.BENCH_WARM_UP ?? 40);
const modalIterations = Number(process.env.BENCH_MODAL_ITERATIONS ?? 50);
const stores: StoreKind[] = ((): StoreKind[] => {
  const asked = process.env.BENCH_STORE ?? 'both';
  if (asked === 'both') return ['embedded', 'postgres'];
  if (asked === 'embedded' || asked === 'postgres') return [asked];
  throw new Error(`BENCH_STORE must be embedded, postgres or both (got ${asked})`);
})();

/** Nearest-rank percentile. */
function percentile(sorted: number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

const QUANTILES = [0.5, 0.95, 0.99] as const;
const cell = (text: string) => text.padStart(9);
const ms = (value: number) => cell(value.toFixed(1));

function row(name: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `${name.padEnd(34)}${cell(String(sorted.length))}${QUANTILES.map((q) => ms(percentile(sorted, q))).join('')}${ms(sorted.at(-1)!)}`;
}

function ratioRow(name: string, ours: number[], bare: number[]): string {
  const [o, b] = [[...ours].sort((x, y) => x - y), [...bare].sort((x, y) => x - y)];
  return `${name.padEnd(34)}${cell('')}${QUANTILES.map((q) => cell(`${(percentile(o, q) / percentile(b, q)).toFixed(2)}x`)).join('')}`;
}

const HEADER = `${''.padEnd(34)}${cell('n')}${cell('p50 ms')}${cell('p95 ms')}${cell('p99 ms')}${cell('max ms')}`;
const load = () => loadavg().map((value) => value.toFixed(2)).join(' ');

/** A closed loop: `workers` senders, each sending its next request when its last one is answered. Returns each ack time. */
async function closedLoop(first: number, count: number, send: (i: number) => Promise<number>): Promise<number[]> {
  const acks: number[] = [];
  let next = first;
  const worker = async () => {
    while (next < first + count) acks.push(await send(next++));
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return acks;
}

const topic = (i: number) => `Topic R${i}`;

async function inlineNew(sender: SlackSender, i: number): Promise<number> {
  const result = await sender.slashCommand({ teamId: TEAM.id, userId: ALICE.id, channelId: GENERAL.id, text: `new ${topic(i)} tomorrow 3pm 45m` });
  if (result.status !== 200) throw new Error(`/zoom new answered ${result.status}: ${result.text}`);
  return result.ackMs;
}

/** A database of its own for the app under test (which uses the default namespace), dropped afterwards. */
async function scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `szs_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Signs as Slack does; trigger ids and response URLs are the fake Slack's, as the app may use them. */
async function senderTo(app: AppProcess, world: World): Promise<SlackSender> {
  const port = await app.listening;
  return createSlackSender({ appUrl: `http://127.0.0.1:${port}`, signingSecret: SIGNING_SECRET, slack: world.slack });
}

async function stop(app: AppProcess): Promise<void> {
  app.child.kill('SIGTERM');
  await Promise.race([app.exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
}

/** Resolves once every topic's card is in the channel; returns, for each, the time from sending to the card. */
async function cardsPosted(world: World, sentAt: Map<number, number>): Promise<number[]> {
  const postedAt = new Map<number, number>();
  const deadline = Date.now() + 120_000;
  while (postedAt.size < sentAt.size) {
    if (Date.now() > deadline) throw new Error(`${sentAt.size - postedAt.size} cards never posted`);
    for (const call of world.slack.calls) {
      if (call.method !== 'chat.postMessage' || call.args.channel !== GENERAL.id) continue;
      const i = Number(/\bTopic R(\d+)\b/.exec(String(call.args.text))?.[1]);
      if (sentAt.has(i) && !postedAt.has(i)) postedAt.set(i, call.at - sentAt.get(i)!);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return [...postedAt.values()];
}

async function benchStore(kind: StoreKind): Promise<void> {
  const world = await startWorld({ zoomDailyMeetingLimit: 1_000_000 });
  const database = kind === 'postgres' ? await scratchDatabase() : undefined;
  try {
    const port = await freePort();
    const storeEnv = database ? { DATABASE_URL: database.url, TOKEN_ENCRYPTION_KEY: world.location.encryptionKey.toString('base64') } : {};
    const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
    const oursProcess = spawnMainFromSource({ ...appEnv(world, port), LOG_LEVEL: 'info', DATA_DIR: world.location.dataDir, ...storeEnv }, profile);
    const bareProcess = spawnApp(process.execPath, [...profile, '--import', 'tsx', 'bench/bareBoltApp.ts'], { SLACK_SIGNING_SECRET: SIGNING_SECRET, PORT: '0' });
    const [ours, bare] = await Promise.all([senderTo(oursProcess, world), senderTo(bareProcess, world)]);
    await connectThroughBrowser(world, ours, ALICE.id, ALICE.zoomUserId);

    // Warm-up: the first requests pay for JIT, connection pools and lazy set-up.
    await closedLoop(0, warmUp, (i) => inlineNew(bare, i));
    const warmUpCards = new Map(Array.from({ length: warmUp }, (_, i) => [i, Date.now()] as const));
    await closedLoop(0, warmUp, (i) => inlineNew(ours, i));
    await cardsPosted(world, warmUpCards);

    const loadBefore = load();
    const acks = { ours: [] as number[], bare: [] as number[] };
    const cards: number[] = [];
    const perRound = Math.ceil(requests / rounds);
    for (let round = 0, first = warmUp; round < rounds; round++, first += perRound) {
      acks.bare.push(...(await closedLoop(first, perRound, (i) => inlineNew(bare, i))));
      const sentAt = new Map<number, number>();
      acks.ours.push(
        ...(await closedLoop(first, perRound, (i) => {
          sentAt.set(i, Date.now());
          return inlineNew(ours, i);
        })),
      );
      // Ours keeps working after the ack (Zoom, the card, the reminder): let it finish before the bare app's turn.
      cards.push(...(await cardsPosted(world, sentAt)));
    }

    // A command that opens the form: one at a time, as a person would.
    const modalAcks: number[] = [];
    const viewsOpen: number[] = [];
    for (let i = 0; i < modalIterations; i++) {
      const triggerId = world.slack.issueTriggerId({ teamId: TEAM.id, userId: ALICE.id });
      const sentAt = Date.now();
      const result = await ours.slashCommand({ teamId: TEAM.id, userId: ALICE.id, channelId: GENERAL.id, text: 'new', triggerId });
      modalAcks.push(result.ackMs);
      const open = await world.slack.waitForCall('views.open', (c) => c.args.trigger_id === triggerId, 5_000);
      if (!open.ok) throw new Error(`views.open failed: ${open.error}`);
      viewsOpen.push(open.at - sentAt);
    }

    console.log(`\nstore: ${kind}; ${workers} concurrent inline /zoom new, ${rounds} alternating rounds after ${warmUp} warm-up; load average ${loadBefore} before, ${load()} after`);
    console.log(HEADER);
    console.log(row('bare Bolt: ack', acks.bare));
    console.log(row('ours: ack', acks.ours));
    console.log(ratioRow('ours / bare: ack', acks.ours, acks.bare));
    console.log(row('ours: card posted', cards));
    if (modalIterations > 0) {
      console.log(row('ours, modal (one at a time): ack', modalAcks));
      console.log(row('ours, modal: views.open called', viewsOpen));
    }
    await Promise.all([stop(oursProcess), stop(bareProcess)]);
  } finally {
    await killSpawnedApps();
    await world.close();
    await database?.drop();
  }
}

console.log(`node ${process.version}; fakes and load in this process, each app in its own; load average ${load()}`);
for (const kind of stores) await benchStore(kind);

/**
 * The request path, measured: how long Slack waits for our ack, how soon a modal opens after a
 * command (Slack's trigger_id dies after 3 s), and how long until the meeting card is posted.
 * Runs the real app against the loopback fakes; `npm run bench` (BENCH_ITERATIONS to change n).
 */
import { startHarness } from '../test/support/harness.js';
import { ALICE, GENERAL, TEAM } from '../test/support/world.js';

const iterations = Number(process.env.BENCH_ITERATIONS ?? 200);

function summary(name: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
  return `${name.padEnd(38)} n=${sorted.length}  p50=${at(0.5)} ms  p95=${at(0.95)} ms  max=${sorted.at(-1)!.toFixed(1)} ms`;
}

const h = await startHarness({ store: (process.env.BENCH_STORE as 'embedded' | 'postgres' | undefined) ?? 'embedded', zoomDailyMeetingLimit: 100_000 });
try {
  await h.connect();
  const ack: number[] = [];
  const card: number[] = [];
  const modalAck: number[] = [];
  const viewsOpen: number[] = [];

  // Warm-up: first requests pay for JIT and connection set-up.
  for (let i = 0; i < 10; i++) await h.command(`new Warm-up ${i} tomorrow 3pm`);
  await h.slack.waitFor(() => h.zoom.createdMeetings.length >= 10, 20_000);

  for (let i = 0; i < iterations; i++) {
    const topic = `Bench ${i}`;
    const sentAt = Date.now();
    const result = await h.command(`new ${topic} tomorrow 3pm 45m`);
    if (result.status !== 200) throw new Error(`ack ${result.status}`);
    ack.push(result.ackMs);
    const post = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL.id && String(c.args.text).includes(topic), 10_000);
    card.push(post.at - sentAt);
  }

  for (let i = 0; i < Math.min(iterations, 100); i++) {
    const triggerId = h.slack.issueTriggerId({ teamId: TEAM.id, userId: ALICE.id });
    const sentAt = Date.now();
    const result = await h.app.sender.slashCommand({ teamId: TEAM.id, userId: ALICE.id, channelId: GENERAL.id, text: 'new', triggerId });
    modalAck.push(result.ackMs);
    const open = await h.slack.waitForCall('views.open', (c) => c.args.trigger_id === triggerId, 5_000);
    if (!open.ok) throw new Error(`views.open failed: ${open.error}`);
    viewsOpen.push(open.at - sentAt);
  }

  console.log(`store: ${h.app.storage.kind}; fakes on loopback; node ${process.version}`);
  console.log(summary('/zoom new <text>: ack', ack));
  console.log(summary('/zoom new <text>: card posted', card));
  console.log(summary('/zoom new (modal): ack', modalAck));
  console.log(summary('/zoom new (modal): views.open called', viewsOpen));
} finally {
  await h.close();
}

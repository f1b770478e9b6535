/**
 * `npm run corpus [-- --verbose]`: right / asked / wrong over the meeting-time corpus
 * (test/fixtures/meeting-times/corpus.txt), per zone and in all, and what reading costs: the first
 * reading (Recognizers-Text compiles its patterns then) and the median and slowest after it.
 * --verbose lists every case that was not right.
 */
import { judge, loadCorpus, tally, type Judged } from '../test/scheduling/meetingTimeCorpus.js';

const verbose = process.argv.includes('--verbose');
const timings: number[] = [];
const judged: Judged[] = loadCorpus().map((c) => {
  const started = performance.now();
  const result = judge(c);
  timings.push(performance.now() - started);
  return result;
});

for (const zone of [...new Set(judged.map((j) => j.case.zone))]) {
  const c = tally(judged.filter((j) => j.case.zone === zone));
  console.log(`${zone.padEnd(20)} right ${c.right}  asked ${c.asked}  wrong ${c.wrong}`);
}
const all = tally(judged);
console.log(`${'all'.padEnd(20)} right ${all.right}  asked ${all.asked}  wrong ${all.wrong}  (of ${judged.length})`);
const warm = timings.slice(1).sort((a, b) => a - b);
console.log(`reading: first ${timings[0]!.toFixed(0)} ms, then median ${warm[Math.floor(warm.length / 2)]!.toFixed(1)} ms, slowest ${warm.at(-1)!.toFixed(0)} ms`);
if (verbose) {
  for (const j of judged.filter((j) => j.verdict !== 'right')) {
    console.log(`${j.verdict.toUpperCase().padEnd(5)} line ${j.case.line} ${j.case.zone}: ${JSON.stringify(j.case.text)} expected ${j.case.expected}; ${j.outcome}`);
  }
}

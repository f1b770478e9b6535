/**
 * The meeting-time corpus (test/fixtures/meeting-times/corpus.txt): each phrasing read as
 * `/zoom new` reads it, and judged right (read at the start meant, or asked where it must be),
 * asked (a question where a start was meant: safe, but a step more) or wrong.
 */
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { isAppError } from '../../src/errors.js';
import { parseMeetingRequest } from '../../src/scheduling/parseMeetingRequest.js';

export interface CorpusCase {
  line: number;
  zone: string;
  text: string;
  /** Local wall clock `YYYY-MM-DD HH:mm`, or 'ask'. */
  expected: string;
  topic: string;
  minutes: number;
  now: number;
}

export type Verdict = 'right' | 'asked' | 'wrong';

export interface Judged {
  case: CorpusCase;
  verdict: Verdict;
  /** What the reader did: a start with or without a question, or a refusal. */
  outcome: string;
}

const CORPUS = new URL('../fixtures/meeting-times/corpus.txt', import.meta.url);

export function loadCorpus(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  let now = '';
  let zones: string[] = [];
  readFileSync(CORPUS, 'utf8')
    .split('\n')
    .forEach((raw, index) => {
      const line = raw.trim();
      if (!line || line.startsWith('#')) return;
      if (line.startsWith('@now ')) return void (now = line.slice(5).trim());
      if (line.startsWith('@zones ')) return void (zones = line.slice(7).trim().split(/\s+/));
      const only = /^\[([^\]]+)\]\s*/.exec(line);
      const body = only ? line.slice(only[0].length) : line;
      const whole = body.startsWith('!');
      const [input, result] = (whole ? body.slice(1) : body).split('=>').map((s) => s.trim()) as [string, string];
      const [expected, topic, minutes] = result.split('|').map((s) => s.trim());
      for (const zone of only ? [only[1]!] : zones) {
        cases.push({
          line: index + 1,
          zone,
          text: whole ? input : `Weekly sync ${input} 30m`,
          expected: expected!,
          topic: whole ? (topic ?? '') : 'Weekly sync',
          minutes: minutes ? Number(minutes) : 30,
          now: DateTime.fromISO(now, { zone }).toMillis(),
        });
      }
    });
  return cases;
}

export function judge(c: CorpusCase): Judged {
  let read;
  try {
    read = parseMeetingRequest(c.text, { now: c.now, timeZone: c.zone });
  } catch (error) {
    if (!isAppError(error, 'INVALID_REQUEST')) throw error;
    return { case: c, verdict: c.expected === 'ask' ? 'right' : 'asked', outcome: `refused: ${error.message}` };
  }
  const start = DateTime.fromMillis(read.startTime, { zone: c.zone }).toFormat('yyyy-MM-dd HH:mm');
  if (read.doubt) return { case: c, verdict: c.expected === 'ask' ? 'right' : 'asked', outcome: `asked about ${start}: ${read.doubt}` };
  const outcome = `read ${start} "${read.topic}" ${read.durationMinutes}m`;
  const right = start === c.expected && read.topic === c.topic && read.durationMinutes === c.minutes;
  return { case: c, verdict: right ? 'right' : 'wrong', outcome };
}

export function tally(judged: Judged[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { right: 0, asked: 0, wrong: 0 };
  for (const j of judged) counts[j.verdict]++;
  return counts;
}

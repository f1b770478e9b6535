import { describe, expect, it } from 'vitest';
import { judge, loadCorpus, tally } from './meetingTimeCorpus.js';

/**
 * Over the whole corpus (test/fixtures/meeting-times/corpus.txt, `npm run corpus` prints the same
 * counts): no phrasing is ever read at a start other than the one meant, and at least 95% are read
 * right without a question (762 of 782 when this was written).
 */
describe('meeting-time corpus', () => {
  const cases = loadCorpus();
  const judged = cases.map(judge);

  it('covers at least 300 phrasings over four zones, one with a :30 and one with a :45 offset, one crossing a DST change', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    expect(new Set(cases.map((c) => c.zone))).toEqual(new Set(['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Kathmandu']));
  });

  it('reads nothing wrong', () => {
    const wrong = judged.filter((j) => j.verdict === 'wrong').map((j) => `line ${j.case.line} ${j.case.zone} ${JSON.stringify(j.case.text)}: expected ${j.case.expected}, ${j.outcome}`);
    expect(wrong).toEqual([]);
  });

  it('reads at least 95% right without a question', () => {
    const { right } = tally(judged);
    expect(right / judged.length).toBeGreaterThanOrEqual(0.95);
  });
});

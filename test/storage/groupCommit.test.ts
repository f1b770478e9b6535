import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../src/storage/groupCommit.js';

describe('group commit', () => {
  it('changes made while a write runs go together in the next write; each caller settles after its own', async () => {
    const writes: Array<Map<string, number>> = [];
    let finishFirst!: () => void;
    const group = groupCommit<string, number>(async (changes) => {
      writes.push(changes);
      if (writes.length === 1) await new Promise<void>((resolve) => (finishFirst = resolve));
    });
    const settled: string[] = [];
    const first = group.set('a', 1).then(() => settled.push('a'));
    const rest = ['b', 'c', 'd'].map((key, i) => group.set(key, i).then(() => settled.push(key)));
    group.set('b', 9).catch(() => undefined);
    await Promise.resolve();
    expect(settled).toEqual([]);
    finishFirst();
    await Promise.all([first, ...rest]);
    expect(writes.map((changes) => Object.fromEntries(changes))).toEqual([{ a: 1 }, { b: 9, c: 1, d: 2 }]);
    expect(settled[0]).toBe('a');
  });

  it('a failed write rejects the callers whose changes it held, and the next write goes on', async () => {
    let fail = true;
    const written: string[] = [];
    const group = groupCommit<string, true>(async (changes) => {
      if (fail) {
        fail = false;
        throw new Error('store down');
      }
      written.push(...changes.keys());
    });
    await expect(group.set('lost', true)).rejects.toThrow('store down');
    await group.set('kept', true);
    expect(written).toEqual(['kept']);
  });
});

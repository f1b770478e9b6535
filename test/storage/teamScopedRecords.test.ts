import { describe, expect, it } from 'vitest';
import { createLockManager } from '../../src/storage/locks.js';
import { teamScopedRecords } from '../../src/storage/teamScopedRecords.js';
import type { KeyValue } from '../../src/storage/types.js';

/** A KeyValue over a Map: the records and index the module manages, open to inspection. */
function mapKeyValue(): KeyValue & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  return {
    map,
    get: async <T>(key: string) => map.get(key) as T | undefined,
    set: async (key, value) => {
      map.set(key, value);
    },
    delete: async (key) => {
      map.delete(key);
    },
  };
}

describe('teamScopedRecords', () => {
  it('drops index entries of records that expired, so a busy workspace\'s index stays bounded', async () => {
    const records = mapKeyValue();
    const indexes = mapKeyValue();
    const byTeam = teamScopedRecords(records, indexes, createLockManager('test'), 'lock');
    for (let i = 0; i < 255; i++) await byTeam.set('T1', `old-${i}`, { i });
    // The store's TTL removed them (keyv expires records on its own).
    for (let i = 0; i < 255; i++) records.map.delete(`old-${i}`);
    expect(await byTeam.keys('T1')).toHaveLength(255);

    await byTeam.set('T1', 'new', { i: 255 });
    expect(await byTeam.keys('T1')).toEqual(['new']);
  });

  it('keeps workspaces apart', async () => {
    const records = mapKeyValue();
    const byTeam = teamScopedRecords(records, mapKeyValue(), createLockManager('test'), 'lock');
    await byTeam.set('T1', 'a', 1);
    await byTeam.set('T2', 'b', 2);
    await byTeam.deleteTeam('T1');
    expect([...records.map.keys()]).toEqual(['b']);
    expect(await byTeam.keys('T2')).toEqual(['b']);
  });
});

/**
 * Group commit for one shared record (an index) that many callers change: changes made while a write is under
 * way are written together by the next one, so N concurrent callers take the record's lock and rewrite it about
 * twice instead of N times. Each caller's promise settles once a write that includes its change has finished
 * (and rejects if that write failed). The last change to a key within a group wins.
 */
export function groupCommit<K, V>(write: (changes: Map<K, V>) => Promise<void>) {
  let pending = new Map<K, V>();
  let writing: Promise<void> | undefined;
  let next: Promise<void> | undefined;

  const writePending = (): Promise<void> => {
    const changes = pending;
    pending = new Map();
    writing = write(changes).finally(() => {
      writing = undefined;
    });
    return writing;
  };

  return {
    set(key: K, value: V): Promise<void> {
      pending.set(key, value);
      if (!writing) return writePending();
      // Everyone arriving during this write shares the next one.
      next ??= writing
        .catch(() => undefined)
        .then(() => {
          next = undefined;
          return writePending();
        });
      return next;
    },
  };
}

/**
 * In-process single flight: while work for a key is running, callers for the same key share its
 * promise instead of starting it again. (Across processes the store's locks do the same.)
 */
export function singleFlight<T>(): (key: string, work: () => Promise<T>) => Promise<T> {
  const running = new Map<string, Promise<T>>();
  return (key, work) => {
    let pending = running.get(key);
    if (!pending) {
      pending = work().finally(() => running.delete(key));
      running.set(key, pending);
    }
    return pending;
  };
}

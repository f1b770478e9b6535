/**
 * Work that outlives the request that started it (Slack is acked first, the meeting is created after).
 * A clean stop waits for it, so SIGTERM during a deploy does not drop a half-made meeting.
 */
export interface InFlight {
  track<T>(work: Promise<T>): Promise<T>;
  /** Resolves when nothing is in flight, or after timeoutMs. */
  drain(timeoutMs: number): Promise<void>;
}

export function createInFlight(): InFlight {
  const pending = new Set<Promise<unknown>>();
  return {
    track(work) {
      const settled = work.then(
        () => undefined,
        () => undefined,
      );
      pending.add(settled);
      void settled.then(() => pending.delete(settled));
      return work;
    },
    async drain(timeoutMs) {
      let timedOut = false;
      const timer = new Promise<void>((resolve) =>
        setTimeout(() => {
          timedOut = true;
          resolve();
        }, timeoutMs).unref(),
      );
      // Work may start more work (a handler's follow-up), so loop until the set stays empty.
      while (pending.size > 0 && !timedOut) await Promise.race([Promise.all(pending), timer]);
    },
  };
}

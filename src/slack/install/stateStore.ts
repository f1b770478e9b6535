import { randomBytes } from 'node:crypto';
import { InvalidStateError, type InstallURLOptions, type StateStore } from '@slack/oauth';
import type { Clock } from '../../clock.js';
import type { KeyValue, LockManager } from '../../storage/types.js';

const STATE_TTL_MS = 10 * 60_000;

interface StoredState {
  installOptions: InstallURLOptions;
  expiresAt: number;
}

/**
 * Slack install `state`, kept server-side: random, single-use, 10 minutes. Any instance can finish an
 * install another one started.
 */
export function keyvStateStore(deps: { states: KeyValue; locks: LockManager; clock: Clock }): StateStore {
  return {
    async generateStateParam(installOptions) {
      const state = randomBytes(24).toString('base64url');
      await deps.states.set<StoredState>(`slack-install:${state}`, { installOptions, expiresAt: deps.clock.now() + STATE_TTL_MS }, STATE_TTL_MS);
      return state;
    },
    async verifyStateParam(_now, state) {
      const key = `slack-install:${state}`;
      const stored = await deps.locks.withLock(key, async () => {
        const value = await deps.states.get<StoredState>(key);
        if (value) await deps.states.delete(key);
        return value;
      });
      if (!stored || stored.expiresAt <= deps.clock.now()) throw new InvalidStateError('The install link expired or was already used.');
      return stored.installOptions;
    },
  };
}

import { randomBytes } from 'node:crypto';
import { InvalidStateError, type InstallURLOptions, type StateStore } from '@slack/oauth';
import type { Clock } from '../../clock.js';
import { takeOnce } from '../../storage/keyValue.js';
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
      await deps.states.set<StoredState>(state, { installOptions, expiresAt: deps.clock.now() + STATE_TTL_MS }, STATE_TTL_MS);
      return state;
    },
    async verifyStateParam(_now, state) {
      const stored = await takeOnce<StoredState>(deps.states, deps.locks, 'take-slack-install-state', state);
      if (!stored || stored.expiresAt <= deps.clock.now()) throw new InvalidStateError('The install link expired or was already used.');
      return stored.installOptions;
    },
  };
}

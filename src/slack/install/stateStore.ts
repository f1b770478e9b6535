import { createHash } from 'node:crypto';
import slackOAuth, { InvalidStateError, type StateStore } from '@slack/oauth';
import type { Clock } from '../../clock.js';
import type { KeyValue, LockManager } from '../../storage/types.js';

// CommonJS: Node's ESM loader cannot see this one among the named exports (the other names above it can).
const { ClearStateStore } = slackOAuth;

export const INSTALL_STATE_TTL_MS = 10 * 60_000;
/** A spent state is remembered a little past its own expiry, so it is refused as expired or as spent, never accepted. */
const SPENT_GRACE_MS = 60_000;

/**
 * Slack install `state`: signed, not stored, so viewing the install page writes nothing (anyone on the internet can
 * view it). @slack/oauth's ClearStateStore signs the install options and the time with SLACK_STATE_SECRET (an HS256
 * JWT) and refuses a state that is forged or older than 10 minutes (counted in whole seconds). Only the states used
 * are remembered, in the store until they would have expired anyway: each works once, whichever instance it reaches.
 */
export function signedStateStore(deps: { secret: string; spent: KeyValue; locks: LockManager; clock: Clock }): StateStore {
  const signed = new ClearStateStore(deps.secret, INSTALL_STATE_TTL_MS / 1000);
  const now = () => new Date(deps.clock.now());
  return {
    generateStateParam: (installOptions) => signed.generateStateParam(installOptions, now()),
    async verifyStateParam(_now, state) {
      const installOptions = await signed.verifyStateParam(now(), state);
      // Keyed by a hash: the state is long, and it is a secret until used.
      const key = createHash('sha256').update(state).digest('base64url');
      await deps.locks.withLock(`spend-slack-install-state:${key}`, async () => {
        if (await deps.spent.get<boolean>(key)) throw new InvalidStateError('The install link was already used.');
        await deps.spent.set(key, true, INSTALL_STATE_TTL_MS + SPENT_GRACE_MS);
      });
      return installOptions;
    },
  };
}

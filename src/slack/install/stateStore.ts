import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { InvalidStateError, type InstallURLOptions, type StateStore } from '@slack/oauth';
import type { Clock } from '../../clock.js';
import type { SeenOnceSet } from '../../storage/types.js';

export const INSTALL_STATE_TTL_MS = 10 * 60_000;
/** A spent state is remembered a little past its own expiry, so it is refused as expired or as spent, never accepted. */
const SPENT_GRACE_MS = 60_000;
/** Random bytes in each state: two pages opened in the same millisecond still get different states. */
const NONCE_BYTES = 16;

interface StateContent {
  installOptions: InstallURLOptions;
  /** ms epoch on the app clock. */
  issuedAt: number;
  nonce: string;
}

/**
 * Slack install `state`: signed, not stored, so viewing the install page writes nothing (anyone on the internet can
 * view it). The state is its content (the install options, when it was issued, a 128-bit nonce) and an HMAC-SHA256
 * of it with SLACK_STATE_SECRET; a state that is forged, altered or older than 10 minutes is refused. Only the
 * states used are remembered, in the store until they would have expired anyway: each works once, whichever
 * instance it reaches. (@slack/oauth's ClearStateStore adds only a 20-bit random number to a time, so states of
 * pages opened together could be the same, and the second install would then be refused as already used.)
 */
export function signedStateStore(deps: { secret: string; spent: SeenOnceSet; clock: Clock }): StateStore {
  const sign = (content: string) => createHmac('sha256', deps.secret).update(content).digest('base64url');

  function read(state: string): StateContent {
    const [content, signature, ...rest] = state.split('.');
    const expected = content === undefined ? '' : sign(content);
    const given = Buffer.from(signature ?? '');
    if (!content || rest.length > 0 || given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected))) {
      throw new InvalidStateError('The install link is not one of ours.');
    }
    const parsed = JSON.parse(Buffer.from(content, 'base64url').toString('utf8')) as StateContent;
    const age = deps.clock.now() - parsed.issuedAt;
    if (!(age >= 0 && age <= INSTALL_STATE_TTL_MS)) throw new InvalidStateError('The install link has expired.');
    return parsed;
  }

  return {
    async generateStateParam(installOptions) {
      const content: StateContent = { installOptions, issuedAt: deps.clock.now(), nonce: randomBytes(NONCE_BYTES).toString('base64url') };
      const encoded = Buffer.from(JSON.stringify(content)).toString('base64url');
      return `${encoded}.${sign(encoded)}`;
    },
    async verifyStateParam(_now, state) {
      const { installOptions } = read(state);
      if (!(await deps.spent.claim(state, INSTALL_STATE_TTL_MS + SPENT_GRACE_MS))) throw new InvalidStateError('The install link was already used.');
      return installOptions;
    },
  };
}

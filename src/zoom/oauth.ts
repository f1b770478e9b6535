import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { AppError, isAppError } from '../errors.js';
import type { ZoomHttp } from './http.js';
import type { AccountToken, TokenSet } from './types.js';

/** Zoom's OAuth endpoints (user authorization-code flow with PKCE, refresh, revoke, Server-to-Server). */
export interface ZoomOAuth {
  authorizeUrl(params: { state: string; codeChallenge: string }): string;
  /** OAUTH_EXCHANGE_FAILED when Zoom refuses the code/verifier/redirect_uri; ZOOM_UNAVAILABLE when it cannot be asked. */
  exchangeCode(params: { code: string; codeVerifier: string }): Promise<TokenSet>;
  /**
   * Rotates the pair. ZOOM_GRANT_REVOKED when Zoom no longer accepts the refresh token; ZOOM_OUTCOME_UNKNOWN when
   * Zoom may have rotated it but its answer was lost (no answer after sending, or an unreadable success).
   */
  refresh(refreshToken: string): Promise<TokenSet>;
  /** Revokes the grant the token belongs to. A token Zoom no longer knows counts as revoked. */
  revoke(token: string): Promise<void>;
  /**
   * Like revoke, but says whether Zoom knew the token: 'unknown-token' when Zoom refused it as invalid, which
   * for an expired access token does not mean its grant is gone (the refresh token may still work).
   */
  revokeToken(token: string): Promise<'revoked' | 'unknown-token'>;
  /** Server-to-Server OAuth (grant_type=account_credentials). */
  accountToken(accountId: string): Promise<AccountToken>;
}

export interface ZoomOAuthDeps {
  config: Pick<Config['zoom'], 'clientId' | 'clientSecret' | 'oauthUrl' | 'redirectUri'>;
  http: ZoomHttp;
  clock: Clock;
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().refine((t) => t.toLowerCase() === 'bearer', 'token_type must be bearer'),
  refresh_token: z.string().min(1),
  expires_in: z.number().positive(),
  scope: z.string().optional().default(''),
});

const accountTokenResponse = tokenResponse.omit({ refresh_token: true });

/** Zoom's answer to a dead refresh token: 400/401 {reason: 'Invalid Token!', error: 'invalid_grant' | 'invalid_request'}. */
function isDeadToken(error: AppError): boolean {
  if (error.code !== 'ZOOM_REJECTED') return false;
  const { httpStatus, oauthError, zoomMessage } = error.details;
  if (httpStatus !== 400 && httpStatus !== 401) return false;
  if (oauthError === 'invalid_client') return false;
  if (oauthError === 'invalid_grant') return true;
  return typeof zoomMessage === 'string' && /invalid (refresh )?token|refresh token (is )?(invalid|expired|revoked)/i.test(zoomMessage);
}

/**
 * Token-endpoint POSTs other than a refresh are safe to repeat in meaning (nothing is created), so "outcome unknown"
 * is just "unavailable" for them. A refresh is not: a lost answer may hide a rotation that killed our refresh token.
 */
type LostAnswer = 'ZOOM_UNAVAILABLE' | 'ZOOM_OUTCOME_UNKNOWN';

function asUnavailable(error: unknown): unknown {
  if (isAppError(error, 'ZOOM_OUTCOME_UNKNOWN')) {
    return new AppError('ZOOM_UNAVAILABLE', error.message, error.details, { cause: error });
  }
  return error;
}

export function createZoomOAuth(deps: ZoomOAuthDeps): ZoomOAuth {
  const { config, http, clock } = deps;
  const basic = `Basic ${Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64')}`;
  const tokenUrl = `${config.oauthUrl}/oauth/token`;

  async function postToken(form: Record<string, string>, lostAnswer: LostAnswer = 'ZOOM_UNAVAILABLE'): Promise<{ body: unknown; sentAt: number }> {
    const sentAt = clock.now();
    try {
      const res = await http.request({ method: 'POST', url: tokenUrl, headers: { authorization: basic }, form });
      return { body: res.body, sentAt };
    } catch (error) {
      throw lostAnswer === 'ZOOM_UNAVAILABLE' ? asUnavailable(error) : error;
    }
  }

  /** A malformed success is Zoom's yes we cannot read: for a refresh, the pair was rotated and its answer lost. */
  function toTokenSet(body: unknown, sentAt: number, lostAnswer: LostAnswer = 'ZOOM_UNAVAILABLE'): TokenSet {
    const parsed = tokenResponse.safeParse(body);
    if (!parsed.success) {
      throw new AppError(lostAnswer, `Zoom token response is malformed: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
    }
    const t = parsed.data;
    return { accessToken: t.access_token, refreshToken: t.refresh_token, expiresAt: sentAt + t.expires_in * 1000, scope: t.scope };
  }

  async function revokeToken(token: string): Promise<'revoked' | 'unknown-token'> {
    try {
      await http.request({ method: 'POST', url: `${config.oauthUrl}/oauth/revoke`, headers: { authorization: basic }, form: { token } });
      return 'revoked';
    } catch (error) {
      if (isAppError(error) && isDeadToken(error)) return 'unknown-token';
      throw asUnavailable(error);
    }
  }

  return {
    authorizeUrl({ state, codeChallenge }) {
      const params = new URLSearchParams({
        response_type: 'code',
        client_id: config.clientId,
        redirect_uri: config.redirectUri,
        state,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
      });
      return `${config.oauthUrl}/oauth/authorize?${params.toString()}`;
    },

    async exchangeCode({ code, codeVerifier }) {
      try {
        const { body, sentAt } = await postToken({
          grant_type: 'authorization_code',
          code,
          redirect_uri: config.redirectUri,
          code_verifier: codeVerifier,
        });
        return toTokenSet(body, sentAt);
      } catch (error) {
        if (isAppError(error, 'ZOOM_REJECTED')) {
          throw new AppError('OAUTH_EXCHANGE_FAILED', `Zoom refused the authorization code: ${error.details.zoomMessage ?? error.message}`, error.details, {
            cause: error,
          });
        }
        throw error;
      }
    },

    async refresh(refreshToken) {
      try {
        const { body, sentAt } = await postToken({ grant_type: 'refresh_token', refresh_token: refreshToken }, 'ZOOM_OUTCOME_UNKNOWN');
        return toTokenSet(body, sentAt, 'ZOOM_OUTCOME_UNKNOWN');
      } catch (error) {
        if (isAppError(error) && isDeadToken(error)) {
          throw new AppError('ZOOM_GRANT_REVOKED', `Zoom no longer accepts the refresh token: ${error.details.zoomMessage ?? error.message}`, error.details, {
            cause: error,
          });
        }
        throw error;
      }
    },

    async revoke(token) {
      await revokeToken(token);
    },

    revokeToken,

    async accountToken(accountId) {
      const { body, sentAt } = await postToken({ grant_type: 'account_credentials', account_id: accountId });
      const parsed = accountTokenResponse.safeParse(body);
      if (!parsed.success) {
        throw new AppError('ZOOM_UNAVAILABLE', `Zoom account token response is malformed: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
      }
      return { accessToken: parsed.data.access_token, expiresAt: sentAt + parsed.data.expires_in * 1000, scope: parsed.data.scope };
    },
  };
}

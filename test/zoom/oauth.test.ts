import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createZoomOAuth } from '../../src/zoom/oauth.js';
import { createPkcePair, randomState } from '../../src/zoom/pkce.js';
import { ACCOUNT_ID, ALICE, BOB, CLIENT_ID, CLIENT_SECRET, logsContainAny, REDIRECT_URI, rejection, startZoomEnv, staticAuth, type ZoomEnv } from './helpers.js';

/** Plays the browser: opens the authorize URL and returns where Zoom redirects. */
async function clickAllow(url: string): Promise<URL> {
  const res = await request(url, { method: 'GET' });
  await res.body.text();
  expect(res.statusCode).toBe(302);
  return new URL(String(res.headers.location));
}


describe('Zoom OAuth against the fake', () => {
  let env: ZoomEnv;
  beforeEach(async () => {
    env = await startZoomEnv();
    env.zoom.loginAs(ALICE.id);
  });
  afterEach(async () => {
    await env.close();
  });

  async function authorize() {
    const pkce = createPkcePair();
    const state = randomState();
    const back = await clickAllow(env.oauth.authorizeUrl({ state, codeChallenge: pkce.challenge }));
    return { pkce, state, back, code: back.searchParams.get('code') ?? '' };
  }

  it('builds the authorize URL Zoom expects', () => {
    const url = new URL(env.oauth.authorizeUrl({ state: 'st', codeChallenge: 'ch' }));
    expect(`${url.origin}${url.pathname}`).toBe(`${env.zoom.oauthUrl}/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      state: 'st',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
    });
  });

  it('runs the full code exchange with PKCE and the tokens work', async () => {
    const { back, state, pkce, code } = await authorize();
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
    expect(back.searchParams.get('state')).toBe(state);

    const tokens = await env.oauth.exchangeCode({ code, codeVerifier: pkce.verifier });
    expect(tokens.accessToken).not.toBe('');
    expect(tokens.refreshToken).not.toBe('');
    expect(tokens.expiresAt).toBe(env.clock.now() + 3600_000);
    expect(tokens.scope).toContain('meeting:write');

    const me = await env.api.getMe(staticAuth(tokens.accessToken));
    expect(me).toMatchObject({ id: ALICE.id, email: ALICE.email, accountId: ACCOUNT_ID, displayName: 'Alice Liddell' });
    expect(logsContainAny(env.lines, [tokens.accessToken, tokens.refreshToken, code, pkce.verifier])).toEqual([]);
  });

  it('grants for whoever is signed in at Zoom', async () => {
    env.zoom.loginAs(BOB.id);
    const { pkce, code } = await authorize();
    const tokens = await env.oauth.exchangeCode({ code, codeVerifier: pkce.verifier });
    expect((await env.api.getMe(staticAuth(tokens.accessToken))).id).toBe(BOB.id);
  });

  it('rejects a wrong code verifier (and the code is then spent)', async () => {
    const { pkce, code } = await authorize();
    const wrong = await rejection(env.oauth.exchangeCode({ code, codeVerifier: createPkcePair().verifier }));
    expect(wrong.code).toBe('OAUTH_EXCHANGE_FAILED');
    expect(wrong.details).toMatchObject({ httpStatus: 400, oauthError: 'invalid_grant' });

    const retry = await rejection(env.oauth.exchangeCode({ code, codeVerifier: pkce.verifier }));
    expect(retry.code).toBe('OAUTH_EXCHANGE_FAILED');
    expect(env.zoom.stats.codeExchanges).toBe(0);
  });

  it('rejects a reused code', async () => {
    const { pkce, code } = await authorize();
    await env.oauth.exchangeCode({ code, codeVerifier: pkce.verifier });
    const reused = await rejection(env.oauth.exchangeCode({ code, codeVerifier: pkce.verifier }));
    expect(reused.code).toBe('OAUTH_EXCHANGE_FAILED');
    expect(reused.details.zoomMessage).toBe('Invalid authorization code');
    expect(env.zoom.stats.codeExchanges).toBe(1);
  });

  it('rejects a code older than 5 minutes', async () => {
    const { pkce, code } = await authorize();
    env.clock.advance(5 * 60_000 + 1);
    expect((await rejection(env.oauth.exchangeCode({ code, codeVerifier: pkce.verifier }))).code).toBe('OAUTH_EXCHANGE_FAILED');
  });

  it('rejects a code redeemed with another redirect_uri', async () => {
    const { pkce, code } = await authorize();
    const other = createZoomOAuth({
      config: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, oauthUrl: env.zoom.oauthUrl, redirectUri: 'https://evil.example.test/cb' },
      http: env.http,
      clock: env.clock,
    });
    const error = await rejection(other.exchangeCode({ code, codeVerifier: pkce.verifier }));
    expect(error.code).toBe('OAUTH_EXCHANGE_FAILED');
    expect(error.details.zoomMessage).toBe('Redirect URI mismatch.');
  });

  it('rejects bad client credentials (Basic auth)', async () => {
    const { pkce, code } = await authorize();
    const wrongSecret = createZoomOAuth({
      config: { clientId: CLIENT_ID, clientSecret: 'nope', oauthUrl: env.zoom.oauthUrl, redirectUri: REDIRECT_URI },
      http: env.http,
      clock: env.clock,
    });
    const error = await rejection(wrongSecret.exchangeCode({ code, codeVerifier: pkce.verifier }));
    expect(error.code).toBe('OAUTH_EXCHANGE_FAILED');
    expect(error.details).toMatchObject({ httpStatus: 401, oauthError: 'invalid_client' });
  });

  it('reports a declined consent as an error redirect', async () => {
    env.zoom.denyNext();
    const state = randomState();
    const back = await clickAllow(env.oauth.authorizeUrl({ state, codeChallenge: createPkcePair().challenge }));
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe(state);
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('the fake refuses an authorize request without a proper S256 challenge', async () => {
    const url = new URL(env.oauth.authorizeUrl({ state: 's', codeChallenge: 'short' }));
    const res = await request(url, { method: 'GET' });
    expect(res.statusCode).toBe(400);
    expect(await res.body.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('rotates the refresh token; the old one dies at once', async () => {
    const { pkce, code } = await authorize();
    const first = await env.oauth.exchangeCode({ code, codeVerifier: pkce.verifier });
    env.clock.advance(10 * 60_000);
    const second = await env.oauth.refresh(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.expiresAt).toBe(env.clock.now() + 3600_000);
    expect((await env.api.getMe(staticAuth(second.accessToken))).id).toBe(ALICE.id);

    const reuse = await rejection(env.oauth.refresh(first.refreshToken));
    expect(reuse.code).toBe('ZOOM_GRANT_REVOKED');
    expect(reuse.details).toMatchObject({ httpStatus: 400, oauthError: 'invalid_grant', zoomMessage: 'Invalid Token!' });
    expect(env.zoom.isRefreshTokenValid(second.refreshToken)).toBe(true);
  });

  it('does not call bad client credentials a revoked grant', async () => {
    const tokens = env.zoom.issueUserTokens(ALICE.id);
    const wrongSecret = createZoomOAuth({
      config: { clientId: CLIENT_ID, clientSecret: 'nope', oauthUrl: env.zoom.oauthUrl, redirectUri: REDIRECT_URI },
      http: env.http,
      clock: env.clock,
    });
    const error = await rejection(wrongSecret.refresh(tokens.refresh_token));
    expect(error.code).toBe('ZOOM_REJECTED');
    expect(error.details.oauthError).toBe('invalid_client');
    expect(env.zoom.isRefreshTokenValid(tokens.refresh_token)).toBe(true);
  });

  it('a refresh that Zoom cannot answer is ZOOM_UNAVAILABLE, not a revoked grant', async () => {
    const tokens = env.zoom.issueUserTokens(ALICE.id);
    env.zoom.failNext('token', { status: 503, body: { code: 503, message: 'Service unavailable' } });
    expect((await rejection(env.oauth.refresh(tokens.refresh_token))).code).toBe('ZOOM_UNAVAILABLE');
  });

  it('a refresh whose answer is lost after sending is ZOOM_OUTCOME_UNKNOWN: Zoom may have rotated the pair', async () => {
    const tokens = env.zoom.issueUserTokens(ALICE.id);
    env.zoom.failNext('token', { destroy: true });
    expect((await rejection(env.oauth.refresh(tokens.refresh_token))).code).toBe('ZOOM_OUTCOME_UNKNOWN');
  });

  it('rejects a malformed token response; for a refresh, Zoom said yes, so the pair is rotated and its answer lost', async () => {
    const tokens = env.zoom.issueUserTokens(ALICE.id);
    env.zoom.failNext('token', { status: 200, body: { access_token: 'x', token_type: 'bearer' } });
    const error = await rejection(env.oauth.refresh(tokens.refresh_token));
    expect(error.code).toBe('ZOOM_OUTCOME_UNKNOWN');
    expect(error.message).toContain('refresh_token');
  });

  it('revokes the grant; revoking again is quiet', async () => {
    const tokens = env.zoom.issueUserTokens(ALICE.id);
    await env.oauth.revoke(tokens.access_token);
    expect(env.zoom.isAccessTokenValid(tokens.access_token)).toBe(false);
    expect(env.zoom.isRefreshTokenValid(tokens.refresh_token)).toBe(false);
    expect(env.zoom.stats.revocations).toBe(1);
    await expect(env.oauth.revoke(tokens.access_token)).resolves.toBeUndefined();
    expect((await rejection(env.api.getMe(staticAuth(tokens.access_token)))).details.httpStatus).toBe(401);
  });

  it('gets a Server-to-Server account token', async () => {
    const token = await env.oauth.accountToken(ACCOUNT_ID);
    expect(token.expiresAt).toBe(env.clock.now() + 3600_000);
    expect((await env.api.getUser(staticAuth(token.accessToken), BOB.email)).id).toBe(BOB.id);
    expect(env.zoom.requests.filter((r) => r.route === 'token').map((r) => r.grantType)).toEqual(['account_credentials']);

    const wrong = await rejection(env.oauth.accountToken('someone-else'));
    expect(wrong.code).toBe('ZOOM_REJECTED');
  });
});

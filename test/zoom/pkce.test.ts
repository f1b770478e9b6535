import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPkcePair, pkceChallenge, randomState } from '../../src/zoom/pkce.js';

describe('PKCE', () => {
  it('makes a 43-char base64url verifier and its S256 challenge', () => {
    const pair = createPkcePair();
    expect(pair.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.method).toBe('S256');
    const expected = createHash('sha256').update(pair.verifier).digest('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(pair.challenge).toBe(expected);
    expect(pair.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('matches the RFC 7636 appendix B example', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('never repeats verifiers or states', () => {
    const verifiers = new Set(Array.from({ length: 200 }, () => createPkcePair().verifier));
    const states = new Set(Array.from({ length: 200 }, () => randomState()));
    expect(verifiers.size).toBe(200);
    expect(states.size).toBe(200);
  });

  it('state carries at least 128 bits, URL-safe', () => {
    const state = randomState();
    expect(state).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(state, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });
});

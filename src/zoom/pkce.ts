import { createHash, randomBytes } from 'node:crypto';

/** PKCE (RFC 7636) for the Zoom authorization-code flow. */
export interface PkcePair {
  /** 43 chars of base64url (32 random bytes); stays server-side until the code exchange. */
  verifier: string;
  /** base64url(sha256(verifier)), sent in the authorize URL with method S256. */
  challenge: string;
  method: 'S256';
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}

/** Unguessable OAuth `state`: 32 random bytes (256 bits), base64url. */
export function randomState(): string {
  return randomBytes(32).toString('base64url');
}

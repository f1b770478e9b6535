import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenCipher, KEY_FILE_NAME, loadOrCreateKeyFile } from '../../src/storage/crypto.js';

/** Backend-independent: the cipher and the key file are the same for both stores. */

describe('token cipher', () => {
  const cipher = createTokenCipher(randomBytes(32));
  const token = 'eyJhbGciOiJIUzUxMiJ9.access-token-with-ünïcode';

  it('round-trips a token through the compact v1 format', () => {
    const payload = cipher.encrypt(token, 'grants:T1:U1');
    expect(payload).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(payload).not.toContain('access-token');
    expect(cipher.decrypt(payload, 'grants:T1:U1')).toBe(token);
    expect(cipher.decrypt(cipher.encrypt(''), undefined)).toBe('');
  });

  it('uses a fresh IV per value', () => {
    const first = cipher.encrypt(token);
    const second = cipher.encrypt(token);
    expect(first).not.toBe(second);
    expect(first.split(':')[1]).not.toBe(second.split(':')[1]);
    expect(Buffer.from(first.split(':')[1]!, 'base64')).toHaveLength(12);
  });

  it('detects tampering with the IV, tag or ciphertext', () => {
    const parts = cipher.encrypt(token).split(':');
    for (const index of [1, 2, 3]) {
      const tampered = [...parts];
      const bytes = Buffer.from(tampered[index]!, 'base64');
      bytes[0] = bytes[0]! ^ 0x01;
      tampered[index] = bytes.toString('base64');
      expect(() => cipher.decrypt(tampered.join(':'))).toThrow(/wrong TOKEN_ENCRYPTION_KEY or tampered data/);
    }
  });

  it('refuses a value moved under another context, a wrong key, and malformed input', () => {
    const payload = cipher.encrypt(token, 'grants:T1:U1');
    expect(() => cipher.decrypt(payload, 'grants:T1:U2')).toThrow(/tampered/);
    expect(() => createTokenCipher(randomBytes(32)).decrypt(payload, 'grants:T1:U1')).toThrow(/wrong TOKEN_ENCRYPTION_KEY/);
    expect(() => cipher.decrypt('plain-token')).toThrow(/malformed/);
    expect(() => cipher.decrypt(`${payload}:extra`, 'grants:T1:U1')).toThrow(/malformed/);
  });

  it('requires a 32-byte key', () => {
    expect(() => createTokenCipher(randomBytes(31))).toThrow(/32 bytes/);
  });
});

describe('key file', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'key-file-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('creates a 32-byte base64 key with mode 0600, then reuses it', async () => {
    const created = await loadOrCreateKeyFile(join(dataDir, 'sub'));
    const keyPath = join(dataDir, 'sub', KEY_FILE_NAME);

    expect(created).toHaveLength(32);
    expect((await stat(keyPath)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(keyPath, 'utf8')).trim(), 'base64').equals(created)).toBe(true);
    expect((await loadOrCreateKeyFile(join(dataDir, 'sub'))).equals(created)).toBe(true);
  });

  it('gives concurrent first starts the same key', async () => {
    const keys = await Promise.all(Array.from({ length: 10 }, () => loadOrCreateKeyFile(dataDir)));
    for (const key of keys) expect(key.equals(keys[0]!)).toBe(true);
  });

  it('uses a key file written by the operator and refuses a malformed one', async () => {
    const key = randomBytes(32);
    await writeFile(join(dataDir, KEY_FILE_NAME), key.toString('base64'));
    expect((await loadOrCreateKeyFile(dataDir)).equals(key)).toBe(true);

    await writeFile(join(dataDir, KEY_FILE_NAME), randomBytes(16).toString('base64'));
    await expect(loadOrCreateKeyFile(dataDir)).rejects.toThrow(/32 bytes/);
  });
});

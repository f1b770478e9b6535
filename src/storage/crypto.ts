import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { link, mkdir, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { readTextIfPresent } from './optionalFile.js';

/** AES-256-GCM encryption of values at rest: tokens never reach a file or table in plain text. */

export const ENCRYPTION_KEY_BYTES = 32;
const IV_BYTES = 12;
const FORMAT_VERSION = 'v1';
export const KEY_FILE_NAME = 'encryption.key';

export interface TokenCipher {
  /**
   * Returns `v1:<iv>:<tag>:<ciphertext>` (base64 parts). `context` is authenticated but not stored:
   * decrypting needs the same context, so a ciphertext copied under another record's key is refused.
   */
  encrypt(plaintext: string, context?: string): string;
  /** Throws when the key is wrong or the payload or context was altered. */
  decrypt(payload: string, context?: string): string;
}

export function createTokenCipher(key: Buffer): TokenCipher {
  if (key.length !== ENCRYPTION_KEY_BYTES) {
    throw new Error(`TOKEN_ENCRYPTION_KEY must be ${ENCRYPTION_KEY_BYTES} bytes, got ${key.length}`);
  }
  return {
    encrypt(plaintext, context = '') {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return `${FORMAT_VERSION}:${iv.toString('base64')}:${tag.toString('base64')}:${ciphertext.toString('base64')}`;
    },
    decrypt(payload, context = '') {
      const [version, iv, tag, ciphertext, ...rest] = payload.split(':');
      if (version !== FORMAT_VERSION || iv === undefined || tag === undefined || ciphertext === undefined || rest.length > 0) {
        throw new Error('Encrypted value is malformed');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
      } catch (error) {
        throw new Error('Encrypted value could not be decrypted: wrong TOKEN_ENCRYPTION_KEY or tampered data', { cause: error });
      }
    },
  };
}

/**
 * The embedded store's key when TOKEN_ENCRYPTION_KEY is not set: `<dataDir>/encryption.key` (base64),
 * generated with mode 0600 on first start. Losing this file makes every stored token unreadable.
 */
export async function loadOrCreateKeyFile(dataDir: string): Promise<Buffer> {
  const keyPath = join(dataDir, KEY_FILE_NAME);
  const existing = await readKeyFile(keyPath);
  if (existing) return existing;

  await mkdir(dataDir, { recursive: true });
  // Written completely to a private temp file, then linked into place: link() fails if another
  // process created the key first, so nobody ever reads a half-written key or overwrites one.
  const tempPath = `${keyPath}.${randomUUID()}.tmp`;
  const file = await open(tempPath, 'wx', 0o600);
  try {
    await file.writeFile(`${randomBytes(ENCRYPTION_KEY_BYTES).toString('base64')}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await link(tempPath, keyPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(tempPath);
  }
  const created = await readKeyFile(keyPath);
  if (!created) throw new Error(`${keyPath} vanished right after it was created`);
  return created;
}

async function readKeyFile(keyPath: string): Promise<Buffer | undefined> {
  const text = await readTextIfPresent(keyPath);
  if (text === undefined) return undefined;
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== ENCRYPTION_KEY_BYTES) {
    throw new Error(`${keyPath} must hold ${ENCRYPTION_KEY_BYTES} bytes, base64-encoded; got ${key.length}`);
  }
  return key;
}

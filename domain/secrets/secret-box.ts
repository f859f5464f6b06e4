import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Encrypts CRM secrets at rest with AES-256-GCM; the stored form is versioned so the scheme can change. */
export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

const VERSION = 'v1';

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error(`the secret key must be 32 bytes, got ${key.length}`);
  return {
    seal(plaintext) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split(':');
      if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('stored secret has an unknown format');
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    },
  };
}

export class SecretKeyError extends Error {
  override name = 'SecretKeyError';
}

/**
 * The key comes from the environment, or from a key file readable by its owner only (in a folder
 * only its owner may enter). A missing file is created only when `createIfMissing` allows it: a
 * new key cannot open secrets sealed with the lost one, so inventing it would only turn every
 * stored secret into a failure later.
 */
export function loadSecretKey(source: { base64?: string; file: string }, options: { createIfMissing?: boolean } = {}): Buffer {
  if (source.base64) {
    const key = Buffer.from(source.base64, 'base64');
    if (key.length !== 32) throw new SecretKeyError('CRM_SYNC_SECRET_KEY must be 32 bytes encoded as base64');
    return key;
  }
  if (!fs.existsSync(source.file)) {
    if (options.createIfMissing === false) {
      throw new SecretKeyError(
        `The secret key file ${path.resolve(source.file)} is missing, but the database holds CRM secrets sealed with a key: ` +
          'restore that file (or set CRM_SYNC_SECRET_KEY to the key); a new key could not open them',
      );
    }
    fs.mkdirSync(path.dirname(source.file), { recursive: true, mode: 0o700 });
    // 'wx' refuses to overwrite a key another process wrote a moment ago.
    try {
      fs.writeFileSync(source.file, crypto.randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const key = Buffer.from(fs.readFileSync(source.file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new SecretKeyError(`The secret key file ${path.resolve(source.file)} must hold 32 bytes encoded as base64`);
  return key;
}

/** A key for another purpose (e.g. signing session cookies) derived from the master key, so one secret suffices. */
export function deriveSubkey(key: Buffer, purpose: string): string {
  return crypto.createHmac('sha256', key).update(`crm-sync:${purpose}`).digest('base64url');
}

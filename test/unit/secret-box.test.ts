import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSecretBox, loadSecretKey } from '../../domain/secrets/secret-box';

describe('secret box (AES-256-GCM)', () => {
  const box = createSecretBox(crypto.randomBytes(32));

  it('opens what it sealed, and the sealed form does not contain the secret', () => {
    const sealed = box.seal('hunter2-token');
    expect(sealed).not.toContain('hunter2');
    expect(box.open(sealed)).toBe('hunter2-token');
  });

  it('refuses a tampered ciphertext', () => {
    const [v, iv, tag, body] = box.seal('secret').split(':');
    const flipped = Buffer.from(body, 'base64');
    flipped[0] ^= 1;
    expect(() => box.open([v, iv, tag, flipped.toString('base64')].join(':'))).toThrow();
  });

  it('refuses a value sealed with another key', () => {
    const other = createSecretBox(crypto.randomBytes(32));
    expect(() => box.open(other.seal('secret'))).toThrow();
  });

  it('creates a key file readable only by its owner on first use, and reuses it', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'key-')), 'secret.key');
    const first = loadSecretKey({ file });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadSecretKey({ file }).equals(first)).toBe(true);
  });

  it('rejects an environment key of the wrong length with the variable name', () => {
    expect(() => loadSecretKey({ base64: Buffer.alloc(16).toString('base64'), file: '/nonexistent' })).toThrow(/CRM_SYNC_SECRET_KEY/);
  });
});

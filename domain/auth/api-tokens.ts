import crypto from 'node:crypto';

/** API tokens are shown once and stored only as a SHA-256 hash; the prefix identifies them in lists. */
const PREFIX = 'crms_';

export function generateApiToken(): { token: string; hash: string; displayPrefix: string } {
  const token = PREFIX + crypto.randomBytes(24).toString('base64url');
  return { token, hash: hashApiToken(token), displayPrefix: token.slice(0, PREFIX.length + 6) };
}

export function hashApiToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

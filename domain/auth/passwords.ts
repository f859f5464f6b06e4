import bcrypt from 'bcryptjs';

/** bcrypt (pure JS: argon2's native build needs an install script this setup does not run). */
const COST = Number(process.env.CRM_SYNC_BCRYPT_COST ?? 11);

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

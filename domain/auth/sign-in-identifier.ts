/**
 * The one spelling of a sign-in email. The rate limiter keys on it and the sign-in looks the user up
 * by it, so no variant (" user@x", "USER@X\t", a full-width "ｕser@x") can reach the same account
 * under a fresh limit. NFKC folds compatibility forms (full-width letters, ligatures) into the
 * plain letters people type; users are stored under the same spelling when they are created.
 */
export function normaliseSignInEmail(raw: unknown): string {
  return typeof raw === 'string' ? raw.normalize('NFKC').trim().toLowerCase() : '';
}

import crypto from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { HttpError } from '../http-errors';
import '../auth/request-context';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session's synchronizer token, created on first use; every form embeds it. */
export function csrfTokenFor(req: Request): string {
  if (!req.session.csrfToken) req.session.csrfToken = crypto.randomBytes(24).toString('base64url');
  return req.session.csrfToken;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * Unsafe methods need the token from a form field or the X-CSRF-Token header. Bearer-token requests
 * are exempt: a browser never attaches that header by itself, so they cannot be forged cross-site.
 */
export const verifyCsrf: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method) || req.actor?.via === 'token') return next();
  const body = req.body as Record<string, unknown> | undefined;
  const sent = typeof body?._csrf === 'string' ? body._csrf : req.get('x-csrf-token');
  const expected = req.session?.csrfToken;
  if (!sent || !expected || !same(sent, expected)) {
    throw new HttpError(403, 'Invalid or missing CSRF token: reload the page and try again');
  }
  next();
};

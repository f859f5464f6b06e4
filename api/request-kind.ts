import type { Request } from 'express';

/**
 * Express matches routes case-insensitively, so `/API/v1/events` reaches the JSON API: what decides
 * "this is an API request" must be case-insensitive too, or its errors render as HTML pages.
 */
export function isApiPath(path: string): boolean {
  return /^\/api(\/|$)/i.test(path);
}

/** API paths and clients that ask for JSON get JSON answers (and errors); browsers get pages. */
export function wantsJson(req: Request): boolean {
  return isApiPath(req.path) || (req.get('accept') ?? '').includes('application/json');
}

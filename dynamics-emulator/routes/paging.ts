import { ODataQueryError } from '../odata/query-error';

/** What a $skiptoken carries: the keyset of the last row served, the page size, and the delta version of a tracked read. */
export interface PageCursor {
  after: Array<string | number | boolean | null>;
  size: number;
  deltaVersion?: number;
}

/**
 * Dataverse's skiptoken is a paging cookie naming the last row of the page (keyset paging), so rows
 * written while a caller pages are neither skipped nor repeated. This one is the same idea, opaque.
 */
export function encodeSkipToken(cursor: PageCursor): string {
  return `<cookie pagingcookie="${Buffer.from(JSON.stringify(cursor)).toString('base64url')}" istracking="${cursor.deltaVersion !== undefined}" />`;
}

export function decodeSkipToken(token: string): PageCursor {
  const match = /pagingcookie="([^"]+)"/.exec(token);
  try {
    const cursor = JSON.parse(Buffer.from(match?.[1] ?? '', 'base64url').toString('utf8')) as PageCursor;
    if (!Array.isArray(cursor.after) || typeof cursor.size !== 'number') throw new Error('shape');
    return cursor;
  } catch {
    throw new ODataQueryError(`The $skiptoken '${token}' is not valid.`);
  }
}

/** `1234!12/07/2026 14:50:00`: the row version a delta starts after, and when the token was made (as Dataverse's tokens read). */
export function encodeDeltaToken(version: number, at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${version}!${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function decodeDeltaToken(token: string): number | undefined {
  const match = /^(\d+)!/.exec(token);
  return match ? Number(match[1]) : undefined;
}

/** Rebuilds a query string for a nextLink or deltaLink: the caller's options plus the new token. */
export function linkQuery(query: Record<string, string>, drop: string[], add: Record<string, string>): string {
  const parts = Object.entries(query)
    .filter(([key]) => !drop.includes(key))
    .concat(Object.entries(add))
    .map(([key, value]) => `${key}=${encodeURIComponent(value).replace(/%2C/g, ',')}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

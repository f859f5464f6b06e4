/** One Web API operation, whether it came as its own HTTP request or as a part of a $batch. */
export interface ApiRequest {
  method: string;
  /** The resource path after `/api/data/v9.2/`, decoded, without the query string. */
  path: string;
  /** Query options, decoded; `+` stays a plus, as OData clients percent-encode spaces. */
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: string;
  /** `http://127.0.0.1:port`, as the caller reached us, for @odata.context, nextLink and OData-EntityId. */
  baseUrl: string;
  /** The systemuser the bearer token belongs to, and the app registration that asked. */
  userId: string;
  client: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON-serialisable body, a plain-text body, or nothing (204). */
  body?: unknown;
}

/** Splits `a=1&$filter=x%20eq%201` without turning `+` into a space. */
export function parseQueryString(search: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    out[key] = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
  }
  return out;
}

export interface Preferences {
  maxPageSize?: number;
  trackChanges: boolean;
  includeAnnotations?: string;
  returnRepresentation: boolean;
  continueOnError: boolean;
}

/** Reads the Prefer header (`odata.maxpagesize=N, odata.track-changes, odata.include-annotations="…"`). */
export function parsePrefer(header: string | undefined): Preferences {
  const prefs: Preferences = { trackChanges: false, returnRepresentation: false, continueOnError: false };
  for (const raw of (header ?? '').split(',')) {
    const item = raw.trim();
    if (item.startsWith('odata.maxpagesize=')) prefs.maxPageSize = Number(item.slice('odata.maxpagesize='.length).replace(/"/g, '')) || undefined;
    else if (item === 'odata.track-changes') prefs.trackChanges = true;
    else if (item.startsWith('odata.include-annotations=')) prefs.includeAnnotations = item.slice('odata.include-annotations='.length).replace(/"/g, '');
    else if (item === 'return=representation') prefs.returnRepresentation = true;
    else if (item === 'odata.continue-on-error') prefs.continueOnError = true;
  }
  return prefs;
}

export const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse => ({ status, body, headers });

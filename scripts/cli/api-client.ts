import { errorJson } from '../../api/presenters/common-json';

/** The JSON API as the CLI sees it: bearer token, JSON in and out, the API's own error message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface ApiClient {
  get(path: string): Promise<unknown>;
  post(path: string, body?: unknown): Promise<unknown>;
  put(path: string, body: unknown): Promise<unknown>;
}

export function createApiClient(baseUrl: string, token: string): ApiClient {
  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
    } catch (err) {
      const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
      throw new ApiError(0, `cannot reach ${url.origin} (${cause}); set CRM_SYNC_URL to the app's address`);
    }
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!res.ok) {
      // A refusal from something other than the app (a proxy's HTML page) has no error body: say the status.
      const refusal = errorJson.safeParse(parsed);
      if (!refusal.success) throw new ApiError(res.status, `${method} ${url.pathname} answered ${res.status}`);
      throw new ApiError(res.status, refusal.data.error.message, refusal.data.error.details);
    }
    return parsed;
  }
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body ?? {}),
    put: (path, body) => call('PUT', path, body),
  };
}

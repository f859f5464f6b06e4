import { CrmError } from '../connector';
import type { DynamicsCredentials } from '../credentials';

/** A token is renewed this long before Entra ID says it expires, so no request leaves with one about to lapse. */
const RENEW_BEFORE_EXPIRY_MS = 60_000;
const TOKEN_REQUEST_TIMEOUT_MS = 30_000;

/** CRM code of a token request that never got an answer (refused, reset, DNS, TLS). */
export const TOKEN_ENDPOINT_UNREACHABLE = 'TOKEN_ENDPOINT_UNREACHABLE';

interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

/** Entra ID's error body, e.g. `{ error: "invalid_client", error_description: "AADSTS7000215: Invalid client secret …" }`. */
function entraError(status: number, body: unknown): CrmError {
  const e = (body ?? {}) as { error?: unknown; error_description?: unknown };
  if (typeof e.error === 'string' && /^[a-z_]+$/.test(e.error)) {
    // The description ends with trace and correlation ids that help nobody reading a run page.
    const description = typeof e.error_description === 'string' ? e.error_description.split(/\s+Trace ID:/)[0] : '';
    return new CrmError(description || e.error, e.error);
  }
  return new CrmError(`the token endpoint answered HTTP ${status}, not as Microsoft Entra ID does`, `ERROR_HTTP_${status}`);
}

/**
 * OAuth 2.0 client credentials against Microsoft Entra ID (v2.0 endpoint, scope `<org>/.default`).
 * dynamics-web-api asks for a token before every request, so the token is kept until shortly before
 * it expires, and concurrent requests share one token request. A 401 from the Web API means the org
 * no longer accepts it: `invalidate()` and the next request fetches a new one.
 */
export class DynamicsTokenClient {
  private cached?: CachedToken;
  private pending?: Promise<string>;
  /** Token requests made (not API calls: Dataverse does not count them). */
  requests = 0;

  constructor(private readonly credentials: DynamicsCredentials) {}

  get tokenUrl(): string {
    return `${this.credentials.loginUrl.replace(/\/+$/, '')}/${encodeURIComponent(this.credentials.tenantId)}/oauth2/v2.0/token`;
  }

  async accessToken(): Promise<string> {
    if (this.cached && this.cached.expiresAt - RENEW_BEFORE_EXPIRY_MS > Date.now()) return this.cached.accessToken;
    this.pending ??= this.requestToken().finally(() => (this.pending = undefined));
    return this.pending;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private async requestToken(): Promise<string> {
    const c = this.credentials;
    this.requests += 1;
    let response: Response;
    try {
      response = await fetch(this.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret, scope: `${c.environmentUrl.replace(/\/+$/, '')}/.default` }),
        redirect: 'manual',
        signal: AbortSignal.timeout(TOKEN_REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause;
      const name = (err as Error).name;
      const transport = cause?.code ?? (name === 'TimeoutError' ? 'ETIMEDOUT' : undefined);
      throw new CrmError(`could not reach the token endpoint${transport ? ` (${transport})` : ''}`, TOKEN_ENDPOINT_UNREACHABLE, transport);
    }
    const body: unknown = await response.json().catch(() => undefined);
    const token = (body as { access_token?: unknown; expires_in?: unknown } | undefined) ?? {};
    if (!response.ok || typeof token.access_token !== 'string') throw entraError(response.status, body);
    const lifetimeSeconds = Number(token.expires_in) || 3599;
    this.cached = { accessToken: token.access_token, expiresAt: Date.now() + lifetimeSeconds * 1000 };
    return token.access_token;
  }
}

import { createHash } from 'node:crypto';
import { CrmError } from '../connector';
import type { SugarCredentials } from '../credentials';

/** A token is renewed this long before Sugar says it expires, so no request leaves with one about to lapse. */
const RENEW_BEFORE_EXPIRY_MS = 60_000;
const TOKEN_REQUEST_TIMEOUT_MS = 30_000;

/** CRM code of a token request that never got an answer (refused, reset, DNS, TLS). */
export const TOKEN_ENDPOINT_UNREACHABLE = 'TOKEN_ENDPOINT_UNREACHABLE';

interface Session {
  accessToken: string;
  refreshToken?: string;
  expiresAt: number;
}

/**
 * One session per API user, platform and instance for the whole process. Sugar ends a user's
 * earlier session when the same user signs in again on the same platform, so two connectors of one
 * connection (parallel activities of a worker) that each signed in would keep logging each other out.
 */
interface SharedSession {
  session?: Session;
  pending?: Promise<Session>;
}
const sessions = new Map<string, SharedSession>();

function sessionKey(c: SugarCredentials): string {
  // The password is part of the key (hashed) so that corrected credentials never reuse a stale session.
  const secret = createHash('sha256').update(`${c.password}\u0000${c.clientSecret}`).digest('hex');
  return [c.loginUrl.replace(/\/+$/, ''), c.username, c.platform, c.clientId, secret].join('\u0000');
}

/** Sugar's token error body, `{ error: "need_login", error_message: "You must specify a valid username and password." }`. */
function tokenError(status: number, body: unknown): CrmError {
  const e = (body ?? {}) as { error?: unknown; error_message?: unknown; error_description?: unknown };
  if (typeof e.error === 'string' && /^[a-z_]+$/.test(e.error)) {
    const words = typeof e.error_message === 'string' ? e.error_message : typeof e.error_description === 'string' ? e.error_description : e.error;
    return new CrmError(words, e.error);
  }
  return new CrmError(`the token endpoint answered HTTP ${status}, not as SugarCRM does`, `ERROR_HTTP_${status}`);
}

/**
 * OAuth 2.0 against the instance's `/rest/<version>/oauth2/token`: a password grant once, refresh
 * grants after (a refresh spends the refresh token and returns a new pair), and a new password
 * grant only when the refresh is refused. Concurrent callers share one token request.
 */
export class SugarTokenClient {
  private readonly shared: SharedSession;
  /** Token requests made (not API calls: Sugar does not count them). */
  requests = 0;

  constructor(private readonly credentials: SugarCredentials) {
    const key = sessionKey(credentials);
    let shared = sessions.get(key);
    if (!shared) sessions.set(key, (shared = {}));
    this.shared = shared;
  }

  get tokenUrl(): string {
    return `${this.credentials.loginUrl.replace(/\/+$/, '')}/rest/${this.credentials.apiVersion}/oauth2/token`;
  }

  async accessToken(): Promise<string> {
    const session = this.shared.session;
    if (session && session.expiresAt - RENEW_BEFORE_EXPIRY_MS > Date.now()) return session.accessToken;
    return (await this.renew(session?.accessToken)).accessToken;
  }

  /**
   * The instance refused `rejected` (401): a new session, through the refresh token if it still
   * works. A caller holding an older token than the shared one only takes the newer one.
   */
  async renew(rejected: string | undefined): Promise<Session> {
    const current = this.shared.session;
    if (current && rejected !== undefined && current.accessToken !== rejected && current.expiresAt > Date.now()) return current;
    this.shared.pending ??= this.newSession(current).finally(() => (this.shared.pending = undefined));
    return this.shared.pending;
  }

  private async newSession(current: Session | undefined): Promise<Session> {
    if (current?.refreshToken) {
      try {
        return await this.grant({ grant_type: 'refresh_token', refresh_token: current.refreshToken });
      } catch (err) {
        // A spent, expired or revoked refresh token (400 invalid_grant): sign in again. Anything else is the answer.
        if (!(err instanceof CrmError && err.crmCode === 'invalid_grant')) throw err;
      }
    }
    return this.grant({ grant_type: 'password', username: this.credentials.username, password: this.credentials.password });
  }

  private async grant(fields: Record<string, string>): Promise<Session> {
    const c = this.credentials;
    this.requests += 1;
    let response: Response;
    try {
      response = await fetch(this.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ ...fields, client_id: c.clientId, client_secret: c.clientSecret, platform: c.platform }),
        redirect: 'manual',
        signal: AbortSignal.timeout(TOKEN_REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause;
      const transport = cause?.code ?? ((err as Error).name === 'TimeoutError' ? 'ETIMEDOUT' : undefined);
      throw new CrmError(`could not reach the token endpoint${transport ? ` (${transport})` : ''}`, TOKEN_ENDPOINT_UNREACHABLE, transport);
    }
    const body: unknown = await response.json().catch(() => undefined);
    const token = (body as { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown } | undefined) ?? {};
    if (!response.ok || typeof token.access_token !== 'string') throw tokenError(response.status, body);
    const session: Session = {
      accessToken: token.access_token,
      refreshToken: typeof token.refresh_token === 'string' ? token.refresh_token : undefined,
      expiresAt: Date.now() + (Number(token.expires_in) || 3600) * 1000,
    };
    this.shared.session = session;
    return session;
  }
}

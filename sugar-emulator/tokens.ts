import { randomUUID } from 'node:crypto';

/** Who a token was issued to: the Sugar user, the OAuth client and the platform it signed in on. */
export interface Session {
  userId: string;
  username: string;
  clientId: string;
  platform: string;
}

interface Grant extends Session {
  expiresAt: number;
}

export interface IssuedTokens {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

/**
 * Sugar's OAuth 2.0 tokens: opaque GUIDs, an access token for `accessLifetimeSeconds` and a refresh
 * token for `refreshLifetimeSeconds`. A password grant for a user on a platform ends that user's earlier
 * session on the same platform (one session per user and platform); a refresh grant rotates the refresh token.
 */
export class TokenStore {
  private readonly access = new Map<string, Grant>();
  private readonly refresh = new Map<string, Grant>();

  constructor(
    private readonly accessLifetimeSeconds: number,
    private readonly refreshLifetimeSeconds: number,
    private readonly singleSessionPerPlatform: boolean,
  ) {}

  /** A password grant: a new session, ending the user's earlier one on this platform. */
  login(session: Session): IssuedTokens {
    if (this.singleSessionPerPlatform) {
      for (const tokens of [this.access, this.refresh]) {
        for (const [token, grant] of tokens) if (grant.userId === session.userId && grant.platform === session.platform) tokens.delete(token);
      }
    }
    return this.issue(session);
  }

  /** A refresh grant: the refresh token is spent and a new pair issued; undefined when it is unknown or expired. */
  refreshSession(refreshToken: string, clientId: string): IssuedTokens | undefined {
    const grant = this.refresh.get(refreshToken);
    if (!grant || grant.expiresAt <= Date.now() || grant.clientId !== clientId) return undefined;
    this.refresh.delete(refreshToken);
    return this.issue(grant);
  }

  lookup(token: string | undefined): Session | undefined {
    const grant = token ? this.access.get(token) : undefined;
    return grant && grant.expiresAt > Date.now() ? grant : undefined;
  }

  /** Every access token issued so far stops working, as when they expire; refresh tokens still work. */
  expireAccessTokens(): void {
    this.access.clear();
  }

  /** Every refresh token issued so far stops working too, as after refresh_expires_in or a password change. */
  expireRefreshTokens(): void {
    this.refresh.clear();
  }

  private issue(session: Session): IssuedTokens {
    const now = Date.now();
    const accessToken = randomUUID();
    const refreshToken = randomUUID();
    const { userId, username, clientId, platform } = session;
    this.access.set(accessToken, { userId, username, clientId, platform, expiresAt: now + this.accessLifetimeSeconds * 1000 });
    this.refresh.set(refreshToken, { userId, username, clientId, platform, expiresAt: now + this.refreshLifetimeSeconds * 1000 });
    return { accessToken, expiresIn: this.accessLifetimeSeconds, refreshToken, refreshExpiresIn: this.refreshLifetimeSeconds };
  }
}

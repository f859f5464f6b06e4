import { randomBytes } from 'node:crypto';

export interface Session {
  userId: string;
  kind: 'soap' | 'oauth2';
}

/** Access tokens look like Salesforce's `<orgId>!<opaque>` so clients that inspect them are not surprised. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly refreshTokens = new Map<string, string>();

  constructor(private readonly orgId: string) {}

  open(userId: string, kind: Session['kind']): string {
    const token = `${this.orgId.slice(0, 15)}!${randomBytes(48).toString('base64url')}`;
    this.sessions.set(token, { userId, kind });
    return token;
  }

  lookup(token: string | undefined): Session | undefined {
    return token ? this.sessions.get(token) : undefined;
  }

  /** Every access token becomes invalid, as when an admin revokes sessions or they time out; refresh tokens survive. */
  expireAll(): void {
    this.sessions.clear();
  }

  issueRefreshToken(userId: string): string {
    const token = `5Aep${randomBytes(40).toString('base64url')}`;
    this.refreshTokens.set(token, userId);
    return token;
  }

  userForRefreshToken(token: string): string | undefined {
    return this.refreshTokens.get(token);
  }
}

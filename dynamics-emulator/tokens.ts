import { randomBytes } from 'node:crypto';

export interface TokenGrant {
  clientId: string;
  /** The systemuser the app registration's application user is. */
  userId: string;
  expiresAt: number;
}

/** Opaque bearer tokens issued by the emulated Entra ID token endpoint, each valid for its lifetime. */
export class TokenStore {
  private readonly grants = new Map<string, TokenGrant>();

  constructor(private readonly lifetimeSeconds: number) {}

  issue(clientId: string, userId: string): { token: string; expiresIn: number } {
    const token = `eyJ0eXAiOiJKV1QifQ.${randomBytes(48).toString('base64url')}`;
    this.grants.set(token, { clientId, userId, expiresAt: Date.now() + this.lifetimeSeconds * 1000 });
    return { token, expiresIn: this.lifetimeSeconds };
  }

  lookup(token: string | undefined): TokenGrant | undefined {
    const grant = token ? this.grants.get(token) : undefined;
    return grant && grant.expiresAt > Date.now() ? grant : undefined;
  }

  /** Every token issued so far stops working, as when they expire or an admin revokes the app's sessions. */
  expireAll(): void {
    this.grants.clear();
  }
}

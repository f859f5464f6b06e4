/**
 * Why signing in to a CRM failed, in words an admin can act on. Each connector classifies its own
 * failures into these kinds (Salesforce: salesforce-login-failure.ts); the connection test shows
 * them and never the body a host answered with.
 */
export type LoginFailureKind = 'unreachable' | 'tls' | 'timeout' | 'rejected' | 'unexpected-answer';

export interface LoginFailure {
  kind: LoginFailureKind;
  message: string;
}

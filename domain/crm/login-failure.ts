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

const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved (DNS did not answer)',
  ECONNRESET: 'the connection was closed before an answer came',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'the network is unreachable',
  EPIPE: 'the connection was closed while sending',
};

const TLS_CODE = /^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_(GET|VERIFY)_|HOSTNAME_MISMATCH$|EPROTO$)/;

/**
 * A failure below HTTP (TLS, DNS, refused or reset connections), named for the host the sign-in
 * went to; undefined when the network code is not one of these. Shared by every connector.
 */
export function transportLoginFailure(code: string, host: string): LoginFailure | undefined {
  if (TLS_CODE.test(code)) return { kind: 'tls', message: `the secure connection to ${host} failed (${code}): its certificate was not accepted; check the host name` };
  if (code in UNREACHABLE) return { kind: 'unreachable', message: `could not reach ${host}: ${UNREACHABLE[code]}` };
  return undefined;
}

/** One line, bounded: the CRM's message is shown in a page and a flash. */
export function crmWords(text: string): string {
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

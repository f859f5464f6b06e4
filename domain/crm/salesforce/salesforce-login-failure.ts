/**
 * Why a Salesforce sign-in failed, in words an admin can act on and never the answer's body: a
 * "Test connection" that echoed whatever the host answered would let whoever sets the login URL
 * read pages off hosts only the server can reach. The CRM's own message is kept only when the
 * answer parsed as a Salesforce error (a SOAP fault `CODE: message`, an OAuth `error`).
 */
import { CrmError } from '../connector';
import { CONNECTION_LOST } from './salesforce-connector';

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

/** One line, bounded: the CRM's message is shown in a page and a flash. */
function crmWords(text: string): string {
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

export class LoginTimeoutError extends Error {
  override name = 'LoginTimeoutError';
}

export function classifyLoginFailure(err: unknown, host: string): LoginFailure {
  const crm = err instanceof CrmError ? err : undefined;
  const code = crm?.transportCode ?? (err as { code?: string })?.code ?? '';
  const name = crm ? crm.crmCode : ((err as Error)?.name ?? '');
  if (err instanceof LoginTimeoutError || name === 'AbortError' || code === 'ETIMEDOUT') return { kind: 'timeout', message: `${host} did not answer in time` };
  if (TLS_CODE.test(code)) return { kind: 'tls', message: `the secure connection to ${host} failed (${code}): its certificate was not accepted; check the host name` };
  if (code in UNREACHABLE) return { kind: 'unreachable', message: `could not reach ${host}: ${UNREACHABLE[code]}` };
  if (name === CONNECTION_LOST) return { kind: 'unreachable', message: `could not reach ${host}${code ? ` (${code})` : ''}` };

  const message = (err as Error)?.message ?? '';
  // SOAP login faults come as "INVALID_LOGIN: Invalid username, password, security token; or user locked out."
  if (/^[A-Z][A-Z0-9_]+$/.test(name) && message.startsWith(`${name}: `)) return { kind: 'rejected', message: `${host} refused the sign-in: ${crmWords(message)}` };
  // An OAuth answer that was not an OAuth error is named ERROR_HTTP_<status>; its message is the raw body.
  const status = /^ERROR_HTTP_(\d{3})$/.exec(name)?.[1];
  if (status) return { kind: 'unexpected-answer', message: `${host} answered HTTP ${status}, not as a Salesforce login service does` };
  // OAuth errors are named in lower case: invalid_client, invalid_grant, invalid_client_id.
  if (/^[a-z][a-z0-9_]+$/.test(name)) return { kind: 'rejected', message: `${host} refused the sign-in: ${name}${message ? `: ${crmWords(message)}` : ''}` };
  if (message.startsWith('Unable to login because the used password has expired')) {
    return { kind: 'rejected', message: `${host} refused the sign-in: the password has expired; set a new one in Salesforce and enter it here` };
  }
  return { kind: 'unexpected-answer', message: `${host} answered, but not as a Salesforce login service does` };
}

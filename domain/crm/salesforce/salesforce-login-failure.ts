/**
 * Why a Salesforce sign-in failed, in words an admin can act on and never the answer's body: a
 * "Test connection" that echoed whatever the host answered would let whoever sets the login URL
 * read pages off hosts only the server can reach. The CRM's own message is kept only when the
 * answer parsed as a Salesforce error (a SOAP fault `CODE: message`, an OAuth `error`).
 */
import { CrmError } from '../connector';
import { CONNECTION_LOST } from './salesforce-connector';
import { crmWords, transportLoginFailure, type LoginFailure } from '../login-failure';

export type { LoginFailure, LoginFailureKind } from '../login-failure';

export class LoginTimeoutError extends Error {
  override name = 'LoginTimeoutError';
}

export function classifyLoginFailure(err: unknown, host: string): LoginFailure {
  const crm = err instanceof CrmError ? err : undefined;
  const code = crm?.transportCode ?? (err as { code?: string })?.code ?? '';
  const name = crm ? crm.crmCode : ((err as Error)?.name ?? '');
  if (err instanceof LoginTimeoutError || name === 'AbortError' || code === 'ETIMEDOUT') return { kind: 'timeout', message: `${host} did not answer in time` };
  const transport = transportLoginFailure(code, host);
  if (transport) return transport;
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

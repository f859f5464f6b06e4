/**
 * Why a SugarCRM connection test failed. The password and the API calls go to one host, the
 * instance. Sugar's own words are kept only from a parsed Sugar error (`need_login: You must
 * specify a valid username and password.`); a host that answered anything else is named with its
 * HTTP status, never its body, so a test cannot be used to read pages off hosts only the server can reach.
 */
import { CrmError } from '../connector';
import type { SugarCredentials } from '../credentials';
import { crmWords, transportLoginFailure, type LoginFailure } from '../login-failure';
import { TOKEN_ENDPOINT_UNREACHABLE } from './sugar-token-client';

/** What an admin can do about Sugar's sign-in refusals, beside Sugar's own words. */
const ADVICE: Record<string, string> = {
  need_login: 'check the user name and password',
  invalid_client: 'check the OAuth client id and secret (Sugar\'s own client is `sugar` with an empty secret)',
  invalid_parameter: 'the platform may not be registered: a Sugar admin adds it under Admin > Configure API Platforms',
  invalid_grant: 'sign in again',
};

export function classifySugarLoginFailure(err: unknown, credentials: SugarCredentials): LoginFailure {
  const host = new URL(credentials.loginUrl).host;
  if ((err as Error)?.name === 'LoginTimeoutError') return { kind: 'timeout', message: `${host} did not answer in time` };
  if (!(err instanceof CrmError)) return { kind: 'unexpected-answer', message: `${host} answered, but not as a SugarCRM instance does` };
  const code = err.crmCode;
  const transport = err.transportCode ?? (code === TOKEN_ENDPOINT_UNREACHABLE || code === 'CONNECTION_LOST' ? '' : undefined);
  if (transport !== undefined) {
    if (transport === 'ETIMEDOUT') return { kind: 'timeout', message: `${host} did not answer in time` };
    return transportLoginFailure(transport, host) ?? { kind: 'unreachable', message: `could not reach ${host}` };
  }
  const status = /^(?:ERROR_)?HTTP_(\d{3})$/.exec(code)?.[1];
  if (status) return { kind: 'unexpected-answer', message: `${host} answered HTTP ${status}, not as a SugarCRM instance does` };
  // Sugar names its errors in lower case: need_login, invalid_client, invalid_grant, invalid_parameter.
  if (/^[a-z][a-z0-9_]+$/.test(code)) {
    const advice = ADVICE[code];
    return { kind: 'rejected', message: `${host} refused the sign-in: ${code}: ${crmWords(err.message)}${advice ? ` (${advice})` : ''}` };
  }
  if (code === 'INVALID_SESSION_ID') return { kind: 'rejected', message: `${host} did not accept the session it gave: ${crmWords(err.message)}` };
  return { kind: 'unexpected-answer', message: `${host} answered, but not as a SugarCRM instance does` };
}

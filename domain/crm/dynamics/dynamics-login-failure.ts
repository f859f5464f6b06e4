/**
 * Why a Dynamics connection test failed. Two hosts take part: the Entra ID authority (the client
 * secret goes there) and the environment (the token goes there). The CRM's own words are kept only
 * from a parsed Entra ID error (`invalid_client: AADSTS7000215 …`) or a Dataverse error code; a host
 * that answered anything else is named with its HTTP status, never its body, so a test cannot be
 * used to read pages off hosts only the server can reach.
 */
import { CrmError } from '../connector';
import type { DynamicsCredentials } from '../credentials';
import { crmWords, transportLoginFailure, type LoginFailure } from '../login-failure';
import { TOKEN_ENDPOINT_UNREACHABLE } from './dynamics-token-client';

function transportFailure(code: string, host: string): LoginFailure | undefined {
  if (code === 'ETIMEDOUT') return { kind: 'timeout', message: `${host} did not answer in time` };
  return transportLoginFailure(code, host);
}

export function classifyDynamicsLoginFailure(err: unknown, credentials: DynamicsCredentials): LoginFailure {
  const authority = new URL(credentials.loginUrl).host;
  const environment = new URL(credentials.environmentUrl).host;
  if ((err as Error)?.name === 'LoginTimeoutError') return { kind: 'timeout', message: `${authority} or ${environment} did not answer in time` };
  if (!(err instanceof CrmError)) return { kind: 'unexpected-answer', message: `${environment} answered, but not as a Dataverse environment does` };
  const code = err.crmCode;

  if (code === TOKEN_ENDPOINT_UNREACHABLE) return transportFailure(err.transportCode ?? '', authority) ?? { kind: 'unreachable', message: `could not reach ${authority}` };
  // Entra ID names its errors in lower case: invalid_client (wrong secret), unauthorized_client (unknown app), invalid_request (unknown tenant).
  if (/^[a-z][a-z0-9_]+$/.test(code)) return { kind: 'rejected', message: `${authority} refused the sign-in: ${code}: ${crmWords(err.message)}` };
  const status = /^ERROR_HTTP_(\d{3})$/.exec(code)?.[1];
  if (status) return { kind: 'unexpected-answer', message: `${authority} answered HTTP ${status}, not as Microsoft Entra ID does` };

  const transport = transportFailure(err.transportCode ?? code, environment);
  if (transport) return transport;
  if (code === 'CONNECTION_LOST') return { kind: 'unreachable', message: `could not reach ${environment}` };
  if (code === 'INVALID_SESSION_ID') {
    return { kind: 'rejected', message: `${environment} refused the access token: add the app registration as an application user of this environment, or check the environment URL` };
  }
  const httpStatus = /^HTTP_(\d{3})$/.exec(code)?.[1];
  if (httpStatus) return { kind: 'unexpected-answer', message: `${environment} answered HTTP ${httpStatus}, not as a Dataverse environment does` };
  if (/^0x[0-9a-f]{8}$/i.test(code)) return { kind: 'rejected', message: `${environment} refused the request: ${crmWords(err.message)} (${code})` };
  return { kind: 'unexpected-answer', message: `${environment} answered, but not as a Dataverse environment does` };
}

import { CrmError } from '../connector';

/**
 * How a failed request to a CRM's REST API is handled, whatever the CRM: the connectors classify
 * their own answers (status codes, error bodies, network errors) into these kinds, and the shared
 * retry rules (call-retries.ts) and error words below act on the kind.
 */
export type HttpFailureKind =
  /** 401: the access token expired or was revoked; a new one is fetched and the request tried again. */
  | 'auth'
  /** 429: wait Retry-After. */
  | 'throttled'
  /** 5xx: the CRM failed the request without carrying it out; worth another try after a wait. */
  | 'server'
  /** The connection broke before an answer came: a write may or may not have landed. */
  | 'lost-answer'
  /** Anything else (bad request, missing record, refused value): trying again changes nothing. */
  | 'final';

export interface HttpFailure {
  kind: HttpFailureKind;
  status?: number;
  /** The CRM's own error code or label, or the network error's code (`ECONNRESET`). */
  code: string;
  message: string;
  /** Seconds the CRM asked to wait (429 Retry-After). */
  retryAfterSeconds?: number;
}

/**
 * The error a connector rejects with once retries are used up. Where the core has a word for the
 * failure class (its API guard pauses a run on REQUEST_LIMIT_EXCEEDED, retries SERVER_UNAVAILABLE,
 * stops on a rejected sign-in), the crmCode is that word and the CRM's own code stays in `words`;
 * a final failure is the connector's to word (`final`).
 */
export function crmErrorOfFailure(failure: HttpFailure, crm: { name: string; words: string; final: () => CrmError }): CrmError {
  switch (failure.kind) {
    case 'throttled':
      return new CrmError(crm.words, 'REQUEST_LIMIT_EXCEEDED');
    case 'server':
      return new CrmError(crm.words, 'SERVER_UNAVAILABLE');
    case 'auth':
      return new CrmError(crm.words, 'INVALID_SESSION_ID');
    case 'lost-answer':
      return new CrmError(`the connection to ${crm.name} broke before it answered: ${failure.message}`, 'CONNECTION_LOST', failure.code);
    default:
      return crm.final();
  }
}

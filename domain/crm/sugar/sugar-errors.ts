import { CrmError } from '../connector';
import { crmErrorOfFailure, type HttpFailure } from '../http/http-failure';

/**
 * How a failed Sugar REST request is handled. Sugar answers `{ error: "<label>", error_message }`
 * with the SugarApiException's HTTP status; node's fetch rejects with a network error (ECONNRESET,
 * …) when the connection broke.
 */
/**
 * A failed request in the shared kinds (../http/http-failure.ts): 401 invalid_grant / need_login is
 * 'auth' (the token expired or another sign-in on the platform ended it); 429 'throttled' (Sugar
 * documents no rate-limit answer, a proxy or a newer instance may send one); 5xx 'server'
 * (fatal_error, maintenance, a lock wait timeout passed on as fatal_error: nothing was carried out);
 * other 4xx (404 not_found, 422 invalid_parameter, …) 'final'. `code` is Sugar's error label.
 */
export type SugarFailure = HttpFailure;

/** Network errors after which the request may have reached the instance but its answer never came back. */
const BROKEN_CONNECTION = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** What an HTTP answer (or a /bulk part) that is not a success means. */
export function classifyAnswer(status: number, body: unknown, retryAfter?: string | null): SugarFailure {
  const e = (body && typeof body === 'object' ? body : {}) as { error?: unknown; error_message?: unknown };
  const code = typeof e.error === 'string' && e.error ? e.error : `HTTP_${status}`;
  const message = typeof e.error_message === 'string' && e.error_message ? e.error_message : `SugarCRM answered HTTP ${status}`;
  if (status === 401) return { kind: 'auth', status, code, message };
  if (status === 429) {
    const seconds = Number(retryAfter);
    return { kind: 'throttled', status, code, message, retryAfterSeconds: retryAfter != null && Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined };
  }
  if (status >= 500) return { kind: 'server', status, code, message };
  return { kind: 'final', status, code, message };
}

/** What a rejected fetch means: a broken connection, or a request that never left (DNS, TLS, refused). */
export function classifyNetworkError(err: unknown): SugarFailure {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : (err as Error).name === 'TimeoutError' ? 'ETIMEDOUT' : 'UNKNOWN';
  const message = typeof cause?.message === 'string' ? cause.message : (err as Error).message;
  if (BROKEN_CONNECTION.has(code) || /socket hang up|other side closed/i.test(message)) return { kind: 'lost-answer', code, message };
  return { kind: 'final', code, message };
}

/**
 * The error the connector rejects with once retries are used up. Where the core has a word for the
 * failure class (its API guard pauses a run on REQUEST_LIMIT_EXCEEDED, retries SERVER_UNAVAILABLE,
 * stops on a rejected sign-in), the crmCode is that word and Sugar's label stays in the message.
 */
export function toCrmError(failure: SugarFailure): CrmError {
  return crmErrorOfFailure(failure, {
    name: 'SugarCRM',
    words: `${failure.message} (SugarCRM ${failure.code})`,
    final: () => new CrmError(failure.message, failure.code, failure.status === undefined && failure.code !== 'UNKNOWN' ? failure.code : undefined),
  });
}

/** The field a 422 names ("Invalid value for field customer_tier_c", "Missing parameter: last_name"), for the run's push errors. */
export function fieldsNamedBy(message: string): string[] {
  const match = /(?:field:?\s+|parameter:\s*)([A-Za-z_][A-Za-z0-9_]*)/i.exec(message);
  return match ? [match[1]] : [];
}

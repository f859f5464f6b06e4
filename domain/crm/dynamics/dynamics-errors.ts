import { CrmError } from '../connector';
import { crmErrorOfFailure, type HttpFailure } from '../http/http-failure';

/**
 * How a failed Web API request is handled. dynamics-web-api rejects with Dataverse's error (`code`
 * 0x…, `status`, `headers`) for single requests, with `{ status, error: { code, message } }` parts for
 * a $batch, and with node's own error (ECONNRESET, …) when the connection broke.
 */
export type DataverseFailure = HttpFailure;

/** Network errors that mean the request may have reached the org but its answer never came back. */
const BROKEN_CONNECTION = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_SOCKET']);

/** The first failed part of a $batch rejection, or the error itself. */
function firstPart(err: unknown): Record<string, unknown> {
  const e = Array.isArray(err) ? err.find((p) => p && typeof p === 'object') ?? {} : err;
  return (e && typeof e === 'object' ? e : {}) as Record<string, unknown>;
}

export function classifyFailure(err: unknown): DataverseFailure {
  if (err instanceof CrmError) return { kind: 'final', code: err.crmCode, message: err.message };
  const e = firstPart(err);
  const nested = (e.error && typeof e.error === 'object' ? e.error : {}) as { code?: unknown; message?: unknown };
  const status = typeof e.status === 'number' ? e.status : undefined;
  const code = String(nested.code ?? e.code ?? '') || (status ? `HTTP_${status}` : 'UNKNOWN');
  const message = String(nested.message ?? e.message ?? '') || (status ? `Dataverse answered HTTP ${status}` : 'the request failed');
  if (status === undefined) {
    const network = typeof e.code === 'string' ? e.code : '';
    if (BROKEN_CONNECTION.has(network) || /socket hang up/i.test(message)) return { kind: 'lost-answer', code: network || 'ECONNRESET', message };
    return { kind: 'final', code, message };
  }
  if (status === 401) return { kind: 'auth', status, code, message: message === 'Unexpected Error' ? 'the access token was not accepted (401)' : message };
  if (status === 429) {
    const headers = (e.headers ?? {}) as Record<string, string | undefined>;
    const seconds = Number(headers['retry-after']);
    return { kind: 'throttled', status, code, message, retryAfterSeconds: Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined };
  }
  if (status >= 500) return { kind: 'server', status, code, message };
  return { kind: 'final', status, code, message };
}

/**
 * The error the connector rejects with once retries are used up. Where the core has a word for the
 * failure class (its API guard pauses a run on REQUEST_LIMIT_EXCEEDED, retries SERVER_UNAVAILABLE,
 * stops on a rejected sign-in), the crmCode is that word and Dataverse's own code stays in the
 * message; other errors carry Dataverse's code as is.
 */
export function toCrmError(failure: DataverseFailure): CrmError {
  return crmErrorOfFailure(failure, {
    name: 'Dataverse',
    words: `${failure.message}${failure.code.startsWith('0x') ? ` (Dataverse ${failure.code})` : ''}`,
    final: () => new CrmError(failure.message, failure.code),
  });
}

import { ApplicationFailure } from '@temporalio/activity';
import { setTimeout as sleep } from 'node:timers/promises';
import { CrmError, type ApiUsage, type CrmConnector } from '../../domain/crm/connector';
import { API_LIMIT_FAILURE, AUTH_FAILURE } from '../../contract';

/** Rejected credentials will not get better by retrying: the run fails at once with the CRM's message. */
const AUTHENTICATION_CODES = new Set(['INVALID_LOGIN', 'invalid_grant', 'invalid_client', 'invalid_client_id', 'INVALID_CLIENT_ID', 'LOGIN_MUST_USE_SECURITY_TOKEN', 'INVALID_OPERATION_WITH_EXPIRED_PASSWORD']);
/**
 * Answers of the CRM worth another try in a moment; anything else is left to the activity's retry
 * policy. CONNECTION_LOST (a connection that broke before the CRM answered) is left out on purpose:
 * the CRM may have carried a write out, and trying it again here would write it twice. The activity fails
 * instead; its retry reads the records in flight back from the CRM first (lists/push-in-flight.ts)
 * and sends only what did not land. Most reads never get here (the CRM client retries a GET on a
 * broken socket); a lost bulk query-job creation fails the attempt, which resumes from its checkpoint.
 */
const TRANSIENT_CODES = new Set(['UNKNOWN_EXCEPTION', 'SERVER_UNAVAILABLE', 'UNABLE_TO_LOCK_ROW', 'REQUEST_LIMIT_EXCEEDED']);
const RETRY_DELAYS_MS = [250, 1000, 3000];

export function usageLeavesReserve(usage: ApiUsage | undefined, reservePercent: number): boolean {
  if (!usage || usage.max <= 0) return true;
  return usage.max - usage.used >= (usage.max * reservePercent) / 100;
}

export function apiLimitFailure(message: string, usage?: ApiUsage): ApplicationFailure {
  return ApplicationFailure.create({ type: API_LIMIT_FAILURE, message, nonRetryable: true, details: usage ? [usage] : [] });
}

function codeOf(err: unknown): string | undefined {
  if (err instanceof CrmError) return err.crmCode;
  return (err as { code?: string }).code;
}

/**
 * Every CRM call of the sync goes through here:
 * - before the call, a daily usage at or past the reserve stops the activity with API_LIMIT_FAILURE
 *   (the workflow pauses at the last checkpoint and resumes when the quota allows);
 * - transient answers (5xx, lock, limit exceeded) are retried with backoff; a
 *   REQUEST_LIMIT_EXCEEDED that persists becomes API_LIMIT_FAILURE too;
 * - rejected credentials become a non-retryable AUTH_FAILURE naming the CRM's code.
 * (An expired session is re-authenticated once inside the connector.)
 */
export function createApiGuard(connector: CrmConnector, reservePercent: number) {
  return async function guarded<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const usage = connector.apiUsage;
      if (!usageLeavesReserve(usage, reservePercent)) {
        throw apiLimitFailure(`API limit reserve reached: ${usage?.used} of ${usage?.max} daily API calls used, ${reservePercent} % kept in reserve`, usage);
      }
      try {
        return await call();
      } catch (err) {
        const code = codeOf(err);
        if (code && AUTHENTICATION_CODES.has(code)) {
          const message = (err as Error).message;
          throw ApplicationFailure.create({ type: AUTH_FAILURE, message: message.startsWith(code) ? message : `${code}: ${message}`, nonRetryable: true });
        }
        if (!code || !TRANSIENT_CODES.has(code)) throw err;
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined) {
          if (code === 'REQUEST_LIMIT_EXCEEDED') throw apiLimitFailure(`The CRM refused further API calls (REQUEST_LIMIT_EXCEEDED): ${(err as Error).message}`, connector.apiUsage);
          throw err;
        }
        await sleep(delay);
      }
    }
  };
}

export type ApiGuard = ReturnType<typeof createApiGuard>;

import type { Connection } from 'jsforce';
import { CrmError } from '../connector';

/** One counted API call through the connector's session (re-login once on INVALID_SESSION_ID). */
export type SalesforceCall = <T>(request: (conn: Connection) => PromiseLike<T>) => Promise<T>;

export interface WriteRetryPolicy {
  /** Tries of a whole call that meets a transient failure (5xx, REQUEST_LIMIT_EXCEEDED), the first included. */
  callAttempts: number;
  /** Wait before the second try; it doubles up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Tries a record that fails with UNABLE_TO_LOCK_ROW gets before it is reported failed. */
  lockAttempts: number;
  /** Wait before trying locked records again; it doubles with each round up to `maxLockDelayMs`. */
  lockDelayMs: number;
  maxLockDelayMs: number;
}

export const DEFAULT_WRITE_RETRY: WriteRetryPolicy = {
  callAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  // A row lock is another transaction's and clears within seconds; 8 tries over about 22 s keep a
  // busy org from leaving a record unpushed until the next run (4 tries did at 20 % locked writes).
  lockAttempts: 8,
  lockDelayMs: 500,
  maxLockDelayMs: 5_000,
};

/**
 * Failures where the same call may succeed later. jsforce retries GET/PUT/DELETE on 5xx by itself but
 * never POST/PATCH, which is how every record write travels; errors without a JSON body (a proxy's
 * 502/503 page) arrive as ERROR_HTTP_<status>.
 */
const TRANSIENT_CODES = new Set(['UNKNOWN_EXCEPTION', 'SERVER_UNAVAILABLE', 'REQUEST_LIMIT_EXCEEDED']);

export function isTransient(err: unknown): boolean {
  if (!(err instanceof CrmError)) return false;
  return TRANSIENT_CODES.has(err.crmCode) || /^ERROR_HTTP_(429|5\d\d)$/.test(err.crmCode);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` until it succeeds, fails for good, or has used its tries; waits grow exponentially. */
export async function retryTransient<T>(policy: WriteRetryPolicy, attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isTransient(err) || n >= policy.callAttempts) throw err;
      await sleep(Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1)));
    }
  }
}

/** Splits `items` into runs of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

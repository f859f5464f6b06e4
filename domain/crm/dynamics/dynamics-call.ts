import { CrmError } from '../connector';
import { afterFailedTry, LostAnswerError, waitBeforeRetry, type CallPolicy, type RateLimitWaits } from '../http/call-retries';
import { Semaphore } from '../http/semaphore';
import { classifyFailure, toCrmError, type DataverseFailure } from './dynamics-errors';
import type { DynamicsTokenClient } from './dynamics-token-client';

/**
 * Dataverse allows 52 requests in flight per user and answers 429 past that; the connector stays far
 * below so that a worker's other activities and a second run share the user.
 */
export const DEFAULT_CALL_POLICY: CallPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 15_000, maxRetryAfterMs: 120_000, concurrency: 8 };

export type { CallPolicy };

/**
 * Every Web API request of a connector goes through here: counted, kept under the concurrency
 * limit, a 401 answered by one new token and one more try, 429 retried after its Retry-After and
 * 5xx after a growing wait. A broken connection is retried for reads (they change nothing) and
 * surfaces as LostAnswerError for writes: only the caller knows how to check what landed.
 */
export class DynamicsCaller {
  calls = 0;
  /** Service protection answers met (429) and the time spent waiting them out: for run pages. */
  readonly serviceProtection: RateLimitWaits = { waits: 0, waitedMs: 0 };
  private readonly gate: Semaphore;

  constructor(
    readonly tokens: DynamicsTokenClient,
    readonly policy: CallPolicy = DEFAULT_CALL_POLICY,
  ) {
    this.gate = new Semaphore(policy.concurrency);
  }

  async call<T>(request: () => Promise<T>, options: { writes: boolean }): Promise<T> {
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const failure = await this.tryOnce(request);
      if (!('kind' in failure)) return failure.value;
      if (failure.kind === 'auth' && !refreshed) {
        refreshed = true;
        this.tokens.invalidate();
        continue;
      }
      const next = afterFailedTry(failure, attempt, this.policy, options.writes);
      if ('final' in next) throw toCrmError(failure);
      await waitBeforeRetry(failure, next.waitMs, this.serviceProtection);
    }
  }

  private async tryOnce<T>(request: () => Promise<T>): Promise<{ value: T } | DataverseFailure> {
    await this.gate.acquire();
    this.calls += 1;
    try {
      return { value: await request() };
    } catch (err) {
      // The token client's own errors (a refused secret, an unreachable authority) are final and already CrmErrors.
      if (err instanceof CrmError) throw err;
      return classifyFailure(err);
    } finally {
      this.gate.release();
    }
  }
}

import { CrmError } from '../connector';
import { classifyFailure, toCrmError, type DataverseFailure } from './dynamics-errors';
import type { DynamicsTokenClient } from './dynamics-token-client';

export interface CallPolicy {
  /** Tries of one request that meets 429 or 5xx, the first included. */
  attempts: number;
  /** Wait before the second try after a 5xx; it doubles up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After honoured in place; a longer one fails the call (the run pauses and resumes). */
  maxRetryAfterMs: number;
  /**
   * Requests in flight at once. Dataverse allows 52 per user and answers 429 past that; the
   * connector stays far below so that a worker's other activities and a second run share the user.
   */
  concurrency: number;
}

export const DEFAULT_CALL_POLICY: CallPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 15_000, maxRetryAfterMs: 120_000, concurrency: 8 };

/** What a caller sees when a write's connection broke: the write may or may not have landed. */
export class LostAnswerError extends Error {
  override name = 'LostAnswerError';
  constructor(readonly failure: DataverseFailure) {
    super(failure.message);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A counting semaphore: at most `limit` holders at once, the rest wait in arrival order. */
class Semaphore {
  private held = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}

  async acquire(): Promise<void> {
    if (this.held < this.limit) {
      this.held += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held -= 1;
  }
}

/**
 * Every Web API request of a connector goes through here: counted, kept under the concurrency
 * limit, a 401 answered by one new token and one more try, 429 retried after its Retry-After and
 * 5xx after a growing wait. A broken connection is retried for reads (they change nothing) and
 * surfaces as LostAnswerError for writes: only the caller knows how to check what landed.
 */
export class DynamicsCaller {
  calls = 0;
  /** Service protection answers met (429) and the time spent waiting them out: for run pages. */
  readonly serviceProtection = { waits: 0, waitedMs: 0 };
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
      if (failure.kind === 'lost-answer' && options.writes) throw new LostAnswerError(failure);
      const retryable = failure.kind === 'throttled' || failure.kind === 'server' || failure.kind === 'lost-answer';
      if (!retryable || attempt >= this.policy.attempts) throw toCrmError(failure);
      const waitMs =
        failure.kind === 'throttled'
          ? (failure.retryAfterSeconds ?? 1) * 1000
          : Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
      if (waitMs > this.policy.maxRetryAfterMs) throw toCrmError(failure);
      if (failure.kind === 'throttled') {
        this.serviceProtection.waits += 1;
        this.serviceProtection.waitedMs += waitMs;
      }
      await sleep(waitMs);
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

import type { HttpFailure } from './http-failure';

/** How a connector retries one request, and how many it keeps in flight. */
export interface CallPolicy {
  /** Tries of one request that meets 429 or 5xx, the first included. */
  attempts: number;
  /** Wait before the second try after a 5xx; it doubles up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After honoured in place; a longer one fails the call (the run pauses and resumes). */
  maxRetryAfterMs: number;
  /** Requests in flight at once. */
  concurrency: number;
}

/** What a caller sees when a write's connection broke: the write may or may not have landed. */
export class LostAnswerError extends Error {
  override name = 'LostAnswerError';
  constructor(readonly failure: HttpFailure) {
    super(failure.message);
  }
}

/** Rate-limit answers met (429) and the time spent waiting them out: for run pages. */
export interface RateLimitWaits {
  waits: number;
  waitedMs: number;
}

/**
 * What follows a failed try (not an auth failure, which the caller answers with a new token): for a
 * write whose answer was lost, LostAnswerError (only the caller knows how to check what landed);
 * for 429, 5xx and a read's lost answer, a wait (Retry-After, else a doubling delay) while attempts
 * and the longest acceptable wait allow; otherwise the failure is final.
 */
export function afterFailedTry(failure: HttpFailure, attempt: number, policy: CallPolicy, writes: boolean): { waitMs: number } | { final: true } {
  if (failure.kind === 'lost-answer' && writes) throw new LostAnswerError(failure);
  const retryable = failure.kind === 'throttled' || failure.kind === 'server' || failure.kind === 'lost-answer';
  if (!retryable || attempt >= policy.attempts) return { final: true };
  const waitMs = failure.kind === 'throttled' ? (failure.retryAfterSeconds ?? 1) * 1000 : Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return waitMs > policy.maxRetryAfterMs ? { final: true } : { waitMs };
}

/** Counts a rate-limit wait, then waits. */
export async function waitBeforeRetry(failure: HttpFailure, waitMs: number, waits: RateLimitWaits): Promise<void> {
  if (failure.kind === 'throttled') {
    waits.waits += 1;
    waits.waitedMs += waitMs;
  }
  await new Promise<void>((resolve) => setTimeout(resolve, waitMs));
}

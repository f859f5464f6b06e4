import { CrmError } from '../connector';
import type { SugarCredentials } from '../credentials';
import { classifyAnswer, classifyNetworkError, toCrmError, type SugarFailure } from './sugar-errors';
import type { SugarTokenClient } from './sugar-token-client';

export interface CallPolicy {
  /** Tries of one request that meets 429 or 5xx, the first included. */
  attempts: number;
  /** Wait before the second try after a 5xx; it doubles up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After honoured in place; a longer one fails the call (the run pauses and resumes). */
  maxRetryAfterMs: number;
  /** Requests in flight at once: a self-hosted instance is often one PHP server. */
  concurrency: number;
  requestTimeoutMs: number;
}

export const DEFAULT_CALL_POLICY: CallPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 15_000, maxRetryAfterMs: 120_000, concurrency: 4, requestTimeoutMs: 120_000 };

/** What a caller sees when a write's connection broke: the write may or may not have landed. */
export class LostAnswerError extends Error {
  override name = 'LostAnswerError';
  constructor(readonly failure: SugarFailure) {
    super(failure.message);
  }
}

export interface SugarRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** The path after `/rest/<version>/`, query string included. */
  path: string;
  body?: unknown;
  /** Whether the request may change records: a lost answer is then the caller's to settle. */
  writes: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
 * Every REST request of a connector goes through here: counted (one per HTTP request, a /bulk is
 * one; not those refused for their token), kept under the concurrency limit, a 401 answered by one renewed session and one more try,
 * 429 retried after its Retry-After and 5xx after a growing wait. A broken connection is retried
 * for reads and surfaces as LostAnswerError for writes: only the caller knows what to check.
 */
export class SugarCaller {
  calls = 0;
  readonly rateLimitWaits = { waits: 0, waitedMs: 0 };
  private readonly gate: Semaphore;

  constructor(
    private readonly credentials: SugarCredentials,
    readonly tokens: SugarTokenClient,
    readonly policy: CallPolicy = DEFAULT_CALL_POLICY,
  ) {
    this.gate = new Semaphore(policy.concurrency);
  }

  get baseUrl(): string {
    return `${this.credentials.loginUrl.replace(/\/+$/, '')}/rest/${this.credentials.apiVersion}`;
  }

  /** `/v11_25/Contacts/abc`: how a /bulk part names a path. */
  bulkUrl(path: string): string {
    return `/${this.credentials.apiVersion}/${path}`;
  }

  async call<T>(request: SugarRequest): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const token = await this.tokens.accessToken();
      const outcome = await this.tryOnce<T>(request, token);
      if ('value' in outcome) return outcome.value;
      const failure = outcome.failure;
      // A session another sign-in ended, or one that expired: renewed (refresh, else sign in again) and tried again.
      // A refused sign-in rejects from the token client; a token the instance keeps refusing uses up the attempts.
      if (failure.kind === 'auth' && attempt < this.policy.attempts) {
        await this.tokens.renew(token);
        continue;
      }
      if (failure.kind === 'lost-answer' && request.writes) throw new LostAnswerError(failure);
      const retryable = failure.kind === 'throttled' || failure.kind === 'server' || failure.kind === 'lost-answer';
      if (!retryable || attempt >= this.policy.attempts) throw toCrmError(failure);
      const waitMs =
        failure.kind === 'throttled' ? (failure.retryAfterSeconds ?? 1) * 1000 : Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
      if (waitMs > this.policy.maxRetryAfterMs) throw toCrmError(failure);
      if (failure.kind === 'throttled') {
        this.rateLimitWaits.waits += 1;
        this.rateLimitWaits.waitedMs += waitMs;
      }
      await sleep(waitMs);
    }
  }

  private async tryOnce<T>(request: SugarRequest, token: string): Promise<{ value: T } | { failure: SugarFailure }> {
    await this.gate.acquire();
    this.calls += 1;
    try {
      let response: Response;
      try {
        response = await fetch(`${this.baseUrl}/${request.path}`, {
          method: request.method,
          headers: { 'OAuth-Token': token, Accept: 'application/json', ...(request.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
          body: request.body !== undefined ? JSON.stringify(request.body) : undefined,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.policy.requestTimeoutMs),
        });
      } catch (err) {
        return { failure: classifyNetworkError(err) };
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch (err) {
        if (response.ok) return { failure: classifyNetworkError(err) };
      }
      if (!response.ok) {
        // A request refused for its token did no work and Sugar does not count it: neither does the connector.
        if (response.status === 401) this.calls -= 1;
        return { failure: classifyAnswer(response.status, body, response.headers.get('retry-after')) };
      }
      return { value: body as T };
    } catch (err) {
      if (err instanceof CrmError) throw err;
      return { failure: classifyNetworkError(err) };
    } finally {
      this.gate.release();
    }
  }
}

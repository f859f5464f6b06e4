import { CrmError } from '../connector';
import { afterFailedTry, LostAnswerError, waitBeforeRetry, type CallPolicy, type RateLimitWaits } from '../http/call-retries';
import { Semaphore } from '../http/semaphore';
import type { SugarCredentials } from '../credentials';
import { classifyAnswer, classifyNetworkError, toCrmError, type SugarFailure } from './sugar-errors';
import type { SugarTokenClient } from './sugar-token-client';

export interface SugarCallPolicy extends CallPolicy {
  requestTimeoutMs: number;
}

/** A self-hosted instance is often one PHP server: few requests in flight. */
export const DEFAULT_CALL_POLICY: SugarCallPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 15_000, maxRetryAfterMs: 120_000, concurrency: 4, requestTimeoutMs: 120_000 };

export interface SugarRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** The path after `/rest/<version>/`, query string included. */
  path: string;
  body?: unknown;
  /** Whether the request may change records: a lost answer is then the caller's to settle. */
  writes: boolean;
}

/**
 * Every REST request of a connector goes through here: counted (one per HTTP request, a /bulk is
 * one; not those refused for their token), kept under the concurrency limit, a 401 answered by one renewed session and one more try,
 * 429 retried after its Retry-After and 5xx after a growing wait. A broken connection is retried
 * for reads and surfaces as LostAnswerError for writes: only the caller knows what to check.
 */
export class SugarCaller {
  calls = 0;
  readonly rateLimitWaits: RateLimitWaits = { waits: 0, waitedMs: 0 };
  private readonly gate: Semaphore;

  constructor(
    private readonly credentials: SugarCredentials,
    readonly tokens: SugarTokenClient,
    readonly policy: SugarCallPolicy = DEFAULT_CALL_POLICY,
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
      const next = afterFailedTry(failure, attempt, this.policy, request.writes);
      if ('final' in next) throw toCrmError(failure);
      await waitBeforeRetry(failure, next.waitMs, this.rateLimitWaits);
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

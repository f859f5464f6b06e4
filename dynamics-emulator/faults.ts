import { DataverseError, ErrorCodes } from './errors';
import { Prng } from './org/prng';

/**
 * SERVICE_PROTECTION: 429 with Retry-After (the request-count and execution-time limits, alternating);
 * INVALID_TOKEN: 401 as for an expired or revoked token; SERVER_ERROR: 500, then 503, alternating;
 * LATENCY: the request is delayed; ROW_LOCK: one record write fails as a SQL lock timeout does;
 * LOST_ANSWER: a write is carried out and its answer dropped.
 */
export type FaultKind = 'SERVICE_PROTECTION' | 'INVALID_TOKEN' | 'SERVER_ERROR' | 'LATENCY' | 'ROW_LOCK' | 'LOST_ANSWER';

export interface FaultSettings {
  /** Probability (0..1) that a request — or, for ROW_LOCK, a record write — fails. */
  rate: number;
  kinds: FaultKind[];
  latencyMs?: number;
  /** Retry-After seconds of injected 429s (default 1). */
  retryAfterSeconds?: number;
  seed?: number;
}

/** The error a plug-in or validation rule raises for chosen records (`status` defaults to 400). */
export interface RecordWriteFault {
  code?: string;
  message: string;
  status?: number;
}

export type RequestFault = { kind: 'error'; error: DataverseError } | { kind: 'latency'; ms: number } | { kind: 'lost-answer' } | undefined;

const DEFAULT_LATENCY_MS = 250;

/** Faults tests switch on and off, like the Salesforce emulator's, in Dataverse's shapes. */
export class FaultController {
  private settings: FaultSettings = { rate: 0, kinds: [] };
  private prng = new Prng(1);
  private readonly queued: Array<{ kind: FaultKind; remaining: number }> = [];
  private serverErrors = 0;
  private throttles = 0;
  private readonly recordFaults = new Map<string, DataverseError>();
  private injected: Partial<Record<FaultKind, number>> = {};

  set(settings: FaultSettings): void {
    this.settings = { ...settings, kinds: [...settings.kinds] };
    this.prng = new Prng(settings.seed ?? 1);
  }

  /** The next `n` requests (record writes for ROW_LOCK, write requests for LOST_ANSWER) fail with `kind`. */
  failNext(kind: FaultKind, n = 1): void {
    this.queued.push({ kind, remaining: n });
  }

  clear(): void {
    this.settings = { rate: 0, kinds: [] };
    this.queued.length = 0;
    this.recordFaults.clear();
  }

  /** What was injected per kind since resetInjectedCounts(); clear() keeps them so a test reads them after. */
  injectedCounts(): Partial<Record<FaultKind, number>> {
    return { ...this.injected };
  }

  resetInjectedCounts(): void {
    this.injected = {};
  }

  /** Every update, upsert or delete of these rows fails with `fault`, as a plug-in rejecting chosen records does. */
  failRecordWrites(ids: readonly string[], fault: RecordWriteFault): void {
    const error = new DataverseError(fault.status ?? 400, fault.code ?? ErrorCodes.IsvAborted, fault.message);
    for (const id of ids) this.recordFaults.set(id.toLowerCase(), error);
  }

  clearRecordWriteFaults(): void {
    this.recordFaults.clear();
  }

  recordWriteFault(id: string): DataverseError | undefined {
    return this.recordFaults.get(id.toLowerCase());
  }

  /** Whether this record write fails with a lock timeout (ROW_LOCK). */
  rowLockFails(): boolean {
    const fails = !!this.takeQueued((k) => k === 'ROW_LOCK') || (this.settings.kinds.includes('ROW_LOCK') && this.settings.rate > 0 && this.prng.chance(this.settings.rate));
    if (fails) this.counted('ROW_LOCK');
    return fails;
  }

  /** The fault for one HTTP request; LOST_ANSWER only hits requests that write. */
  forRequest(writes: boolean): RequestFault {
    const fits = (k: FaultKind) => k !== 'ROW_LOCK' && (k !== 'LOST_ANSWER' || writes);
    let kind = this.takeQueued(fits);
    if (!kind) {
      const kinds = this.settings.kinds.filter(fits);
      if (kinds.length && this.settings.rate > 0 && this.prng.chance(this.settings.rate)) kind = this.prng.pick(kinds);
    }
    if (!kind) return undefined;
    this.counted(kind);
    if (kind === 'LOST_ANSWER') return { kind: 'lost-answer' };
    if (kind === 'LATENCY') return { kind: 'latency', ms: this.settings.latencyMs ?? DEFAULT_LATENCY_MS };
    return { kind: 'error', error: this.errorFor(kind) };
  }

  private takeQueued(fits: (kind: FaultKind) => boolean): FaultKind | undefined {
    const entry = this.queued.find((q) => fits(q.kind) && q.remaining > 0);
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.queued.splice(this.queued.indexOf(entry), 1);
    return entry.kind;
  }

  private counted(kind: FaultKind): void {
    this.injected[kind] = (this.injected[kind] ?? 0) + 1;
  }

  private errorFor(kind: FaultKind): DataverseError {
    if (kind === 'INVALID_TOKEN') return new DataverseError(401, '', '', { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The access token is expired or invalid"' });
    if (kind === 'SERVICE_PROTECTION') {
      const retryAfter = { 'Retry-After': String(this.settings.retryAfterSeconds ?? 1) };
      return this.throttles++ % 2 === 0
        ? new DataverseError(429, ErrorCodes.ThrottlingRequests, 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.', retryAfter)
        : new DataverseError(429, ErrorCodes.ThrottlingExecutionTime, 'Combined execution time of incoming requests exceeded limit of 1,200,000 milliseconds over time window of 300 seconds. Decrease number of concurrent requests or reduce the duration of requests and try again later.', retryAfter);
    }
    return this.serverErrors++ % 2 === 0
      ? new DataverseError(500, ErrorCodes.UnexpectedError, 'An unexpected error occurred.')
      : new DataverseError(503, ErrorCodes.UnexpectedError, 'The service is temporarily unavailable. Please retry.');
  }
}

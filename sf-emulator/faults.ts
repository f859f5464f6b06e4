import { SfApiError, recordError, type RecordError } from './errors';
import { normalizeId } from './ids';
import { Prng } from './prng';

export type FaultKind = 'REQUEST_LIMIT_EXCEEDED' | 'INVALID_SESSION_ID' | 'SERVER_ERROR' | 'LATENCY' | 'UNABLE_TO_LOCK_ROW' | 'LOST_ANSWER';

export interface FaultSettings {
  /** Probability (0..1) that a request — or, for UNABLE_TO_LOCK_ROW, a record write — fails. */
  rate: number;
  kinds: FaultKind[];
  latencyMs?: number;
  seed?: number;
}

/** The error a record write fails with, as Salesforce reports it per record (`fields` may be left out). */
export interface RecordWriteFault {
  statusCode: string;
  message: string;
  fields?: string[];
}

/**
 * What the emulator does to one REST request: answer it with an error instead of handling it, delay
 * it, or handle it and then drop the connection instead of answering (`lost-answer`).
 */
export type RequestFault = { kind: 'error'; error: SfApiError } | { kind: 'latency'; ms: number } | { kind: 'lost-answer' } | undefined;

/** What the fault decision needs to know of a request. */
export interface FaultedRequest {
  /** It writes records (or uploads to, closes or aborts a Bulk API ingest job): LOST_ANSWER only hits these. */
  writesRecords: boolean;
}

const DEFAULT_LATENCY_MS = 250;
/** What Salesforce reports for a query it gave up on. */
const DEFAULT_QUERY_JOB_ERROR = 'QUERY_TIMEOUT: Your query request was running for too long.';

/**
 * Faults tests switch on and off. Request-level kinds answer the whole call with Salesforce's error;
 * UNABLE_TO_LOCK_ROW fails single records inside otherwise successful writes; LOST_ANSWER carries a
 * record write out and then closes the connection without an answer, as a network drop between the
 * CRM and the caller does: the caller cannot tell whether the write happened.
 */
export class FaultController {
  private settings: FaultSettings = { rate: 0, kinds: [] };
  private prng = new Prng(1);
  private readonly queued: Array<{ kind: FaultKind; remaining: number }> = [];
  private serverErrors = 0;
  /** Keyed by 18-character id, so a test may name a record by either id form. */
  private readonly recordFaults = new Map<string, RecordError>();
  /** The errorMessage of each Bulk API 2.0 query job still to fail, in the order the jobs run. */
  private readonly queryJobFailures: string[] = [];
  /** Faults injected per kind since the last resetInjectedCounts() (clear() keeps them, so a test reads them after). */
  private injected: Partial<Record<FaultKind, number>> = {};

  set(settings: FaultSettings): void {
    this.settings = { ...settings, kinds: [...settings.kinds] };
    this.prng = new Prng(settings.seed ?? 1);
  }

  /** The next `n` requests (record writes for UNABLE_TO_LOCK_ROW, write requests for LOST_ANSWER) fail with `kind`. */
  failNext(kind: FaultKind, n = 1): void {
    this.queued.push({ kind, remaining: n });
  }

  /** What was injected, per kind: a test can tell faults that were asked for from faults that happened. */
  injectedCounts(): Partial<Record<FaultKind, number>> {
    return { ...this.injected };
  }

  resetInjectedCounts(): void {
    this.injected = {};
  }

  private counted(kind: FaultKind): void {
    this.injected[kind] = (this.injected[kind] ?? 0) + 1;
  }

  clear(): void {
    this.settings = { rate: 0, kinds: [] };
    this.queued.length = 0;
    this.recordFaults.clear();
    this.queryJobFailures.length = 0;
  }

  /**
   * The next `n` Bulk API 2.0 query jobs to run end Failed with `errorMessage` instead of
   * JobComplete, as a query Salesforce gives up on does; the requests about them all succeed.
   */
  failNextQueryJobs(n = 1, errorMessage = DEFAULT_QUERY_JOB_ERROR): void {
    for (let i = 0; i < n; i++) this.queryJobFailures.push(errorMessage);
  }

  /** The errorMessage the query job about to run fails with, if a test asked for one. */
  queryJobFailure(): string | undefined {
    return this.queryJobFailures.shift();
  }

  /**
   * Every write (update or delete, through any API) to these records fails with `fault` until cleared,
   * the way a validation rule or trigger rejects chosen records while the rest of the batch succeeds.
   */
  failRecordWrites(ids: readonly string[], fault: RecordWriteFault): void {
    const error = recordError(fault.statusCode, fault.message, [...(fault.fields ?? [])]);
    for (const id of ids) this.recordFaults.set(normalizeId(id) ?? id, error);
  }

  clearRecordWriteFaults(): void {
    this.recordFaults.clear();
  }

  /** The injected failure for a write to this record, if a test asked for one. */
  recordWriteFault(id: string): RecordError | undefined {
    const error = this.recordFaults.get(normalizeId(id) ?? id);
    return error && { ...error, fields: [...error.fields] };
  }

  private takeQueued(recordLevel: boolean, request?: FaultedRequest): FaultKind | undefined {
    const fits = (kind: FaultKind) => (kind === 'UNABLE_TO_LOCK_ROW') === recordLevel && (kind !== 'LOST_ANSWER' || !!request?.writesRecords);
    const entry = this.queued.find((q) => fits(q.kind) && q.remaining > 0);
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.queued.splice(this.queued.indexOf(entry), 1);
    return entry.kind;
  }

  forRequest(request: FaultedRequest = { writesRecords: false }): RequestFault {
    let kind = this.takeQueued(false, request);
    if (!kind) {
      const kinds = this.settings.kinds.filter((k) => k !== 'UNABLE_TO_LOCK_ROW' && (k !== 'LOST_ANSWER' || request.writesRecords));
      if (kinds.length && this.settings.rate > 0 && this.prng.chance(this.settings.rate)) kind = this.prng.pick(kinds);
    }
    if (!kind) return undefined;
    this.counted(kind);
    if (kind === 'LOST_ANSWER') return { kind: 'lost-answer' };
    return kind === 'LATENCY' ? { kind: 'latency', ms: this.settings.latencyMs ?? DEFAULT_LATENCY_MS } : { kind: 'error', error: this.errorFor(kind) };
  }

  /** Whether this record write should fail with UNABLE_TO_LOCK_ROW. */
  lockRowFails(): boolean {
    const fails = !!this.takeQueued(true) || (this.settings.kinds.includes('UNABLE_TO_LOCK_ROW') && this.settings.rate > 0 && this.prng.chance(this.settings.rate));
    if (fails) this.counted('UNABLE_TO_LOCK_ROW');
    return fails;
  }

  private errorFor(kind: FaultKind): SfApiError {
    switch (kind) {
      case 'REQUEST_LIMIT_EXCEEDED':
        return new SfApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
      case 'INVALID_SESSION_ID':
        return new SfApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
      default:
        // Alternate the two shapes real outages take: an internal error and an unavailable server.
        return this.serverErrors++ % 2 === 0
          ? new SfApiError(500, 'UNKNOWN_EXCEPTION', 'An unexpected error occurred. Please include this ErrorId if you contact support: 1520868930-21234 (-1218343921)')
          : new SfApiError(503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable, please retry.');
    }
  }
}

import { SeededFaults, type RequestFault as KitRequestFault, type SeededFaultSettings } from '../emulator-kit/faults';
import { SfApiError, recordError, type RecordError } from './errors';
import { normalizeId } from './ids';

export type FaultKind = 'REQUEST_LIMIT_EXCEEDED' | 'INVALID_SESSION_ID' | 'SERVER_ERROR' | 'LATENCY' | 'UNABLE_TO_LOCK_ROW' | 'LOST_ANSWER';

/** `rate`: the probability (0..1) that a request — or, for UNABLE_TO_LOCK_ROW, a record write — fails. */
export type FaultSettings = SeededFaultSettings<FaultKind>;

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
export type RequestFault = KitRequestFault<SfApiError>;

/** What the fault decision needs to know of a request. */
export interface FaultedRequest {
  /** It writes records (or uploads to, closes or aborts a Bulk API ingest job): LOST_ANSWER only hits these. */
  writesRecords: boolean;
}

/** What Salesforce reports for a query it gave up on. */
const DEFAULT_QUERY_JOB_ERROR = 'QUERY_TIMEOUT: Your query request was running for too long.';

/**
 * Faults tests switch on and off. Request-level kinds answer the whole call with Salesforce's error;
 * UNABLE_TO_LOCK_ROW fails single records inside otherwise successful writes; LOST_ANSWER carries a
 * record write out and then closes the connection without an answer, as a network drop between the
 * CRM and the caller does: the caller cannot tell whether the write happened.
 */
export class FaultController extends SeededFaults<FaultKind, SfApiError, FaultSettings, RecordError> {
  private serverErrors = 0;
  /** The errorMessage of each Bulk API 2.0 query job still to fail, in the order the jobs run. */
  private readonly queryJobFailures: string[] = [];

  constructor() {
    // Keyed by 18-character id, so a test may name a record by either id form.
    super({ recordLock: 'UNABLE_TO_LOCK_ROW', lostAnswer: 'LOST_ANSWER', latency: 'LATENCY' }, () => ({ rate: 0, kinds: [] }), (id) => normalizeId(id) ?? id);
  }

  override clear(): void {
    super.clear();
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
    this.setRecordWriteFault(ids, recordError(fault.statusCode, fault.message, [...(fault.fields ?? [])]));
  }

  /** The injected failure for a write to this record, if a test asked for one. */
  override recordWriteFault(id: string): RecordError | undefined {
    const error = super.recordWriteFault(id);
    return error && { ...error, fields: [...error.fields] };
  }

  forRequest(request: FaultedRequest = { writesRecords: false }): RequestFault {
    return this.requestFault(request.writesRecords);
  }

  /** Whether this record write should fail with UNABLE_TO_LOCK_ROW. */
  lockRowFails(): boolean {
    return this.recordLockFails();
  }

  protected errorFor(kind: FaultKind): SfApiError {
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

import { SeededFaults, type RequestFault as KitRequestFault, type SeededFaultSettings } from '../emulator-kit/faults';
import { DataverseError, ErrorCodes } from './errors';

/**
 * SERVICE_PROTECTION: 429 with Retry-After (the request-count and execution-time limits, alternating);
 * INVALID_TOKEN: 401 as for an expired or revoked token; SERVER_ERROR: 500, then 503, alternating;
 * LATENCY: the request is delayed; ROW_LOCK: one record write fails as a SQL lock timeout does;
 * LOST_ANSWER: a write is carried out and its answer dropped.
 */
export type FaultKind = 'SERVICE_PROTECTION' | 'INVALID_TOKEN' | 'SERVER_ERROR' | 'LATENCY' | 'ROW_LOCK' | 'LOST_ANSWER';

export interface FaultSettings extends SeededFaultSettings<FaultKind> {
  /** Retry-After seconds of injected 429s (default 1). */
  retryAfterSeconds?: number;
}

/** The error a plug-in or validation rule raises for chosen records (`status` defaults to 400). */
export interface RecordWriteFault {
  code?: string;
  message: string;
  status?: number;
}

export type RequestFault = KitRequestFault<DataverseError>;

/** Faults tests switch on and off, like the other emulators', in Dataverse's shapes. */
export class FaultController extends SeededFaults<FaultKind, DataverseError, FaultSettings> {
  private serverErrors = 0;
  private throttles = 0;

  constructor() {
    // Dataverse ids are GUIDs in any case.
    super({ recordLock: 'ROW_LOCK', lostAnswer: 'LOST_ANSWER', latency: 'LATENCY' }, () => ({ rate: 0, kinds: [] }), (id) => id.toLowerCase());
  }

  /** Every update, upsert or delete of these rows fails with `fault`, as a plug-in rejecting chosen records does. */
  failRecordWrites(ids: readonly string[], fault: RecordWriteFault): void {
    this.setRecordWriteFault(ids, new DataverseError(fault.status ?? 400, fault.code ?? ErrorCodes.IsvAborted, fault.message));
  }

  /** Whether this record write fails with a lock timeout (ROW_LOCK). */
  rowLockFails(): boolean {
    return this.recordLockFails();
  }

  /** The fault for one HTTP request; LOST_ANSWER only hits requests that write. */
  forRequest(writes: boolean): RequestFault {
    return this.requestFault(writes);
  }

  protected errorFor(kind: FaultKind): DataverseError {
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

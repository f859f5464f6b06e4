import { SeededFaults, type RequestFault as KitRequestFault, type SeededFaultSettings } from '../emulator-kit/faults';
import { SugarError, sugarErrors } from './errors';

/**
 * RATE_LIMIT: 429 with Retry-After; INVALID_GRANT: 401 as for an expired access token;
 * SERVER_ERROR: 500 fatal_error, then 503 maintenance, alternating; LATENCY: the request is delayed;
 * ROW_LOCK: one record write fails as a database lock wait timeout does (500 fatal_error);
 * LOST_ANSWER: a write is carried out and its answer dropped.
 */
export type FaultKind = 'RATE_LIMIT' | 'INVALID_GRANT' | 'SERVER_ERROR' | 'LATENCY' | 'ROW_LOCK' | 'LOST_ANSWER';

export interface FaultSettings extends SeededFaultSettings<FaultKind> {
  /** Retry-After seconds of injected 429s (default 1). */
  retryAfterSeconds?: number;
}

/** The error a logic hook or validation raises for chosen records (status defaults to 422). */
export interface RecordWriteFault {
  label?: string;
  message: string;
  status?: number;
}

export type RequestFault = KitRequestFault<SugarError>;

/** Faults tests switch on and off, like the other emulators', in Sugar's shapes. */
export class FaultController extends SeededFaults<FaultKind, SugarError, FaultSettings> {
  private serverErrors = 0;

  constructor() {
    super({ recordLock: 'ROW_LOCK', lostAnswer: 'LOST_ANSWER', latency: 'LATENCY' }, () => ({ rate: 0, kinds: [] }));
  }

  /** Every update or delete of these records fails with `fault`, as a before_save logic hook throwing for them does. */
  failRecordWrites(ids: readonly string[], fault: RecordWriteFault): void {
    this.setRecordWriteFault(ids, new SugarError(fault.status ?? 422, fault.label ?? 'invalid_parameter', fault.message));
  }

  /** Whether this record write fails with a lock wait timeout (ROW_LOCK). */
  rowLockFails(): boolean {
    return this.recordLockFails();
  }

  /** The fault for one HTTP request; LOST_ANSWER only hits requests that write. */
  forRequest(writes: boolean): RequestFault {
    return this.requestFault(writes);
  }

  protected errorFor(kind: FaultKind): SugarError {
    if (kind === 'INVALID_GRANT') return sugarErrors.invalidGrant();
    if (kind === 'RATE_LIMIT') {
      return new SugarError(429, 'too_many_requests', 'Too many requests. Please try again later.', { 'Retry-After': String(this.settings.retryAfterSeconds ?? 1) });
    }
    return this.serverErrors++ % 2 === 0 ? sugarErrors.fatal() : sugarErrors.maintenance();
  }
}

/** The error of a record write that waited too long for a lock (MySQL 1205, as Sugar passes it on). */
export function lockTimeoutError(): SugarError {
  return sugarErrors.fatal('Database failure. Please refer to sugarcrm.log for details.');
}

import { SugarError, sugarErrors } from './errors';
import { Prng } from './org/prng';

/**
 * RATE_LIMIT: 429 with Retry-After; INVALID_GRANT: 401 as for an expired access token;
 * SERVER_ERROR: 500 fatal_error, then 503 maintenance, alternating; LATENCY: the request is delayed;
 * ROW_LOCK: one record write fails as a database lock wait timeout does (500 fatal_error);
 * LOST_ANSWER: a write is carried out and its answer dropped.
 */
export type FaultKind = 'RATE_LIMIT' | 'INVALID_GRANT' | 'SERVER_ERROR' | 'LATENCY' | 'ROW_LOCK' | 'LOST_ANSWER';

export interface FaultSettings {
  /** Probability (0..1) that a request — or, for ROW_LOCK, a record write — fails. */
  rate: number;
  kinds: FaultKind[];
  latencyMs?: number;
  /** Retry-After seconds of injected 429s (default 1). */
  retryAfterSeconds?: number;
  seed?: number;
}

/** The error a logic hook or validation raises for chosen records (status defaults to 422). */
export interface RecordWriteFault {
  label?: string;
  message: string;
  status?: number;
}

export type RequestFault = { kind: 'error'; error: SugarError } | { kind: 'latency'; ms: number } | { kind: 'lost-answer' } | undefined;

const DEFAULT_LATENCY_MS = 250;

/** Faults tests switch on and off, like the other emulators', in Sugar's shapes. */
export class FaultController {
  private settings: FaultSettings = { rate: 0, kinds: [] };
  private prng = new Prng(1);
  private readonly queued: Array<{ kind: FaultKind; remaining: number }> = [];
  private serverErrors = 0;
  private readonly recordFaults = new Map<string, SugarError>();
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

  /** Every update or delete of these records fails with `fault`, as a before_save logic hook throwing for them does. */
  failRecordWrites(ids: readonly string[], fault: RecordWriteFault): void {
    const error = new SugarError(fault.status ?? 422, fault.label ?? 'invalid_parameter', fault.message);
    for (const id of ids) this.recordFaults.set(id, error);
  }

  clearRecordWriteFaults(): void {
    this.recordFaults.clear();
  }

  recordWriteFault(id: string): SugarError | undefined {
    return this.recordFaults.get(id);
  }

  /** Whether this record write fails with a lock wait timeout (ROW_LOCK). */
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

  private errorFor(kind: FaultKind): SugarError {
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

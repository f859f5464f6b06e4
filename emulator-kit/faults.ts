import { Prng } from './prng';

/** What every emulator's fault settings hold; an emulator may add its own (a Retry-After, say). */
export interface SeededFaultSettings<K extends string> {
  /** Probability (0..1) that a request — or, for the record-level kind, a record write — fails. */
  rate: number;
  kinds: K[];
  latencyMs?: number;
  seed?: number;
}

/**
 * What the emulator does to one request: answer it with an error instead of handling it, delay it,
 * or handle it and then drop the connection instead of answering (`lost-answer`).
 */
export type RequestFault<E> = { kind: 'error'; error: E } | { kind: 'latency'; ms: number } | { kind: 'lost-answer' } | undefined;

/** Which of an emulator's kind names play the three roles every CRM's faults share. */
export interface FaultRoles<K extends string> {
  /** Fails single record writes (a row lock), never a whole request. */
  recordLock: K;
  /** Carries a write out and drops its answer; only requests that write are hit. */
  lostAnswer: K;
  /** Delays the request. */
  latency: K;
}

const DEFAULT_LATENCY_MS = 250;

/**
 * The part of every emulator's fault controller that is not its vendor's: seeded random faults at a
 * rate, `failNext` queues, injected counts and per-record write faults. Subclasses name the kinds and
 * turn a request-level kind into their CRM's error.
 */
export abstract class SeededFaults<K extends string, E, S extends SeededFaultSettings<K>, R = E> {
  protected settings: S;
  private prng: Prng;
  private readonly queued: Array<{ kind: K; remaining: number }> = [];
  private readonly recordFaults = new Map<string, R>();
  private injected: Partial<Record<K, number>> = {};

  /** @param recordKey how a record id is keyed, so a test may name a record in any form the CRM accepts. */
  protected constructor(
    private readonly roles: FaultRoles<K>,
    private readonly idle: () => S,
    private readonly recordKey: (id: string) => string = (id) => id,
  ) {
    this.settings = idle();
    this.prng = new Prng(1);
  }

  set(settings: S): void {
    this.settings = { ...settings, kinds: [...settings.kinds] };
    this.prng = new Prng(settings.seed ?? 1);
  }

  /** The next `n` requests (record writes for the record-level kind, write requests for the lost answer) fail with `kind`. */
  failNext(kind: K, n = 1): void {
    this.queued.push({ kind, remaining: n });
  }

  clear(): void {
    this.settings = this.idle();
    this.queued.length = 0;
    this.recordFaults.clear();
  }

  /** What was injected per kind since resetInjectedCounts(); clear() keeps them so a test reads them after. */
  injectedCounts(): Partial<Record<K, number>> {
    return { ...this.injected };
  }

  resetInjectedCounts(): void {
    this.injected = {};
  }

  clearRecordWriteFaults(): void {
    this.recordFaults.clear();
  }

  recordWriteFault(id: string): R | undefined {
    return this.recordFaults.get(this.recordKey(id));
  }

  protected setRecordWriteFault(ids: readonly string[], fault: R): void {
    for (const id of ids) this.recordFaults.set(this.recordKey(id), fault);
  }

  /** Whether this record write fails with the record-level kind. */
  protected recordLockFails(): boolean {
    const { recordLock } = this.roles;
    const fails = !!this.takeQueued((k) => k === recordLock) || (this.settings.kinds.includes(recordLock) && this.settings.rate > 0 && this.prng.chance(this.settings.rate));
    if (fails) this.counted(recordLock);
    return fails;
  }

  /** The fault for one request; the lost answer only hits requests that write. */
  protected requestFault(writes: boolean): RequestFault<E> {
    const { recordLock, lostAnswer, latency } = this.roles;
    const fits = (k: K) => k !== recordLock && (k !== lostAnswer || writes);
    let kind = this.takeQueued(fits);
    if (!kind) {
      const kinds = this.settings.kinds.filter(fits);
      if (kinds.length && this.settings.rate > 0 && this.prng.chance(this.settings.rate)) kind = this.prng.pick(kinds);
    }
    if (!kind) return undefined;
    this.counted(kind);
    if (kind === lostAnswer) return { kind: 'lost-answer' };
    if (kind === latency) return { kind: 'latency', ms: this.settings.latencyMs ?? DEFAULT_LATENCY_MS };
    return { kind: 'error', error: this.errorFor(kind) };
  }

  /** The CRM's answer to a request-level fault of `kind`. */
  protected abstract errorFor(kind: K): E;

  private takeQueued(fits: (kind: K) => boolean): K | undefined {
    const entry = this.queued.find((q) => fits(q.kind) && q.remaining > 0);
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.queued.splice(this.queued.indexOf(entry), 1);
    return entry.kind;
  }

  private counted(kind: K): void {
    this.injected[kind] = (this.injected[kind] ?? 0) + 1;
  }
}

/**
 * An org's clock that tests can freeze, set and move on. CRMs stamp whole seconds, which is why
 * records written together (one bulk write, one import) share a modification stamp.
 */
export class ControllableClock {
  private frozenAt: number | undefined;

  /** @param parseDateTime reads a datetime string as the emulator's CRM writes it. */
  constructor(private readonly parseDateTime: (value: string) => number) {}

  now(): number {
    return Math.floor((this.frozenAt ?? Date.now()) / 1000) * 1000;
  }

  /** Freezes the clock at `at` (Date, datetime string or epoch ms); `null` returns it to real time. */
  set(at: Date | string | number | null): void {
    this.frozenAt = at === null ? undefined : typeof at === 'number' ? at : typeof at === 'string' ? this.parseDateTime(at) : at.getTime();
  }

  advance(ms: number): void {
    this.frozenAt = (this.frozenAt ?? Date.now()) + ms;
  }
}

/**
 * An org whose clock tests can freeze, set and move on; each emulator's store extends it. CRMs stamp
 * whole seconds, which is why records written together (one bulk write, one import) share a stamp.
 */
export abstract class ClockedOrg {
  private frozenAt: number | undefined;

  /** @param parseDateTime reads a datetime string as the emulator's CRM writes it. */
  protected constructor(private readonly parseDateTime: (value: string) => number) {}

  now(): number {
    return Math.floor((this.frozenAt ?? Date.now()) / 1000) * 1000;
  }

  /** Freezes the org clock at `at` (Date, datetime string or epoch ms); `null` returns it to real time. */
  setClock(at: Date | string | number | null): void {
    this.frozenAt = at === null ? undefined : typeof at === 'number' ? at : typeof at === 'string' ? this.parseDateTime(at) : at.getTime();
  }

  advanceClock(ms: number): void {
    this.frozenAt = (this.frozenAt ?? Date.now()) + ms;
  }
}

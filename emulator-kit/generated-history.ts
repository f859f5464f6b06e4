import { DAY_MS } from './datetime';
import type { Prng } from './prng';

const floorToSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

/**
 * When a generated org's records were created and last modified: spread over `historyDays` before
 * `generatedUntil`, so the same seed builds the same org every day. Stamps are whole seconds, as
 * CRMs write them, in the emulator's own datetime form.
 */
export class GeneratedHistory {
  readonly untilMs: number;
  private readonly historyMs: number;
  private readonly bulkStamps: string[];

  constructor(
    size: { generatedUntil?: string; historyDays?: number },
    private readonly formatDateTime: (ms: number) => string,
    parseDateTime: (value: string) => number,
  ) {
    this.untilMs = parseDateTime(size.generatedUntil ?? '2025-01-01T00:00:00Z');
    this.historyMs = (size.historyDays ?? 730) * DAY_MS;
    // Imports and mass updates leave thousands of records with one modification stamp.
    this.bulkStamps = [3, 20, 45, 90, 200].map((d) => formatDateTime(this.untilMs - d * DAY_MS - 37_000));
  }

  /** A record's creation and last-modified stamps: a quarter never changed, some share a bulk stamp, the rest changed since. */
  nextStamps(rnd: Prng): { created: string; modified: string } {
    const createdMs = this.untilMs - Math.floor(rnd.next() * this.historyMs);
    const created = this.formatDateTime(floorToSecond(createdMs));
    const spread = rnd.next();
    const modified =
      spread < 0.25 ? created
        : spread < 0.4 ? rnd.pick(this.bulkStamps)
          : this.formatDateTime(floorToSecond(createdMs + rnd.next() * (this.untilMs - createdMs)));
    return { created, modified: modified < created ? created : modified };
  }
}

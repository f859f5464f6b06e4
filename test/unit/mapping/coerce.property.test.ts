import { coerceValue } from '../../../domain/mapping/coerce';

/** mulberry32: a tiny seeded PRNG, so a failure reproduces without a property-testing library. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const SEED = 20240131;
const RUNS = 500;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

describe('coercion properties (seeded)', () => {
  test('an integer reads the same written plainly, with thousand separators, or as a number', () => {
    const random = prng(SEED);
    for (let i = 0; i < RUNS; i += 1) {
      const n = Math.floor((random() - 0.5) * 2e12);
      for (const raw of [n, String(n), n.toLocaleString('en-US')]) {
        expect(coerceValue('Score', raw)).toEqual({ ok: true, value: n });
      }
    }
  });

  test('a calendar day reads the same as YYYY-MM-DD, MM/DD/YYYY, a Salesforce date-time and epoch milliseconds', () => {
    const random = prng(SEED + 1);
    for (let i = 0; i < RUNS; i += 1) {
      const day = new Date(Date.UTC(1900, 0, 1) + Math.floor(random() * 200 * 365.25) * 86_400_000);
      const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
      const hour = Math.floor(random() * 24);
      const raws = [`${y}-${pad(m)}-${pad(d)}`, `${m}/${d}/${y}`, `${y}-${pad(m)}-${pad(d)}T${pad(hour)}:59:59.999+0000`, day.getTime() + hour * 3_600_000];
      for (const raw of raws) expect(coerceValue('Date', raw)).toEqual({ ok: true, value: day });
    }
  });

  test('a Datetime round-trips through its ISO string', () => {
    const random = prng(SEED + 2);
    for (let i = 0; i < RUNS; i += 1) {
      const instant = new Date(Math.floor((random() - 0.3) * 4e12));
      expect(coerceValue('Datetime', instant.toISOString())).toEqual({ ok: true, value: instant });
    }
  });
});

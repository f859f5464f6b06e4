/**
 * Sums of labelled samples, keyed by sample name and labels, that add up across time windows: the
 * folded tally plus the recent runs is the counter. Histograms are kept as their cumulative
 * `_bucket`, `_sum` and `_count` samples, so adding two windows adds histograms too.
 */
export type Labels = Record<string, string>;
export type SeriesTotals = Map<string, number>;

export function seriesKey(sample: string, labels: Labels): string {
  return JSON.stringify([sample, Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)))]);
}

export function parseSeriesKey(key: string): { sample: string; labels: Labels } {
  const [sample, labels] = JSON.parse(key) as [string, Labels];
  return { sample, labels };
}

export function addSample(totals: SeriesTotals, sample: string, labels: Labels, value: number): void {
  if (!Number.isFinite(value) || value === 0) return;
  const key = seriesKey(sample, labels);
  totals.set(key, (totals.get(key) ?? 0) + value);
}

export function addTotals(a: SeriesTotals, b: SeriesTotals): SeriesTotals {
  const sum = new Map(a);
  for (const [key, value] of b) sum.set(key, (sum.get(key) ?? 0) + value);
  return sum;
}

/** Adds one observation to a histogram: every bucket whose bound holds it, then the sum and the count. */
export function observe(totals: SeriesTotals, histogram: string, buckets: readonly number[], labels: Labels, value: number): void {
  for (const le of buckets) if (value <= le) addSample(totals, `${histogram}_bucket`, { ...labels, le: String(le) }, 1);
  addSample(totals, `${histogram}_bucket`, { ...labels, le: '+Inf' }, 1);
  addSample(totals, `${histogram}_sum`, labels, value);
  addSample(totals, `${histogram}_count`, labels, 1);
}

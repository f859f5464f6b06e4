/**
 * Small statistics for the benchmark's figures.
 *
 * API:
 *   median(values)          the middle value (mean of the two middle ones for an even count)
 *   min(values), max(values)
 *   summarize(values)       { median, min, max, values } as written to the JSON file
 *   timed(fn)               runs fn, returns { value, seconds } measured with a monotonic clock
 *   repeatRuns(n, fn)       runs fn(i) n times one after another, returns the results in order
 *   ratio(a, b)             a / b, or NaN when b is 0 (shown as "n/a" rather than Infinity)
 */

export interface Summary {
  median: number;
  min: number;
  max: number;
  values: number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function min(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : Math.min(...values);
}

export function max(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : Math.max(...values);
}

export function summarize(values: readonly number[]): Summary {
  return { median: median(values), min: min(values), max: max(values), values: [...values] };
}

/** performance.now() rather than Date.now(): monotonic, so a clock adjustment cannot skew a run. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - started) / 1000 };
}

/** Sequential on purpose: parallel repeats would compete for the same two cores and skew each other. */
export async function repeatRuns<T>(count: number, fn: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < count; i += 1) results.push(await fn(i));
  return results;
}

export function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? Number.NaN : numerator / denominator;
}

import type { Row } from '../schema/types';

export interface SortedResult {
  row: Row;
  key: Array<string | number | boolean | null>;
}

const MAX_ENTRIES = 8;

/**
 * The filtered, sorted rows of the last few queries, reused while the org is unchanged (same row
 * version, same clock second for calculated columns), so paging a large table costs one sort per
 * read instead of one per page. Any write makes the next page recompute, as it must.
 */
export class ResultCache {
  private readonly entries = new Map<string, { stamp: string; rows: SortedResult[] }>();

  get(query: string, stamp: string): SortedResult[] | undefined {
    const entry = this.entries.get(query);
    return entry && entry.stamp === stamp ? entry.rows : undefined;
  }

  set(query: string, stamp: string, rows: SortedResult[]): void {
    this.entries.delete(query);
    this.entries.set(query, { stamp, rows });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }
}

/** The index of the first entry ordered after `after` (entries sorted by `order`). */
export function firstAfter(entries: SortedResult[], after: SortedResult['key'], order: (a: SortedResult['key'], b: SortedResult['key']) => number): number {
  let [low, high] = [0, entries.length];
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (order(entries[mid].key, after) > 0) high = mid;
    else low = mid + 1;
  }
  return low;
}

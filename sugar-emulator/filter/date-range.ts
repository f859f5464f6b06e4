import { sugarErrors } from '../errors';
import { DAY_MS } from '../org/datetime';

const dayStart = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

function monthStart(ms: number, shift: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + shift, 1);
}

function yearStart(ms: number, shift: number): number {
  return Date.UTC(new Date(ms).getUTCFullYear() + shift, 0, 1);
}

/** The `$dateRange` keywords Sugar's date filters offer, as [from, to) instants in UTC around `now`. */
export function dateRange(keyword: unknown, now: number): [number, number] {
  const today = dayStart(now);
  const ranges: Record<string, () => [number, number]> = {
    today: () => [today, today + DAY_MS],
    yesterday: () => [today - DAY_MS, today],
    tomorrow: () => [today + DAY_MS, today + 2 * DAY_MS],
    last_7_days: () => [today - 6 * DAY_MS, today + DAY_MS],
    next_7_days: () => [today, today + 7 * DAY_MS],
    last_30_days: () => [today - 29 * DAY_MS, today + DAY_MS],
    next_30_days: () => [today, today + 30 * DAY_MS],
    last_month: () => [monthStart(now, -1), monthStart(now, 0)],
    this_month: () => [monthStart(now, 0), monthStart(now, 1)],
    next_month: () => [monthStart(now, 1), monthStart(now, 2)],
    last_year: () => [yearStart(now, -1), yearStart(now, 0)],
    this_year: () => [yearStart(now, 0), yearStart(now, 1)],
    next_year: () => [yearStart(now, 1), yearStart(now, 2)],
  };
  const range = typeof keyword === 'string' ? ranges[keyword] : undefined;
  if (!range) throw sugarErrors.invalidParameter(`Did not recognize the date range: ${String(keyword)}`);
  return range();
}

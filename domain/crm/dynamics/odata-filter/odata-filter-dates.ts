/**
 * The Dataverse date query functions as half-open ranges of epoch milliseconds around `now`. Days are
 * UTC days: Dataverse counts them in the querying user's time zone, which the local copy does not
 * know, and the Salesforce filter's date literals count UTC days too.
 *
 * - Today, Yesterday, Tomorrow: that whole day.
 * - LastXDays(X): from the start of the day X days ago up to now (a date-only column: through today).
 * - NextXDays(X): from now to the end of the day X days ahead (a date-only column: from today).
 * - OlderThanXDays(X): before the start of the day X days ago, so that it and LastXDays(X) split the
 *   past between them.
 */
import type { DateRangeFunction, ValueKind } from './odata-filter-types';

export const DAY_MS = 86_400_000;

export interface TimeRange {
  start: number;
  end: number;
}

export function dateRange(fn: DateRangeFunction, days: number, kind: ValueKind, nowMs: number): TimeRange {
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  // A date-only value sits at its day's midnight: "now" for it is the whole of today.
  const nowStart = kind === 'date' ? today : nowMs;
  const nowEnd = kind === 'date' ? today + DAY_MS : nowMs + 1;
  switch (fn) {
    case 'Today': return { start: today, end: today + DAY_MS };
    case 'Yesterday': return { start: today - DAY_MS, end: today };
    case 'Tomorrow': return { start: today + DAY_MS, end: today + 2 * DAY_MS };
    case 'LastXDays': return { start: today - days * DAY_MS, end: nowEnd };
    case 'NextXDays': return { start: nowStart, end: today + (days + 1) * DAY_MS };
    case 'OlderThanXDays': return { start: -Infinity, end: today - days * DAY_MS };
  }
}

/** A stored date-only value (`2024-05-01`, or an instant dynamics-web-api revived) as its UTC midnight. */
export function readStoredDate(raw: unknown): number | null {
  if (typeof raw !== 'string' || raw === '') return null;
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? Date.parse(`${raw}T00:00:00Z`) : Date.parse(raw);
  return Number.isNaN(ms) ? null : Math.floor(ms / DAY_MS) * DAY_MS;
}

/** A stored datetime (ISO-8601 text, as the connector keeps it) in epoch milliseconds. */
export function readStoredDateTime(raw: unknown): number | null {
  if (typeof raw !== 'string' || raw === '') return null;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? null : ms;
}

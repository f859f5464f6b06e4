/**
 * Reading date values of segment queries and rendering the bounds stored values are compared with.
 * Stored dates are 'YYYY-MM-DD'; stored datetimes are fixed-width UTC ('…T10:20:30.000+0000' in CRM
 * records, '…T10:20:30.000Z' in marketing values), so both order correctly as strings.
 */
import { parseDateString } from '../mapping/parse-date';
import type { ValueStore } from './catalog';

export const MS_PER_DAY = 86_400_000;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** An instant must say its zone: a local time would shift by the server's offset. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** A datetime query value: a whole UTC day or one instant (epoch milliseconds). */
export type DateValue = { day: string } | { instant: number };

/** Years 1–9999 keep the 4-digit, string-sortable form. 0001-01-01T00:00Z (Date.UTC would read year 1 as 1901). */
const MIN_MS = -62_135_596_800_000;
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function isDay(text: string): boolean {
  if (!DAY.test(text)) return false;
  const parsed = parseDateString(text);
  return parsed.ok && text.slice(0, 4) !== '0000';
}

export function dayStartMs(day: string): number {
  const parsed = parseDateString(day);
  if (!parsed.ok) throw new Error(`not a day: ${day}`);
  return parsed.instant.getTime();
}

/** The instant a zoned ISO date-time names, or undefined (also outside years 1–9999). */
export function instantOf(text: string): number | undefined {
  if (!INSTANT.test(text)) return undefined;
  const parsed = parseDateString(text);
  if (!parsed.ok) return undefined;
  const ms = parsed.instant.getTime();
  return ms >= MIN_MS && ms <= MAX_MS ? ms : undefined;
}

export function readDateValue(text: string): DateValue | undefined {
  if (isDay(text)) return { day: text };
  const instant = instantOf(text);
  return instant === undefined ? undefined : { instant };
}

/** The UTC day of an instant, 'YYYY-MM-DD', or undefined outside years 1–9999. */
export function dayOf(ms: number): string | undefined {
  if (!(ms >= MIN_MS && ms <= MAX_MS)) return undefined;
  const date = new Date(ms);
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  return `${year}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

/** The day n days after (or before) `day`; undefined when it leaves years 1–9999, i.e. "no bound". */
export function addDays(day: string, n: number): string | undefined {
  return dayOf(dayStartMs(day) + n * MS_PER_DAY);
}

/** An instant in the same fixed-width form the store writes, so string comparison is time order. */
export function storedDatetimeText(ms: number, store: ValueStore): string {
  const iso = new Date(ms).toISOString();
  return store === 'crm' ? `${iso.slice(0, -1)}+0000` : iso;
}

/**
 * Dates and date literals of a WHERE clause. Everything is UTC: Salesforce returns datetimes in UTC,
 * and the local copy does not know the time zone of the user who wrote the clause, so TODAY is the
 * UTC day (Salesforce would use the querying user's zone). Weeks start on Sunday (the en_US locale).
 */
import type { DateLiteralValue } from './soql-where-types';

const DAY_MS = 86_400_000;

/** Literals whose range depends on the org's fiscal-year settings, which the local copy does not hold. */
export function isFiscalLiteral(name: string): boolean {
  return name.includes('FISCAL');
}

const SUPPORTED = new Set([
  'YESTERDAY', 'TODAY', 'TOMORROW', 'LAST_WEEK', 'THIS_WEEK', 'NEXT_WEEK', 'LAST_MONTH', 'THIS_MONTH', 'NEXT_MONTH',
  'LAST_90_DAYS', 'NEXT_90_DAYS', 'THIS_QUARTER', 'LAST_QUARTER', 'NEXT_QUARTER', 'THIS_YEAR', 'LAST_YEAR', 'NEXT_YEAR',
  'LAST_N_DAYS', 'NEXT_N_DAYS', 'N_DAYS_AGO', 'LAST_N_WEEKS', 'NEXT_N_WEEKS', 'N_WEEKS_AGO', 'LAST_N_MONTHS',
  'NEXT_N_MONTHS', 'N_MONTHS_AGO', 'LAST_N_QUARTERS', 'NEXT_N_QUARTERS', 'N_QUARTERS_AGO', 'LAST_N_YEARS',
  'NEXT_N_YEARS', 'N_YEARS_AGO',
]);

export function isSupportedDateLiteral(name: string): boolean {
  return SUPPORTED.has(name);
}

/** `YYYY-MM-DD` as its UTC midnight, or NaN when it is not a real calendar date. */
export function parseDateText(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const ms = Date.UTC(y, mo, d);
  const back = new Date(ms);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo && back.getUTCDate() === d ? ms : NaN;
}

/** A SOQL or Salesforce datetime (`…Z`, `…+02:00`, `…+0000`, optional fraction) as epoch ms, or NaN. */
export function parseDateTimeText(text: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/.exec(text);
  if (!m) return NaN;
  const day = parseDateText(m[1]);
  const [h, mi, s] = [Number(m[2]), Number(m[3]), Number(m[4])];
  if (Number.isNaN(day) || h > 23 || mi > 59 || s > 59) return NaN;
  const fraction = m[5] ? Math.floor(Number(`0.${m[5]}`) * 1000) : 0;
  let offsetMinutes = 0;
  if (m[6] !== 'Z') {
    const digits = m[6].replace(':', '');
    offsetMinutes = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * (digits[0] === '-' ? -1 : 1);
  }
  return day + ((h * 60 + mi - offsetMinutes) * 60 + s) * 1000 + fraction;
}

/** A stored date value (`YYYY-MM-DD`, or a datetime whose day is taken) as its UTC midnight, or null. */
export function readStoredDate(raw: unknown): number | null {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : Math.floor(raw.getTime() / DAY_MS) * DAY_MS;
  if (typeof raw !== 'string' || raw.length < 10) return null;
  const ms = parseDateText(raw.slice(0, 10));
  return Number.isNaN(ms) ? null : ms;
}

/** A stored datetime (Salesforce's `2024-05-01T10:20:30.000+0000`; a bare date is its UTC midnight) as epoch ms, or null. */
export function readStoredDateTime(raw: unknown): number | null {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.getTime();
  if (typeof raw !== 'string') return null;
  const ms = raw.length === 10 ? parseDateText(raw) : parseDateTimeText(raw);
  return Number.isNaN(ms) ? null : ms;
}

export interface DayRange {
  /** Inclusive start, epoch ms. */
  start: number;
  /** Exclusive end, epoch ms. */
  end: number;
}

/** The half-open range a date literal denotes at `nowMs`, by the definitions of Salesforce's date literal table. */
export function dateLiteralRange(literal: DateLiteralValue, nowMs: number): DayRange {
  const now = new Date(nowMs);
  const [y, mo] = [now.getUTCFullYear(), now.getUTCMonth()];
  const today = Date.UTC(y, mo, now.getUTCDate());
  const weekStart = today - now.getUTCDay() * DAY_MS;
  const quarterMonth = mo - (mo % 3);
  const days = (from: number, to: number) => ({ start: today + from * DAY_MS, end: today + to * DAY_MS });
  const weeks = (from: number, to: number) => ({ start: weekStart + from * 7 * DAY_MS, end: weekStart + to * 7 * DAY_MS });
  const months = (from: number, to: number) => ({ start: Date.UTC(y, mo + from, 1), end: Date.UTC(y, mo + to, 1) });
  const quarters = (from: number, to: number) => ({ start: Date.UTC(y, quarterMonth + 3 * from, 1), end: Date.UTC(y, quarterMonth + 3 * to, 1) });
  const years = (from: number, to: number) => ({ start: Date.UTC(y + from, 0, 1), end: Date.UTC(y + to, 0, 1) });
  const n = literal.n ?? 0;
  switch (literal.dateLiteral) {
    case 'YESTERDAY': return days(-1, 0);
    case 'TODAY': return days(0, 1);
    case 'TOMORROW': return days(1, 2);
    // "Last N days" includes today: LAST_N_DAYS:1 is yesterday and today.
    case 'LAST_90_DAYS': return days(-90, 1);
    case 'NEXT_90_DAYS': return days(1, 91);
    case 'LAST_N_DAYS': return days(-n, 1);
    case 'NEXT_N_DAYS': return days(1, n + 1);
    case 'N_DAYS_AGO': return days(-n, -n + 1);
    case 'LAST_WEEK': return weeks(-1, 0);
    case 'THIS_WEEK': return weeks(0, 1);
    case 'NEXT_WEEK': return weeks(1, 2);
    case 'LAST_N_WEEKS': return weeks(-n, 0);
    case 'NEXT_N_WEEKS': return weeks(1, n + 1);
    case 'N_WEEKS_AGO': return weeks(-n, -n + 1);
    case 'LAST_MONTH': return months(-1, 0);
    case 'THIS_MONTH': return months(0, 1);
    case 'NEXT_MONTH': return months(1, 2);
    case 'LAST_N_MONTHS': return months(-n, 0);
    case 'NEXT_N_MONTHS': return months(1, n + 1);
    case 'N_MONTHS_AGO': return months(-n, -n + 1);
    case 'LAST_QUARTER': return quarters(-1, 0);
    case 'THIS_QUARTER': return quarters(0, 1);
    case 'NEXT_QUARTER': return quarters(1, 2);
    case 'LAST_N_QUARTERS': return quarters(-n, 0);
    case 'NEXT_N_QUARTERS': return quarters(1, n + 1);
    case 'N_QUARTERS_AGO': return quarters(-n, -n + 1);
    case 'LAST_YEAR': return years(-1, 0);
    case 'THIS_YEAR': return years(0, 1);
    case 'NEXT_YEAR': return years(1, 2);
    case 'LAST_N_YEARS': return years(-n, 0);
    case 'NEXT_N_YEARS': return years(1, n + 1);
    case 'N_YEARS_AGO': return years(-n, -n + 1);
    default:
      // parseWhereClause only lets supported literals through; a hand-built clause gets a loud failure.
      throw new Error(`unsupported date literal ${literal.dateLiteral}`);
  }
}

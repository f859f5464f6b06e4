/**
 * Date parsing for coercion. Written by hand rather than with `new Date(string)`, because the
 * built-in parser silently rolls 2024-02-30 over to March 1st, reads `2024-01-31` as UTC but
 * `2024-01-31T10:00` as local time, and accepts formats no CRM writes.
 */

export type ParsedDate = { ok: true; instant: Date } | { ok: false; problem: 'format' | 'calendar' };

/** Beyond ±8.64e15 ms a JS Date is invalid. */
const MAX_EPOCH_MS = 8.64e15;
const DAY_MS = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Salesforce writes `+0000`, others `Z` or `+00:00`; a time zone is required (see parseDateString). */
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/i;
/** Month first: Salesforce's default en_US locale and US-centric CRM exports write dates this way. */
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** UTC instant of a calendar date and time, or undefined when a component is out of range. */
function utcInstant(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): Date | undefined {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  // A day past the month's end rolls over; comparing back detects 2024-02-30.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date;
}

function offsetMinutes(zone: string): number | undefined {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 14 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * Parses `YYYY-MM-DD`, `MM/DD/YYYY` (both as UTC midnight) and ISO date-times with a time zone.
 * A date-time without a zone is refused: guessing UTC or server time would shift values by hours.
 */
export function parseDateString(text: string): ParsedDate {
  const s = text.trim();
  let m = ISO_DATE.exec(s);
  if (m) return fromInstant(utcInstant(Number(m[1]), Number(m[2]), Number(m[3])));
  m = US_DATE.exec(s);
  if (m) return fromInstant(utcInstant(Number(m[3]), Number(m[1]), Number(m[2])));
  m = ISO_DATETIME.exec(s);
  if (!m) return { ok: false, problem: 'format' };
  const [, y, mo, d, h, mi, sec = '0', fraction = '', zone = 'Z'] = m;
  const offset = offsetMinutes(zone);
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  const local = utcInstant(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(sec), ms);
  if (offset === undefined || !local) return { ok: false, problem: 'calendar' };
  return fromInstant(new Date(local.getTime() - offset * 60_000));
}

/** Epoch milliseconds only: seconds are never guessed from magnitude, which would misread old dates. */
export function parseEpochMillis(value: number): ParsedDate {
  if (!Number.isInteger(value) || Math.abs(value) > MAX_EPOCH_MS) return { ok: false, problem: 'format' };
  return { ok: true, instant: new Date(value) };
}

function fromInstant(instant: Date | undefined): ParsedDate {
  return instant ? { ok: true, instant } : { ok: false, problem: 'calendar' };
}

/** The UTC calendar day of an instant, at UTC midnight: how Date (not Datetime) values are stored. */
export function utcMidnight(instant: Date): Date {
  const t = instant.getTime();
  // Double modulo so instants before 1970 round down to their own day, not the next one.
  return new Date(t - (((t % DAY_MS) + DAY_MS) % DAY_MS));
}

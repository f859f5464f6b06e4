import { DAY_MS } from '../emulator-kit/datetime';

export { DAY_MS, formatDate } from '../emulator-kit/datetime';

/** Salesforce serialises datetimes as `2024-05-01T10:20:30.000+0000`; stored values use that exact form so they sort as strings. */
export function formatDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}+0000`;
}

/** Parses ISO-8601 datetimes, including Salesforce's `+0000` offset form; NaN when unparseable. */
export function parseDateTime(value: string): number {
  const trimmed = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(trimmed)) return NaN;
  const withColon = trimmed.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  return Date.parse(withColon.length === 10 ? `${withColon}T00:00:00Z` : /T[^Z+-]*$/.test(withColon) ? `${withColon}Z` : withColon);
}

export function isDateOnly(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

export function addDays(ms: number, days: number): number {
  return ms + days * DAY_MS;
}

export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
}

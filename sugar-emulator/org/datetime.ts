import { formatUtcSeconds } from '../../emulator-kit/datetime';

export { DAY_MS, formatDate, parseDateTime } from '../../emulator-kit/datetime';

/** Sugar's API writes datetimes in ISO 8601 to the second with an offset; the emulator's users are all on UTC: `2024-05-01T08:30:00+00:00`. */
export function formatDateTime(ms: number): string {
  return `${formatUtcSeconds(ms)}+00:00`;
}

export function isDateOnly(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}

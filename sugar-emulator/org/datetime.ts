export const DAY_MS = 86_400_000;

/** Sugar's API writes datetimes in ISO 8601 to the second with an offset; the emulator's users are all on UTC: `2024-05-01T08:30:00+00:00`. */
export function formatDateTime(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}+00:00`;
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function parseDateTime(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`not a datetime: ${value}`);
  return ms;
}

export function isDateOnly(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}

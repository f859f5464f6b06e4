export const DAY_MS = 86_400_000;

/** Dataverse answers datetimes in UTC to the second, without milliseconds: `2024-05-01T08:30:00Z`. */
export function formatDateTime(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function parseDateTime(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`not a datetime: ${value}`);
  return ms;
}

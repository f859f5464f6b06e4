export const DAY_MS = 86_400_000;

/** `2024-05-01`: a date as every CRM writes one, in UTC. */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `2024-05-01T08:30:00`: UTC to the whole second, for a CRM to add its own offset form to. */
export function formatUtcSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
}

/** Any datetime `Date.parse` reads; throws on anything else, since the emulator wrote the value itself. */
export function parseDateTime(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`not a datetime: ${value}`);
  return ms;
}

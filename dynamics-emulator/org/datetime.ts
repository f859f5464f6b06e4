import { formatUtcSeconds } from '../../emulator-kit/datetime';

export { DAY_MS, formatDate, parseDateTime } from '../../emulator-kit/datetime';

/** Dataverse answers datetimes in UTC to the second, without milliseconds: `2024-05-01T08:30:00Z`. */
export function formatDateTime(ms: number): string {
  return `${formatUtcSeconds(ms)}Z`;
}

/**
 * Whether a program's schedule feeds its list's sync. A program changes member values locally; the
 * list's next sync pushes them. The rule (pure, so the page and the API say the same):
 *
 * - a scheduled program whose list has no running schedule (off or paused) is warned: nothing
 *   pushes its results on a schedule;
 * - otherwise, counting from the start of today on the list schedule's clock, the program's first
 *   run must come strictly before the list's first sync. "Program daily 23:00, list daily 06:00"
 *   is warned: the 06:00 push always carries yesterday's program, not today's. Comparing the next
 *   run times from *now* would warn or not depending on the hour the page is opened;
 * - lists that sync hourly or more often are never warned about: whatever the program's time, its
 *   results are pushed within the hour.
 *
 * The pipeline issue orders programs before list syncs for good; this is only a warning.
 */
import { AUTOMATIC_EVERY_MINUTES, type ScheduleSettings, type ScheduleSpecOptions } from '../schedules/schedule-settings';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const formats = new Map<string, Intl.DateTimeFormat>();
function localClock(zone: string, at: Date): { hour: number; minute: number } {
  let format = formats.get(zone);
  if (!format) formats.set(zone, (format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  const parts = format.formatToParts(at);
  return { hour: Number(parts.find((p) => p.type === 'hour')?.value), minute: Number(parts.find((p) => p.type === 'minute')?.value) };
}

function intervalMs(settings: ScheduleSettings, options: ScheduleSpecOptions): number | undefined {
  if (settings.mode === 'automatic') return options.automaticEveryMs ?? AUTOMATIC_EVERY_MINUTES * MINUTE;
  if (settings.mode === 'every') return settings.everyMinutes * MINUTE;
  return undefined;
}

/** The first time at or after `from` the settings fire (minute precision is what they can express). */
export function firstRunAtOrAfter(settings: ScheduleSettings, from: Date, options: ScheduleSpecOptions = {}): Date | null {
  if (settings.mode === 'off' || settings.paused) return null;
  const every = intervalMs(settings, options);
  // Temporal counts intervals from the Unix epoch.
  if (every) return new Date(Math.ceil(from.getTime() / every) * every);
  const start = Math.ceil(from.getTime() / MINUTE) * MINUTE;
  for (let t = start; t < start + 2 * DAY; t += MINUTE) {
    const clock = localClock(settings.timeZone, new Date(t));
    if (settings.mode === 'hourly' ? clock.minute === settings.minute : `${String(clock.hour).padStart(2, '0')}:${String(clock.minute).padStart(2, '0')}` === (settings as { at: string }).at) return new Date(t);
  }
  return null;
}

/** Midnight of `now`'s day on the zone's clock. */
function startOfDay(zone: string, now: Date): Date {
  let t = Math.floor(now.getTime() / MINUTE) * MINUTE;
  for (let i = 0; i < 1500; i++, t -= MINUTE) {
    const clock = localClock(zone, new Date(t));
    if (clock.hour === 0 && clock.minute === 0) return new Date(t);
  }
  return new Date(Math.floor(now.getTime() / DAY) * DAY);
}

export function programScheduleWarnings(program: ScheduleSettings | null, list: ScheduleSettings | null, now: Date, options: ScheduleSpecOptions = {}): string[] {
  if (!program || program.mode === 'off' || program.paused) return [];
  if (!list || list.mode === 'off' || list.paused) {
    return ["the program runs on a schedule but its list's sync does not: its changes wait until someone syncs the list"];
  }
  const listEvery = intervalMs(list, options);
  if (list.mode === 'hourly' || (listEvery !== undefined && listEvery <= 60 * MINUTE)) return [];
  const dayStart = startOfDay(list.timeZone, now);
  const programRun = firstRunAtOrAfter(program, dayStart, options);
  const listSync = firstRunAtOrAfter(list, dayStart, options);
  if (!programRun || !listSync || programRun.getTime() < listSync.getTime()) return [];
  return [
    `the program runs at ${programRun.toISOString().slice(11, 16)} UTC, not before its list's sync at ${listSync.toISOString().slice(11, 16)} UTC: each sync pushes the previous day's program results; schedule the program before the sync`,
  ];
}

import { programScheduleWarnings } from '../../../domain/programs/schedule-warning';
import type { ScheduleSettings } from '../../../domain/schedules/schedule-settings';

const daily = (at: string, timeZone = 'UTC'): ScheduleSettings => ({ mode: 'daily', at, timeZone, overlap: 'skip', paused: false });

/** The rule compares the first runs of the day, so the answer does not depend on the hour the page is opened. */
describe('program schedule warning', () => {
  it.each(['2026-03-01T03:00:00Z', '2026-03-01T12:00:00Z', '2026-03-01T23:30:00Z'])('warns for a program at 23:00 and its list at 06:00, at %s', (now) => {
    expect(programScheduleWarnings(daily('23:00'), daily('06:00'), new Date(now))).toHaveLength(1);
    expect(programScheduleWarnings(daily('05:30'), daily('06:00'), new Date(now))).toEqual([]);
  });

  it('warns when the list has no running schedule, never when the program has none', () => {
    expect(programScheduleWarnings(daily('05:00'), null, new Date())).toEqual([expect.stringContaining('does not')]);
    expect(programScheduleWarnings(daily('05:00'), { ...daily('06:00'), paused: true }, new Date())).toHaveLength(1);
    expect(programScheduleWarnings(null, daily('06:00'), new Date())).toEqual([]);
  });

  it('does not warn when the list syncs hourly or more often', () => {
    expect(programScheduleWarnings(daily('23:00'), { mode: 'every', everyMinutes: 30, timeZone: 'UTC', overlap: 'skip', paused: false }, new Date())).toEqual([]);
    expect(programScheduleWarnings(daily('23:00'), { mode: 'hourly', minute: 5, timeZone: 'UTC', overlap: 'skip', paused: false }, new Date())).toEqual([]);
  });

  it('reads daily times on each schedule’s own clock', () => {
    // 05:30 in Paris is 04:30 UTC in winter: before a 06:00 UTC list sync.
    expect(programScheduleWarnings(daily('05:30', 'Europe/Paris'), daily('06:00'), new Date('2026-01-10T12:00:00Z'))).toEqual([]);
    // 07:30 in Paris is 06:30 UTC: after it.
    expect(programScheduleWarnings(daily('07:30', 'Europe/Paris'), daily('06:00'), new Date('2026-01-10T12:00:00Z'))).toHaveLength(1);
  });
});

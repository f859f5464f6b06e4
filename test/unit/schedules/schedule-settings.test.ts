import type { ScheduleSpecDescription } from '@temporalio/client';
import {
  canonicalTimeZone,
  DEFAULT_SCHEDULE_SETTINGS,
  describeScheduleSettings,
  describeScheduleSpec,
  OFF_SCHEDULE_SETTINGS,
  parseScheduleSettings,
  readScheduleSettings,
  toOverlapPolicy,
  toScheduleSpec,
  type ScheduleSettings,
} from '../../../domain/schedules/schedule-settings';

function valid(input: unknown): ScheduleSettings {
  const parsed = parseScheduleSettings(input);
  if (!parsed.ok) throw new Error(`expected valid settings, got: ${parsed.problem}`);
  return parsed.settings;
}

describe('parseScheduleSettings accepts', () => {
  it('automatic with the defaults filled in', () => {
    expect(valid({ mode: 'automatic' })).toEqual({ mode: 'automatic', timeZone: 'UTC', overlap: 'skip', paused: false });
    expect(DEFAULT_SCHEDULE_SETTINGS).toEqual(valid({ mode: 'automatic' }));
  });

  it.each([
    [{ mode: 'every', everyMinutes: 5 }, { mode: 'every', everyMinutes: 5 }],
    [{ mode: 'every', everyMinutes: 1440 }, { mode: 'every', everyMinutes: 1440 }],
    [{ mode: 'every', everyMinutes: ' 30 ' }, { mode: 'every', everyMinutes: 30 }],
    [{ mode: 'hourly', minute: 0 }, { mode: 'hourly', minute: 0 }],
    [{ mode: 'hourly', minute: '59' }, { mode: 'hourly', minute: 59 }],
    [{ mode: 'daily', at: '06:30' }, { mode: 'daily', at: '06:30' }],
    [{ mode: 'daily', at: '6:30' }, { mode: 'daily', at: '06:30' }],
    [{ mode: 'daily', at: '23:59' }, { mode: 'daily', at: '23:59' }],
    [{ mode: 'off' }, { mode: 'off' }],
  ])('%j', (input, expected) => {
    expect(valid(input)).toEqual({ timeZone: 'UTC', overlap: 'skip', paused: false, ...expected });
  });

  it('a time zone in any case, stored in its canonical spelling', () => {
    expect(valid({ mode: 'daily', at: '06:30', timeZone: 'europe/paris' }).timeZone).toBe('Europe/Paris');
    expect(valid({ mode: 'daily', at: '06:30', timeZone: 'America/New_York' }).timeZone).toBe('America/New_York');
  });

  it('overlap and paused as chosen', () => {
    expect(valid({ mode: 'automatic', overlap: 'buffer-one', paused: true })).toMatchObject({ overlap: 'buffer-one', paused: true });
  });

  it("fields of another mode (a form sends them all), dropping them", () => {
    expect(valid({ mode: 'off', at: '06:30', everyMinutes: 15, minute: 3, timeZone: 'UTC' })).toEqual(OFF_SCHEDULE_SETTINGS);
    expect(valid({ mode: 'hourly', minute: 5, at: '' })).toEqual({ mode: 'hourly', minute: 5, timeZone: 'UTC', overlap: 'skip', paused: false });
  });
});

describe('parseScheduleSettings refuses, naming the field', () => {
  it.each([
    [{ mode: 'daily', at: '25:00' }, 'at: use HH:MM (24-hour)'],
    [{ mode: 'daily', at: '6.30' }, 'at: use HH:MM (24-hour)'],
    [{ mode: 'daily', at: '06:30 pm' }, 'at: use HH:MM (24-hour)'],
    [{ mode: 'daily' }, 'at: use HH:MM (24-hour)'],
    [{ mode: 'daily', at: '06:30', timeZone: 'Mars/Base' }, "timeZone: 'Mars/Base' is not a time zone (use an IANA name such as Europe/Paris)"],
    [{ mode: 'automatic', timeZone: '' }, "timeZone: '' is not a time zone (use an IANA name such as Europe/Paris)"],
    [{ mode: 'automatic', timeZone: 3 }, 'timeZone: use an IANA time zone such as Europe/Paris'],
    [{ mode: 'every', everyMinutes: 4 }, 'everyMinutes: use a whole number of minutes from 5 to 1440'],
    [{ mode: 'every', everyMinutes: 1441 }, 'everyMinutes: use a whole number of minutes from 5 to 1440'],
    [{ mode: 'every', everyMinutes: 7.5 }, 'everyMinutes: use a whole number of minutes from 5 to 1440'],
    [{ mode: 'every', everyMinutes: 'often' }, 'everyMinutes: use a whole number of minutes from 5 to 1440'],
    [{ mode: 'every' }, 'everyMinutes: use a whole number of minutes from 5 to 1440'],
    [{ mode: 'hourly', minute: 60 }, 'minute: use a minute from 0 to 59'],
    [{ mode: 'hourly', minute: -1 }, 'minute: use a minute from 0 to 59'],
    [{ mode: 'automatic', overlap: 'queue' }, "overlap: choose 'skip' or 'buffer-one'"],
    [{ mode: 'automatic', paused: 'yes' }, 'paused: must be true or false'],
    [{ mode: 'weekly' }, 'mode: choose automatic, every, hourly, daily, off'],
    [{}, 'mode: choose automatic, every, hourly, daily, off'],
    [{ mode: 'automatic', cron: '* * * * *' }, 'cron: unknown setting; the settings are mode, everyMinutes, minute, at, timeZone, overlap, paused'],
    ['daily', 'schedule: must be an object of schedule settings'],
    [null, 'schedule: must be an object of schedule settings'],
  ])('%j', (input, problem) => {
    const parsed = parseScheduleSettings(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toBe(problem);
  });

  it('every problem at once, each with its path', () => {
    const parsed = parseScheduleSettings({ mode: 'daily', at: '99:99', timeZone: 'Nowhere/Land', overlap: 'x' });
    expect(parsed).toEqual({
      ok: false,
      problems: [
        { path: 'at', message: 'use HH:MM (24-hour)' },
        { path: 'timeZone', message: "'Nowhere/Land' is not a time zone (use an IANA name such as Europe/Paris)" },
        { path: 'overlap', message: "choose 'skip' or 'buffer-one'" },
      ],
      problem: "at: use HH:MM (24-hour); timeZone: 'Nowhere/Land' is not a time zone (use an IANA name such as Europe/Paris); overlap: choose 'skip' or 'buffer-one'",
    });
  });
});

describe('readScheduleSettings', () => {
  it('reads stored settings, and an absent or unreadable document as the fallback (off unless given)', () => {
    expect(readScheduleSettings({ mode: 'daily', at: '06:30', timeZone: 'Europe/Paris' })).toMatchObject({ mode: 'daily', at: '06:30' });
    expect(readScheduleSettings(null)).toEqual(OFF_SCHEDULE_SETTINGS);
    expect(readScheduleSettings({ mode: 'daily', at: 'noon' })).toEqual(OFF_SCHEDULE_SETTINGS);
    expect(readScheduleSettings(undefined, DEFAULT_SCHEDULE_SETTINGS)).toEqual(DEFAULT_SCHEDULE_SETTINGS);
  });

  it('reads settings stored beside their description (as lists, connections and programs keep them)', () => {
    const stored = { mode: 'daily', at: '06:30', timeZone: 'Europe/Paris', overlap: 'skip', paused: true, description: 'daily at 06:30 Europe/Paris' };
    expect(readScheduleSettings(stored)).toEqual({ mode: 'daily', at: '06:30', timeZone: 'Europe/Paris', overlap: 'skip', paused: true });
    expect(readScheduleSettings({ description: 'every 15 minutes' })).toEqual(OFF_SCHEDULE_SETTINGS);
  });
});

describe('canonicalTimeZone', () => {
  it.each([
    ['UTC', 'UTC'],
    ['europe/paris', 'Europe/Paris'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['Europe/Kyiv', 'Europe/Kyiv'],
    ['asia/kolkata', 'Asia/Calcutta'],
    ['US/Pacific', 'US/Pacific'],
    ['etc/gmt+5', 'Etc/GMT+5'],
    ['utc', 'UTC'],
    ['Mars/Base', undefined],
    ['', undefined],
  ])('%s → %s', (zone, canonical) => {
    expect(canonicalTimeZone(zone)).toBe(canonical);
  });
});

describe('toScheduleSpec', () => {
  it.each([
    [{ mode: 'automatic' }, { intervals: [{ every: 15 * 60_000 }], timezone: 'UTC' }],
    [{ mode: 'every', everyMinutes: 30, timeZone: 'Europe/Paris' }, { intervals: [{ every: 30 * 60_000 }], timezone: 'Europe/Paris' }],
    [{ mode: 'hourly', minute: 5 }, { calendars: [{ hour: '*', minute: 5, comment: 'hourly at :05 UTC' }], timezone: 'UTC' }],
    [
      { mode: 'daily', at: '06:30', timeZone: 'Europe/Paris' },
      { calendars: [{ hour: 6, minute: 30, comment: 'daily at 06:30 Europe/Paris' }], timezone: 'Europe/Paris' },
    ],
    [{ mode: 'off' }, undefined],
  ])('%j', (input, spec) => {
    expect(toScheduleSpec(valid(input))).toEqual(spec);
  });

  it('takes the deployment interval of "automatic", in whole seconds', () => {
    expect(toScheduleSpec(DEFAULT_SCHEDULE_SETTINGS, { automaticEveryMs: 2000 })).toEqual({ intervals: [{ every: 2000 }], timezone: 'UTC' });
    expect(() => toScheduleSpec(DEFAULT_SCHEDULE_SETTINGS, { automaticEveryMs: 1500 })).toThrow('automaticEveryMs must be whole seconds, at least 1000 (got 1500)');
    expect(() => toScheduleSpec(DEFAULT_SCHEDULE_SETTINGS, { automaticEveryMs: 0 })).toThrow(RangeError);
  });
});

describe('toOverlapPolicy', () => {
  it('maps skip to SKIP and buffer-one to BUFFER_ONE', () => {
    expect(toOverlapPolicy('skip')).toBe('SKIP');
    expect(toOverlapPolicy('buffer-one')).toBe('BUFFER_ONE');
  });
});

describe('describeScheduleSettings', () => {
  it.each([
    [{ mode: 'automatic' }, 'every 15 minutes'],
    [{ mode: 'every', everyMinutes: 5 }, 'every 5 minutes'],
    [{ mode: 'every', everyMinutes: 60, timeZone: 'Europe/Paris' }, 'every 60 minutes'],
    [{ mode: 'hourly', minute: 5 }, 'hourly at :05 UTC'],
    [{ mode: 'daily', at: '06:30', timeZone: 'Europe/Paris' }, 'daily at 06:30 Europe/Paris'],
    [{ mode: 'off', timeZone: 'Europe/Paris' }, 'off'],
  ])('%j → %s', (input, words) => {
    expect(describeScheduleSettings(valid(input))).toBe(words);
  });

  it('describes a short deployment interval of "automatic"', () => {
    expect(describeScheduleSettings(DEFAULT_SCHEDULE_SETTINGS, { automaticEveryMs: 2000 })).toBe('every 2 seconds');
    expect(describeScheduleSettings(DEFAULT_SCHEDULE_SETTINGS, { automaticEveryMs: 60_000 })).toBe('every minute');
  });
});

describe('describeScheduleSpec (a schedule as Temporal describes it)', () => {
  const range = <T>(start: T, end: T = start) => [{ start, end, step: 1 }];
  const calendar = (hour: ReturnType<typeof range<number>>, minute: number) => ({
    second: range(0),
    minute: range(minute),
    hour,
    dayOfMonth: range(1, 31),
    month: range('JANUARY' as const, 'DECEMBER' as const),
    year: [],
    dayOfWeek: range('SUNDAY' as const, 'SATURDAY' as const),
  });

  it.each([
    [{ intervals: [{ every: 900_000, offset: 0 }], timezone: 'UTC' }, 'every 15 minutes'],
    [{ intervals: [{ every: 3000, offset: 0 }] }, 'every 3 seconds'],
    [{ calendars: [calendar(range(0, 23), 5)], timezone: 'UTC' }, 'hourly at :05 UTC'],
    [{ calendars: [calendar(range(6), 30)], timezone: 'Europe/Paris' }, 'daily at 06:30 Europe/Paris'],
    [{ intervals: [{ every: 900_000, offset: 60_000 }] }, 'a custom schedule'],
    [{ calendars: [calendar(range(6), 30), calendar(range(18), 30)] }, 'a custom schedule'],
    [{ calendars: [{ ...calendar(range(6), 30), dayOfWeek: range('MONDAY' as const, 'FRIDAY' as const) }] }, 'a custom schedule'],
  ])('%j → %s', (spec, words) => {
    expect(describeScheduleSpec(spec as ScheduleSpecDescription)).toBe(words);
  });
});

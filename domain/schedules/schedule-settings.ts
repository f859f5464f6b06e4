/**
 * When a connection's pipeline or a list's sync runs on its own: the settings an admin chooses, how
 * they are validated (zod, one message per field), and how they become a Temporal ScheduleSpec.
 * Pure: no Temporal connection here (schedule-client.ts applies the result).
 */
import type { ScheduleOverlapPolicy, ScheduleSpec, ScheduleSpecDescription } from '@temporalio/client';
import { z } from 'zod';

export const SCHEDULE_MODES = ['automatic', 'every', 'hourly', 'daily', 'off'] as const;
export type ScheduleMode = (typeof SCHEDULE_MODES)[number];
export const OVERLAP_CHOICES = ['skip', 'buffer-one'] as const;
export type OverlapChoice = (typeof OVERLAP_CHOICES)[number];

/** "automatic" runs this often unless the deployment says otherwise (toScheduleSpec's option). */
export const AUTOMATIC_EVERY_MINUTES = 15;
export const EVERY_MINUTES_RANGE = { min: 5, max: 1440 } as const;

interface CommonSettings {
  /** IANA time zone in its canonical spelling; calendars (hourly, daily) fire on its clock. */
  timeZone: string;
  /** What a start does while the previous run is still going: skip it, or queue one. */
  overlap: OverlapChoice;
  paused: boolean;
}

export type ScheduleSettings =
  | ({ mode: 'automatic' } & CommonSettings)
  | ({ mode: 'every'; everyMinutes: number } & CommonSettings)
  | ({ mode: 'hourly'; minute: number } & CommonSettings)
  | ({ mode: 'daily'; at: string } & CommonSettings)
  | ({ mode: 'off' } & CommonSettings);

export const DEFAULT_SCHEDULE_SETTINGS: ScheduleSettings = { mode: 'automatic', timeZone: 'UTC', overlap: 'skip', paused: false };
export const OFF_SCHEDULE_SETTINGS: ScheduleSettings = { mode: 'off', timeZone: 'UTC', overlap: 'skip', paused: false };

/**
 * The zone's name spelled as the Temporal server (Go, case-sensitive) needs it, or undefined when
 * it is not a zone: `europe/paris` → `Europe/Paris`. ICU resolves some current names to older ones
 * (Asia/Kolkata → Asia/Calcutta, Europe/Kyiv → Europe/Kiev); a name written with capitals is kept
 * as written, a lower-case one of those takes ICU's spelling, which the server also knows.
 */
export function canonicalTimeZone(name: string): string | undefined {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  const lower = name.toLowerCase();
  if (resolved.toLowerCase() === lower) return resolved;
  const listed = Intl.supportedValuesOf('timeZone').find((zone) => zone.toLowerCase() === lower);
  if (listed) return listed;
  return name.split('/').every((part) => /^[A-Z]/.test(part)) ? name : resolved;
}

/** Whole numbers may come from a form as text. */
const wholeNumber = (message: string, min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ invalid_type_error: message, required_error: message }).int(message).min(min, message).max(max, message),
  );

const common = {
  timeZone: z
    .string({ invalid_type_error: 'use an IANA time zone such as Europe/Paris' })
    .trim()
    .default('UTC')
    .transform((zone, ctx) => {
      const canonical = canonicalTimeZone(zone);
      if (!canonical) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `'${zone}' is not a time zone (use an IANA name such as Europe/Paris)` });
      return canonical ?? zone;
    }),
  overlap: z.enum(OVERLAP_CHOICES, { errorMap: () => ({ message: "choose 'skip' or 'buffer-one'" }) }).default('skip'),
  paused: z.boolean({ invalid_type_error: 'must be true or false' }).default(false),
};

const everyMessage = `use a whole number of minutes from ${EVERY_MINUTES_RANGE.min} to ${EVERY_MINUTES_RANGE.max}`;

export const scheduleSettingsSchema = z.discriminatedUnion(
  'mode',
  [
    z.object({ mode: z.literal('automatic'), ...common }),
    z.object({ mode: z.literal('every'), everyMinutes: wholeNumber(everyMessage, EVERY_MINUTES_RANGE.min, EVERY_MINUTES_RANGE.max), ...common }),
    z.object({ mode: z.literal('hourly'), minute: wholeNumber('use a minute from 0 to 59', 0, 59), ...common }),
    z.object({
      mode: z.literal('daily'),
      at: z
        .string({ required_error: 'use HH:MM (24-hour)', invalid_type_error: 'use HH:MM (24-hour)' })
        .trim()
        .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'use HH:MM (24-hour)')
        .transform((at) => at.padStart(5, '0')),
      ...common,
    }),
    z.object({ mode: z.literal('off'), ...common }),
  ],
  { errorMap: (issue, ctx) => (issue.code === 'invalid_union_discriminator' ? { message: `choose ${SCHEDULE_MODES.join(', ')}` } : { message: ctx.defaultError }) },
);

const KNOWN_KEYS = new Set(['mode', 'everyMinutes', 'minute', 'at', 'timeZone', 'overlap', 'paused']);

export interface ScheduleSettingsProblem {
  /** The field, e.g. `at` or `timeZone`. */
  path: string;
  message: string;
}

export type ScheduleSettingsResult =
  | { ok: true; settings: ScheduleSettings }
  | { ok: false; problems: ScheduleSettingsProblem[]; /** All problems as one line: `at: use HH:MM (24-hour)`. */ problem: string };

/**
 * Validates schedule settings from the API or a form. Fields that belong to another mode (a form
 * sends them all) are dropped; a field no mode knows is refused by name.
 */
export function parseScheduleSettings(input: unknown): ScheduleSettingsResult {
  const problems: ScheduleSettingsProblem[] = [];
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    for (const key of Object.keys(input)) {
      if (!KNOWN_KEYS.has(key)) problems.push({ path: key, message: `unknown setting; the settings are ${[...KNOWN_KEYS].join(', ')}` });
    }
  }
  const parsed = scheduleSettingsSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.') || 'schedule';
      problems.push({ path, message: issue.code === 'invalid_type' && !issue.path.length ? 'must be an object of schedule settings' : issue.message });
    }
  }
  if (problems.length || !parsed.success) return { ok: false, problems, problem: problems.map((p) => `${p.path}: ${p.message}`).join('; ') };
  return { ok: true, settings: parsed.data };
}

/**
 * Settings read back from a stored document (Mixed), which keeps its human description beside
 * them: anything unreadable means the fallback (default: off).
 */
export function readScheduleSettings(stored: unknown, fallback: ScheduleSettings = OFF_SCHEDULE_SETTINGS): ScheduleSettings {
  if (!stored || typeof stored !== 'object') return fallback;
  const { description: _description, ...settings } = stored as Record<string, unknown>;
  const parsed = parseScheduleSettings(settings);
  return parsed.ok ? parsed.settings : fallback;
}

export interface ScheduleSpecOptions {
  /** How often "automatic" runs; a deployment setting (whole seconds, at least 1 s). Default 15 minutes. */
  automaticEveryMs?: number;
}

function automaticEveryMs(options: ScheduleSpecOptions): number {
  const ms = options.automaticEveryMs ?? AUTOMATIC_EVERY_MINUTES * 60_000;
  if (!Number.isInteger(ms / 1000) || ms < 1000) throw new RangeError(`automaticEveryMs must be whole seconds, at least 1000 (got ${ms})`);
  return ms;
}

/**
 * The Temporal ScheduleSpec for the settings; undefined for 'off' (an off schedule does not exist).
 * Intervals count from the Unix epoch, so "every 60 minutes" fires on the UTC hour whatever the zone;
 * calendars (hourly, daily) follow the zone's clock, DST included.
 */
export function toScheduleSpec(settings: ScheduleSettings, options: ScheduleSpecOptions = {}): ScheduleSpec | undefined {
  const timezone = settings.timeZone;
  switch (settings.mode) {
    case 'off': return undefined;
    case 'automatic': return { intervals: [{ every: automaticEveryMs(options) }], timezone };
    case 'every': return { intervals: [{ every: settings.everyMinutes * 60_000 }], timezone };
    case 'hourly': return { calendars: [{ hour: '*', minute: settings.minute, comment: describeScheduleSettings(settings) }], timezone };
    case 'daily': {
      const [hour, minute] = settings.at.split(':').map(Number);
      return { calendars: [{ hour, minute, comment: describeScheduleSettings(settings) }], timezone };
    }
  }
}

export function toOverlapPolicy(overlap: OverlapChoice): ScheduleOverlapPolicy {
  return overlap === 'buffer-one' ? 'BUFFER_ONE' : 'SKIP';
}

function describeEvery(ms: number): string {
  if (ms % 60_000 === 0) return ms === 60_000 ? 'every minute' : `every ${ms / 60_000} minutes`;
  return ms === 1000 ? 'every second' : `every ${Math.round(ms / 1000)} seconds`;
}

const two = (n: number) => String(n).padStart(2, '0');

/** For people: "every 15 minutes", "hourly at :05 UTC", "daily at 06:30 Europe/Paris", "off". */
export function describeScheduleSettings(settings: ScheduleSettings, options: ScheduleSpecOptions = {}): string {
  switch (settings.mode) {
    case 'off': return 'off';
    case 'automatic': return describeEvery(automaticEveryMs(options));
    case 'every': return describeEvery(settings.everyMinutes * 60_000);
    case 'hourly': return `hourly at :${two(settings.minute)} ${settings.timeZone}`;
    case 'daily': return `daily at ${settings.at} ${settings.timeZone}`;
  }
}

type RangeLike = { start: number | string; end: number | string; step: number };
const single = (ranges: RangeLike[] | undefined): number | undefined =>
  ranges?.length === 1 && ranges[0].start === ranges[0].end && typeof ranges[0].start === 'number' ? ranges[0].start : undefined;
const everyHour = (ranges: RangeLike[] | undefined) => ranges?.length === 1 && ranges[0].start === 0 && ranges[0].end === 23 && ranges[0].step <= 1;

/**
 * The same words for a schedule as Temporal describes it, so what the UI shows is what will fire.
 * A spec these settings cannot produce reads "a custom schedule".
 */
export function describeScheduleSpec(spec: ScheduleSpecDescription): string {
  const { intervals = [], calendars = [], cronExpressions = [] } = spec as ScheduleSpecDescription & { cronExpressions?: string[] };
  const zone = spec.timezone || 'UTC';
  if (intervals.length === 1 && !calendars.length && !cronExpressions.length && !intervals[0].offset) return describeEvery(intervals[0].every);
  if (calendars.length === 1 && !intervals.length && !cronExpressions.length) {
    const [calendar] = calendars;
    const minute = single(calendar.minute);
    const second = single(calendar.second) ?? 0;
    const wholeDays = calendar.dayOfMonth.every((r) => r.start === 1 && r.end === 31) && calendar.dayOfWeek.every((r) => r.start === 'SUNDAY' && r.end === 'SATURDAY');
    if (minute !== undefined && second === 0 && wholeDays) {
      if (everyHour(calendar.hour)) return `hourly at :${two(minute)} ${zone}`;
      const hour = single(calendar.hour);
      if (hour !== undefined) return `daily at ${two(hour)}:${two(minute)} ${zone}`;
    }
  }
  return 'a custom schedule';
}

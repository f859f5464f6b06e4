/** Schedules of lists and connections as the API shows them: the saved settings and Temporal's view of them. */
import { z } from 'zod';
import { instant } from './common-json';

/** A schedule as saved (domain/schedules/schedule-settings.ts); which fields it has depends on its mode. */
export const scheduleJson = z.object({ mode: z.string() }).passthrough();

/** Whether Temporal holds the schedule, and when it fires next (nothing while paused). */
export const scheduleStateJson = z.object({ exists: z.boolean(), paused: z.boolean(), nextRunTimes: z.array(instant) }).strict();

/** A start the schedule made (domain/schedules/schedule-client.ts ScheduleRun). */
export const scheduleRunJson = z.object({ scheduledAt: instant, startedAt: instant, workflowId: z.string(), runId: z.string() }).strict();

/** GET /api/v1/connections/:id/schedule: with the schedule's recent starts. */
export const connectionScheduleJson = z
  .object({ schedule: scheduleJson.nullable(), scheduleState: scheduleStateJson.extend({ recentRuns: z.array(scheduleRunJson) }).strict() })
  .strict();
/** PUT /api/v1/connections/:id/schedule */
export const connectionScheduleChangedJson = z.object({ schedule: scheduleJson.nullable(), scheduleState: scheduleStateJson }).strict();
/** POST /api/v1/connections/:id/schedule/run-now */
export const scheduleTriggeredJson = z.object({ triggered: z.literal(true) }).strict();

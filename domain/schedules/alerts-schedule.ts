import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { alertsScheduleId, alertsWorkflowId, LEGACY_ALERTS_SCHEDULE_ID } from '../../contract';
import { deleteSchedule, upsertSchedule } from './schedule-client';

const EVERY_MS = 60_000;

/**
 * The alerts monitor runs every minute on a Temporal Schedule, skipping a tick while the previous
 * one still runs (a webhook being retried). Registered idempotently at every worker start, under
 * an id that carries the task queue (see alertsScheduleId).
 */
export async function registerAlertsMonitor(temporal: Client, taskQueue: string, everyMs = EVERY_MS) {
  await removeLegacyAlertsSchedule(temporal, taskQueue);
  return upsertSchedule(temporal, {
    scheduleId: alertsScheduleId(taskQueue),
    workflowType: 'monitorAlerts',
    workflowId: alertsWorkflowId(taskQueue),
    taskQueue,
    args: [],
    settings: { mode: 'automatic', timeZone: 'UTC', overlap: 'skip', paused: false },
    specOptions: { automaticEveryMs: everyMs },
  });
}

/**
 * A Temporal server that ran an earlier crm-sync keeps that version's schedule under the shared
 * id; left alone it would start a second monitor every minute. Only a schedule aimed at our own
 * task queue is ours to remove: another installation on the namespace may still be using it.
 */
async function removeLegacyAlertsSchedule(temporal: Client, taskQueue: string): Promise<void> {
  try {
    const legacy = await temporal.schedule.getHandle(LEGACY_ALERTS_SCHEDULE_ID).describe();
    if (legacy.action.type === 'startWorkflow' && legacy.action.taskQueue === taskQueue) await deleteSchedule(temporal, LEGACY_ALERTS_SCHEDULE_ID);
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
}

import type { Client } from '@temporalio/client';
import { ALERTS_SCHEDULE_ID, ALERTS_WORKFLOW_ID } from '../../workflows/contract';
import { upsertSchedule } from './schedule-client';

const EVERY_MS = 60_000;

/**
 * The alerts monitor runs every minute on a Temporal Schedule, skipping a tick while the previous
 * one still runs (a webhook being retried). Registered idempotently at every worker start.
 */
export function registerAlertsMonitor(temporal: Client, taskQueue: string, everyMs = EVERY_MS) {
  return upsertSchedule(temporal, {
    scheduleId: ALERTS_SCHEDULE_ID,
    workflowType: 'monitorAlerts',
    workflowId: ALERTS_WORKFLOW_ID,
    taskQueue,
    args: [],
    settings: { mode: 'automatic', timeZone: 'UTC', overlap: 'skip', paused: false },
    specOptions: { automaticEveryMs: everyMs },
  });
}

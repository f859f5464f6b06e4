import type { Client } from '@temporalio/client';
import { retentionScheduleId, retentionWorkflowId, type RetentionPolicy } from '../../contract/retention';
import { upsertSchedule } from './schedule-client';

const EVERY_MS = 24 * 60 * 60 * 1000;

/**
 * History retention runs once a day on a Temporal Schedule (a pass still running skips the next).
 * Registered idempotently at every worker start with the worker's settings, so a changed setting
 * takes effect at the next start; the id carries the task queue like the alerts monitor's.
 */
export async function registerRetentionSchedule(temporal: Client, taskQueue: string, policy: RetentionPolicy, everyMs = EVERY_MS) {
  return upsertSchedule(temporal, {
    scheduleId: retentionScheduleId(taskQueue),
    workflowType: 'pruneHistory',
    workflowId: retentionWorkflowId(taskQueue),
    taskQueue,
    args: [policy],
    settings: { mode: 'automatic', timeZone: 'UTC', overlap: 'skip', paused: false },
    specOptions: { automaticEveryMs: everyMs },
  });
}

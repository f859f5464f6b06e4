import type { Client } from '@temporalio/client';
import type { Models } from '../models';
import { connectionScheduleId, scheduledPipelineWorkflowId } from '../../contract';
import { describeSchedule, triggerSchedule, upsertSchedule, type ScheduleState } from './schedule-client';
import { describeScheduleSettings, readScheduleSettings, type ScheduleSettings, type ScheduleSpecOptions } from './schedule-settings';

export interface ConnectionScheduleDeps {
  models: Pick<Models, 'Connection'>;
  temporal: Client;
  taskQueue: string;
  scheduleSpecOptions?: ScheduleSpecOptions;
}

function applyConnectionSchedule(deps: ConnectionScheduleDeps, connectionId: string, settings: ScheduleSettings) {
  return upsertSchedule(deps.temporal, {
    scheduleId: connectionScheduleId(connectionId),
    workflowType: 'scheduledPipeline',
    workflowId: scheduledPipelineWorkflowId(connectionId),
    taskQueue: deps.taskQueue,
    args: [{ connectionId }],
    settings,
    memo: { connectionId },
    specOptions: deps.scheduleSpecOptions,
  });
}

/**
 * Makes the connection's pipeline schedule match its settings and stores them. Whatever the
 * schedule, each object's full sync still comes every `fullSyncIntervalDays` (14): the admin sync
 * plans full syncs by age, not by how it was started.
 */
export async function saveConnectionSchedule(deps: ConnectionScheduleDeps, connectionId: string, settings: ScheduleSettings): Promise<void> {
  await applyConnectionSchedule(deps, connectionId, settings);
  await deps.models.Connection.updateOne({ _id: connectionId }, { $set: { schedule: { ...settings, description: describeScheduleSettings(settings, deps.scheduleSpecOptions) } } });
}

export function describeConnectionSchedule(temporal: Client, connectionId: string): Promise<ScheduleState> {
  return describeSchedule(temporal, connectionScheduleId(connectionId));
}

/** "Run now": triggers the schedule, so its overlap policy decides (a running pipeline is not doubled). */
export function runConnectionScheduleNow(temporal: Client, connectionId: string): Promise<void> {
  return triggerSchedule(temporal, connectionScheduleId(connectionId));
}

/** Re-registers every connection's pipeline schedule from the database (idempotent, at start-up). */
export async function registerConnectionSchedules(deps: ConnectionScheduleDeps): Promise<number> {
  let registered = 0;
  for await (const connection of deps.models.Connection.find({ schedule: { $ne: null } }, { schedule: 1 }).lean().cursor()) {
    const settings = readScheduleSettings(connection.schedule);
    if (settings.mode === 'off') continue;
    await applyConnectionSchedule(deps, String(connection._id), settings);
    registered += 1;
  }
  return registered;
}

import type { Client } from '@temporalio/client';
import type { Models } from '../models';
import { describeSchedule, upsertSchedule, type ScheduleState } from './schedule-client';
import { describeScheduleSettings, readScheduleSettings, type ScheduleSettings, type ScheduleSpecOptions } from './schedule-settings';
import { listScheduleId, scheduledListSyncWorkflowId } from '../../contract';

export interface ScheduleDeps {
  models: Pick<Models, 'MarketingList'>;
  temporal: Client;
  taskQueue: string;
  /** Deployment knobs (how often "automatic" runs); tests shorten it. */
  scheduleSpecOptions?: ScheduleSpecOptions;
}

/** Makes the list's Temporal Schedule match its settings (created, updated, or deleted when off) and stores them. */
export async function saveListSchedule(deps: ScheduleDeps, listId: string, settings: ScheduleSettings): Promise<void> {
  await applyListSchedule(deps, listId, settings);
  await deps.models.MarketingList.updateOne({ _id: listId }, { $set: { schedule: { ...settings, description: describeScheduleSettings(settings, deps.scheduleSpecOptions) } } });
}

function applyListSchedule(deps: ScheduleDeps, listId: string, settings: ScheduleSettings) {
  return upsertSchedule(deps.temporal, {
    scheduleId: listScheduleId(listId),
    workflowType: 'scheduledListSync',
    workflowId: scheduledListSyncWorkflowId(listId),
    taskQueue: deps.taskQueue,
    args: [{ listId }],
    settings,
    memo: { listId },
    specOptions: deps.scheduleSpecOptions,
  });
}

export function describeListSchedule(temporal: Client, listId: string): Promise<ScheduleState> {
  return describeSchedule(temporal, listScheduleId(listId));
}

/**
 * Re-registers every list's schedule from the database, idempotently: a Temporal server that lost
 * its schedules (a fresh dev server) gets them back at start-up, and existing ones are left as saved.
 */
export async function registerListSchedules(deps: ScheduleDeps): Promise<number> {
  let registered = 0;
  for await (const list of deps.models.MarketingList.find({ schedule: { $ne: null } }, { schedule: 1 }).lean().cursor()) {
    const settings = readScheduleSettings(list.schedule);
    if (settings.mode === 'off') continue;
    await applyListSchedule(deps, String(list._id), settings);
    registered += 1;
  }
  return registered;
}

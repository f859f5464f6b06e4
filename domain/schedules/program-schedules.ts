import type { Client } from '@temporalio/client';
import { programScheduleId, scheduledListMaintenanceWorkflowId } from '../../contract/programs';
import type { Models } from '../models';
import { deleteSchedule, describeSchedule, upsertSchedule, type ScheduleState } from './schedule-client';
import { describeScheduleSettings, OFF_SCHEDULE_SETTINGS, readScheduleSettings, type ScheduleSettings, type ScheduleSpecOptions } from './schedule-settings';

export interface ProgramScheduleDeps {
  models: Pick<Models, 'Program'>;
  temporal: Client;
  taskQueue: string;
  scheduleSpecOptions?: ScheduleSpecOptions;
}

/** Makes the program's Temporal Schedule match its settings (deleted when none) and stores them. */
export async function saveProgramSchedule(deps: ProgramScheduleDeps, programId: string, settings: ScheduleSettings | null): Promise<void> {
  await upsertSchedule(deps.temporal, {
    scheduleId: programScheduleId(programId),
    workflowType: 'scheduledListMaintenance',
    workflowId: scheduledListMaintenanceWorkflowId(programId),
    taskQueue: deps.taskQueue,
    args: [{ programId }],
    settings: settings ?? OFF_SCHEDULE_SETTINGS,
    memo: { programId },
    specOptions: deps.scheduleSpecOptions,
  });
  const stored = settings ? { ...settings, description: describeScheduleSettings(settings, deps.scheduleSpecOptions) } : null;
  await deps.models.Program.updateOne({ _id: programId }, { $set: { schedule: stored } });
}

export function describeProgramSchedule(temporal: Client, programId: string): Promise<ScheduleState> {
  return describeSchedule(temporal, programScheduleId(programId));
}

export function removeProgramSchedule(temporal: Client, programId: string): Promise<boolean> {
  return deleteSchedule(temporal, programScheduleId(programId));
}

/**
 * Re-registers every scheduled program from the database, idempotently, like registerListSchedules:
 * a Temporal server that lost its schedules gets them back when the composition root calls this.
 */
export async function registerProgramSchedules(deps: ProgramScheduleDeps): Promise<number> {
  let registered = 0;
  for await (const program of deps.models.Program.find({ schedule: { $ne: null } }, { schedule: 1 }).lean().cursor()) {
    const settings = readScheduleSettings(program.schedule);
    if (settings.mode === 'off') continue;
    await saveProgramSchedule(deps, String(program._id), settings);
    registered += 1;
  }
  return registered;
}

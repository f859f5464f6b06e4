/**
 * The schedules of what runs on its own (a connection's pipeline, a list's sync, a program), as
 * small verbs over a ScheduleTarget: save (register and store), describe, run now, pause, unpause,
 * remove, and re-register every one at worker start. Every schedule starts the one scheduledRun
 * workflow with its target as input; the target decides the schedule id and the work.
 */
import type { Client } from '@temporalio/client';
import {
  scheduledRunWorkflowIdOf,
  scheduleIdOf,
  scheduleMemoOf,
  SCHEDULED_RUN_WORKFLOW_TYPE,
  type ScheduleTarget,
  type ScheduleTargetKind,
} from '../../contract/schedules';
import { deleteSchedule, describeSchedule, pauseSchedule, triggerSchedule, unpauseSchedule, upsertSchedule, type ScheduleState, type UpsertOutcome } from './schedule-client';
import { storedSchedulesOf, storeScheduleSettings, type ScheduleOwnerModels } from './schedule-owners';
import { describeScheduleSettings, OFF_SCHEDULE_SETTINGS, readScheduleSettings, type ScheduleSettings, type ScheduleSpecOptions } from './schedule-settings';

export interface ScheduleDeps {
  models: ScheduleOwnerModels;
  temporal: Client;
  taskQueue: string;
  /** Deployment knobs (how often "automatic" runs); tests shorten it. */
  scheduleSpecOptions?: ScheduleSpecOptions;
}

/** Makes the target's Temporal Schedule match the settings: created, updated in place, or deleted when off. */
export function registerSchedule(deps: Omit<ScheduleDeps, 'models'>, target: ScheduleTarget, settings: ScheduleSettings): Promise<UpsertOutcome> {
  return upsertSchedule(deps.temporal, {
    scheduleId: scheduleIdOf(target),
    workflowType: SCHEDULED_RUN_WORKFLOW_TYPE,
    workflowId: scheduledRunWorkflowIdOf(target),
    taskQueue: deps.taskQueue,
    args: [target],
    settings,
    memo: scheduleMemoOf(target),
    specOptions: deps.scheduleSpecOptions,
  });
}

/**
 * Registers the target's schedule and stores its settings with their description; null (a program
 * without a schedule) stores null and removes the schedule. Whatever a connection's schedule, each
 * object's full sync still comes every `fullSyncIntervalDays`: the admin sync plans full syncs by
 * age, not by how it was started.
 */
export async function saveSchedule(deps: ScheduleDeps, target: ScheduleTarget, settings: ScheduleSettings | null): Promise<void> {
  await registerSchedule(deps, target, settings ?? OFF_SCHEDULE_SETTINGS);
  const stored = settings ? { ...settings, description: describeScheduleSettings(settings, deps.scheduleSpecOptions) } : null;
  await storeScheduleSettings(deps.models, target, stored);
}

export function describeTargetSchedule(temporal: Client, target: ScheduleTarget): Promise<ScheduleState> {
  return describeSchedule(temporal, scheduleIdOf(target));
}

/** "Run now": triggers the schedule, so its overlap policy decides (a running pipeline is not doubled). */
export function runScheduleNow(temporal: Client, target: ScheduleTarget): Promise<void> {
  return triggerSchedule(temporal, scheduleIdOf(target));
}

/** Lasts until the settings are saved again (they say whether the schedule is paused). */
export function pauseTargetSchedule(temporal: Client, target: ScheduleTarget, note?: string): Promise<void> {
  return pauseSchedule(temporal, scheduleIdOf(target), note);
}

export function unpauseTargetSchedule(temporal: Client, target: ScheduleTarget, note?: string): Promise<void> {
  return unpauseSchedule(temporal, scheduleIdOf(target), note);
}

/** Deletes the target's schedule (its target is going away); true when there was one. */
export function removeSchedule(temporal: Client, target: ScheduleTarget): Promise<boolean> {
  return deleteSchedule(temporal, scheduleIdOf(target));
}

const TARGET_KINDS: readonly ScheduleTargetKind[] = ['connection', 'list', 'program'];

/**
 * Re-registers every stored schedule (idempotent, at worker start): a Temporal server that lost its
 * schedules gets them back, and schedules registered by an earlier version are rewritten to start
 * scheduledRun. Settings that are off, or cannot be read, register nothing. Returns how many were registered.
 */
export async function reregisterSchedules(deps: ScheduleDeps, kinds: readonly ScheduleTargetKind[] = TARGET_KINDS): Promise<number> {
  let registered = 0;
  for (const kind of kinds) {
    for await (const { target, stored } of storedSchedulesOf(deps.models, kind)) {
      const settings = readScheduleSettings(stored);
      if (settings.mode === 'off') continue;
      await registerSchedule(deps, target, settings);
      registered += 1;
    }
  }
  return registered;
}

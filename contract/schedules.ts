/**
 * What runs on a Temporal Schedule: a connection's pipeline, a list's sync, a program. One
 * scheduled-run workflow takes the target as its input; the ids below are those running
 * installations already have, so re-registering at worker start updates their schedules in place.
 */
import { connectionScheduleId, listScheduleId, scheduledListSyncWorkflowId, scheduledPipelineWorkflowId } from './index';
import { programScheduleId, scheduledListMaintenanceWorkflowId } from './programs';

export type ScheduleTarget =
  | { kind: 'connection'; connectionId: string }
  | { kind: 'list'; listId: string }
  | { kind: 'program'; programId: string };

export type ScheduleTargetKind = ScheduleTarget['kind'];

/**
 * The workflow type every schedule starts (workflows/scheduled-run.ts). A name, not a function
 * reference: schedules are registered from domain/, which must not import workflow code.
 */
export const SCHEDULED_RUN_WORKFLOW_TYPE = 'scheduledRun';

export interface ScheduledRunResult {
  /** The run this tick started; null when it had nothing to do (target gone, or the same work running). */
  runId: string | null;
  /** The same work was already running under its own workflow id: this tick left it alone. */
  joined: boolean;
}

export function scheduleIdOf(target: ScheduleTarget): string {
  switch (target.kind) {
    case 'connection': return connectionScheduleId(target.connectionId);
    case 'list': return listScheduleId(target.listId);
    case 'program': return programScheduleId(target.programId);
  }
}

/** Prefix of the workflows the target's schedule starts (Temporal appends the scheduled time). */
export function scheduledRunWorkflowIdOf(target: ScheduleTarget): string {
  switch (target.kind) {
    case 'connection': return scheduledPipelineWorkflowId(target.connectionId);
    case 'list': return scheduledListSyncWorkflowId(target.listId);
    case 'program': return scheduledListMaintenanceWorkflowId(target.programId);
  }
}

/** What the schedule's memo says it is for (written once, when Temporal creates the schedule). */
export function scheduleMemoOf(target: ScheduleTarget): Record<string, string> {
  switch (target.kind) {
    case 'connection': return { connectionId: target.connectionId };
    case 'list': return { listId: target.listId };
    case 'program': return { programId: target.programId };
  }
}

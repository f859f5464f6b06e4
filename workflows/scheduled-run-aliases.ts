/**
 * The workflow types schedules started before there was one scheduledRun. They stay registered
 * because a running installation still has work under these names when the new worker starts:
 * executions they started are still open (each waits for the pipeline, list sync or program it
 * started, and replays here), and a schedule fires them until the worker's start-up registration
 * rewrites its action to scheduledRun (a schedule whose stored settings cannot be read is not
 * rewritten). They do exactly what scheduledRun does for their kind of target, command for command.
 *
 * They can go once every installation has run a worker of this version (its start-up rewrites the
 * schedules), no execution of these types is open any more (`temporal workflow list --query
 * "WorkflowType IN ('scheduledPipeline','scheduledListSync','scheduledListMaintenance') AND
 * ExecutionStatus='Running'"` is empty), and no committed replay history uses them.
 */
import type { ScheduledListSyncInput, ScheduledPipelineInput } from '../contract';
import type { ScheduledListMaintenanceInput } from '../contract/programs';
import type { ScheduledRunResult } from '../contract/schedules';
import { scheduledRun } from './scheduled-run';

export function scheduledPipeline({ connectionId }: ScheduledPipelineInput): Promise<ScheduledRunResult> {
  return scheduledRun({ kind: 'connection', connectionId });
}

export function scheduledListSync({ listId }: ScheduledListSyncInput): Promise<ScheduledRunResult> {
  return scheduledRun({ kind: 'list', listId });
}

export function scheduledListMaintenance({ programId }: ScheduledListMaintenanceInput): Promise<ScheduledRunResult> {
  return scheduledRun({ kind: 'program', programId });
}

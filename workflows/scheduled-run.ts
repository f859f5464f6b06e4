import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createListActivities } from '../activities/lists';
import type { createPipelineActivities } from '../activities/pipeline';
import type { createProgramActivities } from '../activities/programs';
import type { createRunActivities } from '../activities/runs';
import { listSyncWorkflowId, syncPipelineWorkflowId } from '../contract';
import { listMaintenanceWorkflowId } from '../contract/programs';
import type { ScheduledRunResult, ScheduleTarget } from '../contract/schedules';
import { BOOKKEEPING_ACTIVITY_OPTIONS } from '../contract/activity-options';
import { listMaintenance } from './list-maintenance';
import { listSync } from './list-sync';
import { syncPipeline } from './sync-pipeline';

const options = BOOKKEEPING_ACTIVITY_OPTIONS;
const pipeline = proxyActivities<ReturnType<typeof createPipelineActivities>>(options);
const lists = proxyActivities<ReturnType<typeof createListActivities>>(options);
const programs = proxyActivities<ReturnType<typeof createProgramActivities>>(options);
const runs = proxyActivities<ReturnType<typeof createRunActivities>>(options);

/** The run document of this tick; null when the target is gone (its schedule goes with it). */
function prepareScheduledRun(target: ScheduleTarget): Promise<string | null> {
  switch (target.kind) {
    case 'connection': return pipeline.preparePipelineRun({ connectionId: target.connectionId, trigger: 'schedule' });
    case 'list': return lists.prepareScheduledListRun({ listId: target.listId });
    case 'program': return programs.prepareScheduledProgramRun({ programId: target.programId });
  }
}

type ChildOptions = { workflowId: string; memo: { runId: string }; parentClosePolicy: ParentClosePolicy; workflowIdReusePolicy: 'ALLOW_DUPLICATE' };

/** The target's own work, under its own workflow id: the conflict key a run started by hand also uses. */
function startTargetRun(target: ScheduleTarget, runId: string): Promise<{ result(): Promise<unknown> }> {
  // Abandoned, not cancelled, with this workflow: deleting a schedule must not stop the work it started.
  const child = (workflowId: string): ChildOptions => ({ workflowId, memo: { runId }, parentClosePolicy: ParentClosePolicy.ABANDON, workflowIdReusePolicy: 'ALLOW_DUPLICATE' });
  switch (target.kind) {
    case 'connection': return startChild(syncPipeline, { ...child(syncPipelineWorkflowId(target.connectionId)), args: [{ connectionId: target.connectionId, runId }] });
    case 'list': return startChild(listSync, { ...child(listSyncWorkflowId(target.listId)), args: [{ listId: target.listId, runId, mode: 'sync' }] });
    case 'program': return startChild(listMaintenance, { ...child(listMaintenanceWorkflowId(target.programId)), args: [{ programId: target.programId, runId }] });
  }
}

/**
 * What every Temporal Schedule starts (a connection's pipeline, a list's sync, a program): the
 * target's work under the target's own workflow id, so a scheduled run and one started by hand
 * never overlap (the schedule's own ids carry a timestamp and could not guard that). When that work
 * is already running this tick has nothing to do. It waits for the work, so the schedule's overlap
 * policy sees it as running.
 *
 * Running executions replay this code, and those the three former scheduled-* workflow types
 * started replay it through their aliases (scheduled-run-aliases.ts): for each kind of target the
 * activity and the child it schedules, in this order, must stay as they are.
 */
export async function scheduledRun(target: ScheduleTarget): Promise<ScheduledRunResult> {
  const runId = await prepareScheduledRun(target);
  if (!runId) return { runId: null, joined: false };
  let child;
  try {
    child = await startTargetRun(target, runId);
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    await runs.discardQueuedRun({ runId });
    return { runId: null, joined: true };
  }
  await child.result();
  return { runId, joined: false };
}

import {
  CancellationScope,
  ChildWorkflowFailure,
  isCancellation,
  ParentClosePolicy,
  proxyActivities,
  sleep,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createPipelineActivities } from '../activities/pipeline';
import type { createRunActivities } from '../activities/runs';
import { crmAdminSyncWorkflowId, listSyncWorkflowId, segmentRefreshChildWorkflowId, type SyncMode } from '../contract';
import { listMaintenanceWorkflowId } from '../contract/programs';
import type { StepTarget } from '../domain/pipeline/plan';
import { crmAdminSync } from './crm-admin-sync';
import { listMaintenance } from './list-maintenance';
import { listSync } from './list-sync';
import { segmentRefresh } from './segment-refresh';
import { BOOKKEEPING_ACTIVITY_OPTIONS, STANDARD_MAXIMUM_ATTEMPTS } from '../contract/activity-options';

const runs = proxyActivities<ReturnType<typeof createRunActivities>>(BOOKKEEPING_ACTIVITY_OPTIONS);
const pipeline = proxyActivities<ReturnType<typeof createPipelineActivities>>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: STANDARD_MAXIMUM_ATTEMPTS } });
/** The segments feature's run documents (its activities register under this name). */
const segments = proxyActivities<{ prepareSegmentRefreshRun(input: { segmentId: string; trigger: 'pipeline' }): Promise<string> }>(BOOKKEEPING_ACTIVITY_OPTIONS);

const JOIN_POLL_MS = 5_000;
const ACTIVE = ['queued', 'running', 'paused'];

/** What every step shares: the connection, the pipeline run it belongs to, the admin sync's mode. */
export interface StepContext {
  connectionId: string;
  pipelineRunId: string;
  mode?: SyncMode;
}

export interface StepOutcome {
  /** The run the step ended with: its own, or the one it followed when the same work was already running. */
  runId: string;
  status: 'succeeded' | 'failed' | 'cancelled';
  error: string | null;
}

/** The step's run document, prepared before its child starts so the run page links it while it runs. */
export function prepareStepRun(target: StepTarget, ctx: StepContext): Promise<string> {
  const { connectionId, pipelineRunId } = ctx;
  switch (target.kind) {
    case 'crm-admin-sync': return pipeline.preparePipelineStepRun({ pipelineRunId, connectionId, kind: 'crm-admin-sync', mode: ctx.mode });
    case 'list-maintenance': return pipeline.preparePipelineProgramRun({ pipelineRunId, programId: target.programId });
    case 'list-sync': return pipeline.preparePipelineStepRun({ pipelineRunId, connectionId, kind: 'list-sync', listId: target.listId });
    case 'segment-refresh': return segments.prepareSegmentRefreshRun({ segmentId: target.segmentId, trigger: 'pipeline' });
  }
}

type ChildOptions = { workflowId: string; memo: { runId: string }; parentClosePolicy: ParentClosePolicy; workflowIdReusePolicy: 'ALLOW_DUPLICATE' };

/** Runs the step's child workflow on its prepared run and reports how it ended. */
export function runStepChild(target: StepTarget, ctx: StepContext, runId: string): Promise<StepOutcome> {
  const { connectionId } = ctx;
  switch (target.kind) {
    case 'crm-admin-sync':
      return followChild(crmAdminSyncWorkflowId(connectionId), runId, (o) => startChild(crmAdminSync, { ...o, args: [{ connectionId, runId, mode: ctx.mode ?? 'incremental' }] }));
    case 'list-maintenance':
      return followChild(listMaintenanceWorkflowId(target.programId), runId, (o) => startChild(listMaintenance, { ...o, args: [{ programId: target.programId, runId }] }));
    case 'list-sync':
      // The pipeline has just run the admin sync: the list sync need not check freshness again.
      return followChild(listSyncWorkflowId(target.listId), runId, (o) => startChild(listSync, { ...o, args: [{ listId: target.listId, runId, mode: 'sync', crmDataFresh: true }] }));
    case 'segment-refresh':
      return followChild(segmentRefreshChildWorkflowId(target.segmentId), runId, (o) => startChild(segmentRefresh, { ...o, args: [{ segmentId: target.segmentId, runId }] }));
  }
}

/**
 * Runs one step as a child workflow under the step's own workflow id, so it never overlaps a run
 * of the same work started elsewhere: when one is running, the step follows that run instead.
 * The outcome is read from the run document, which the child keeps.
 */
async function followChild(workflowId: string, runId: string, start: (options: ChildOptions) => Promise<{ result(): Promise<unknown> }>): Promise<StepOutcome> {
  let followed = runId;
  try {
    const child = await start({ workflowId, memo: { runId }, parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL, workflowIdReusePolicy: 'ALLOW_DUPLICATE' });
    await child.result();
  } catch (err) {
    // The pipeline itself was cancelled: stop here. A step cancelled on its own is just a step that did not succeed.
    if (isCancellation(err) && CancellationScope.current().consideredCancelled) throw err;
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      await runs.discardQueuedRun({ runId });
      followed = (await pipeline.activeRunOf({ workflowId })) ?? runId;
      for (;;) {
        const outcome = await pipeline.runOutcome({ runId: followed });
        if (!ACTIVE.includes(outcome.status)) break;
        await sleep(JOIN_POLL_MS);
      }
    } else if (!(err instanceof ChildWorkflowFailure) && !isCancellation(err)) {
      throw err;
    }
  }
  const outcome = await pipeline.runOutcome({ runId: followed });
  const status = outcome.status === 'succeeded' ? 'succeeded' : outcome.status === 'cancelled' ? 'cancelled' : 'failed';
  return { runId: followed, status, error: outcome.error };
}

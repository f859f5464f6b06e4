import type { CrmAdminSyncInput, ListSyncInput, SegmentRefreshInput, SyncPipelineInput } from './index';

/**
 * The work whose triggers promise a run that starts reading after the trigger: a trigger that comes
 * once the running run has started reading is queued behind it as one follow-up run (at most one,
 * like a schedule's buffer-one), which the running run's workflow continues into when it ends.
 */
export interface FollowUpInputs {
  crmAdminSync: CrmAdminSyncInput;
  listSync: ListSyncInput;
  segmentRefresh: SegmentRefreshInput;
  syncPipeline: SyncPipelineInput;
}
export type FollowUpWorkflow = keyof FollowUpInputs;

export const FOLLOW_UP_WORKFLOWS: readonly FollowUpWorkflow[] = ['crmAdminSync', 'listSync', 'segmentRefresh', 'syncPipeline'];

export function takesFollowUps(workflowType: string): workflowType is FollowUpWorkflow {
  return (FOLLOW_UP_WORKFLOWS as readonly string[]).includes(workflowType);
}

/** A follow-up queued behind a run: its own run id and the workflow input its trigger built. */
export type FollowUp = { [W in FollowUpWorkflow]: { workflowType: W; runId: string; input: FollowUpInputs[W] } }[FollowUpWorkflow];

/** The patch (workflow `patched()`) under which the four workflows take their follow-up when they end. */
export const FOLLOW_UP_PATCH = 'run-follow-up';

/** What a follow-up run that was never started says when the run it was queued behind was cancelled. */
export const FOLLOW_UP_CANCELLED_MESSAGE = 'Cancelled with the run it was queued behind';

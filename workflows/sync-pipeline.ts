import { ApplicationFailure, CancellationScope, ContinueAsNew, isCancellation, makeContinueAsNewFunc, proxyActivities } from '@temporalio/workflow';
import type { createPipelineActivities } from '../activities/pipeline';
import type { createRunActivities } from '../activities/runs';
import type { PipelineStep, SyncPipelineInput } from '../contract';
import type { FollowUp } from '../contract/follow-ups';
import {
  cancelUnfinished,
  failureSummary,
  markBlocked,
  markFinished,
  markRunning,
  pendingStepsOf,
  planPipelineSteps,
  readinessOf,
  recordedSteps,
  type PipelineDag,
  type PlannedStep,
} from '../domain/pipeline/plan';
import { describeFailure } from './failure-message';
import { cancelFollowUp, takeFollowUp } from './follow-up';
import { prepareStepRun, runStepChild, type StepContext } from './pipeline-steps';
import { BOOKKEEPING_ACTIVITY_OPTIONS, PIPELINE_STEP_FAILED_FAILURE, STANDARD_MAXIMUM_ATTEMPTS } from '../contract/activity-options';

const runs = proxyActivities<ReturnType<typeof createRunActivities>>(BOOKKEEPING_ACTIVITY_OPTIONS);
const pipeline = proxyActivities<ReturnType<typeof createPipelineActivities>>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: STANDARD_MAXIMUM_ATTEMPTS } });

const DEFAULT_LIST_CONCURRENCY = 3;

/** Runs `work` over the items one after the other. */
async function inOrder<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  for (const item of items) await work(item);
}

/** Runs `work` over the items, at most `limit` at a time (deterministic: items are taken in order). */
async function inPool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}

/**
 * The ordered pipeline of a connection (README, "The ordered pipeline"): CRM Administration sync →
 * list-maintenance programs → list syncs (pull, then push; several side by side) → refreshes of the
 * segments of the synced lists. domain/pipeline/plan.ts decides what depends on what and what a
 * failure blocks; this workflow runs the steps as child workflows and records the DAG in the run.
 *
 * Running executions replay this code: the activities and children it schedules, and their order
 * for the same plan, must stay as they are (a change needs patched()).
 */
export async function syncPipeline(input: SyncPipelineInput): Promise<{ runId: string; steps: PipelineStep[] }> {
  const { connectionId, runId } = input;
  const ctx: StepContext = { connectionId, pipelineRunId: runId, mode: input.mode };
  let dag: PipelineDag = { steps: [], carriedOver: new Set() };
  const record = () => pipeline.recordPipelineSteps({ runId, steps: recordedSteps(dag) });

  /** A step runs when what it depends on is done; otherwise it is blocked, and says by what. */
  async function runOrBlock(step: PlannedStep): Promise<void> {
    const readiness = readinessOf(dag, step);
    if (!readiness.ready) return markBlocked(step, readiness.unmet);
    markRunning(step, await prepareStepRun(step.target, ctx));
    await record();
    markFinished(step, await runStepChild(step.target, ctx, step.runId as string));
    await record();
  }

  try {
    await runs.markRunRunning(runId);
    dag = planPipelineSteps(await pipeline.planPipeline({ connectionId }), input.onlySteps);
    await record();
    await inOrder(pendingStepsOf(dag, 'crm-admin-sync'), runOrBlock);
    // Programs of different lists are independent; they run one after the other, in name order.
    await inOrder(pendingStepsOf(dag, 'list-maintenance'), runOrBlock);
    await record();
    await inPool(pendingStepsOf(dag, 'list-sync'), input.listConcurrency ?? DEFAULT_LIST_CONCURRENCY, runOrBlock);
    await record();
    // Every segment of a synced list is refreshed: a segment also reads CRM data (accounts,
    // opportunities) that the admin sync may have changed even when the list's membership did not.
    await inOrder(pendingStepsOf(dag, 'segment-refresh'), runOrBlock);
    await record();

    const summary = failureSummary(dag);
    if (summary) {
      await runs.markRunFailed(runId, summary, PIPELINE_STEP_FAILED_FAILURE);
      throw ApplicationFailure.create({ type: PIPELINE_STEP_FAILED_FAILURE, message: summary, nonRetryable: true });
    }
    const next = await takeFollowUp(runId);
    await runs.markRunSucceeded(runId);
    await continueIntoFollowUp(next);
    return { runId, steps: recordedSteps(dag) };
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(async () => {
        cancelUnfinished(dag);
        await record();
        await runs.markRunCancelled(runId);
        await cancelFollowUp(runId);
      });
    } else {
      if (!(err instanceof ApplicationFailure && err.type === PIPELINE_STEP_FAILED_FAILURE)) await runs.markRunFailed(runId, describeFailure(err));
      await continueIntoFollowUp(await takeFollowUp(runId));
    }
    throw err;
  }
}

/** A trigger queued a follow-up behind this run: it starts now, in this workflow's place. */
async function continueIntoFollowUp(next: FollowUp | null): Promise<void> {
  if (next?.workflowType === 'syncPipeline') await makeContinueAsNewFunc<typeof syncPipeline>({ memo: { runId: next.runId } })(next.input);
}

import { CancellationScope, isCancellation, proxyActivities } from '@temporalio/workflow';
import type { createProgramActivities } from '../activities/programs';
import type { createRunActivities } from '../activities/runs';
import { PROGRAM_NOT_FOUND_FAILURE, type ListMaintenanceInput, type ListMaintenanceResult, type ProgramStepResult } from '../contract/programs';
import { describeFailure } from './failure-message';
import { BACKOFF_RETRY, BOOKKEEPING_ACTIVITY_OPTIONS, STANDARD_MAXIMUM_ATTEMPTS } from '../contract/activity-options';

const runs = proxyActivities<ReturnType<typeof createRunActivities>>(BOOKKEEPING_ACTIVITY_OPTIONS);

const programs = proxyActivities<ReturnType<typeof createProgramActivities>>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '30 seconds',
  retry: { ...BACKOFF_RETRY, nonRetryableErrorTypes: [PROGRAM_NOT_FOUND_FAILURE] },
});

/** The scoring feature's recompute for one list (its activities register under this name). */
const scoring = proxyActivities<{ scoreMembersOfList(input: { listId: string }): Promise<unknown> }>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '1 minute',
  retry: { maximumAttempts: STANDARD_MAXIMUM_ATTEMPTS },
});

/**
 * A list-maintenance program: its steps in order over the list's members. Each step pages through
 * the members inside one activity and returns counts, so history stays a few events per step
 * whatever the list's size. Writing the behavioural score first brings the list's scores up to date.
 */
export async function listMaintenance({ programId, runId }: ListMaintenanceInput): Promise<ListMaintenanceResult> {
  try {
    await runs.markRunRunning(runId);
    const plan = await programs.loadProgramPlan({ programId });
    const results: ProgramStepResult[] = [];
    for (const [index, step] of plan.steps.entries()) {
      if (step.kind === 'change_field' && step.set.kind === 'behavior_score') await scoring.scoreMembersOfList({ listId: plan.listId });
      const result = await programs.runProgramStep({ programId, runId, listId: plan.listId, index, step });
      await programs.recordProgramStep({ runId, result });
      results.push(result);
    }
    await runs.markRunSucceeded(runId);
    return { runId, steps: results };
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() => runs.markRunCancelled(runId));
      throw err;
    }
    await runs.markRunFailed(runId, describeFailure(err));
    throw err;
  }
}

import { CancellationScope, isCancellation, proxyActivities } from '@temporalio/workflow';
import type { createRunActivities } from '../activities/runs';
import type { createScoringActivities } from '../activities/scoring';
import type { RecomputeScoresInput, RecomputeScoresResult } from '../contract/scoring';
import { describeFailure } from './failure-message';
import { BACKOFF_RETRY, BOOKKEEPING_ACTIVITY_OPTIONS } from '../contract/activity-options';

const runs = proxyActivities<ReturnType<typeof createRunActivities>>(BOOKKEEPING_ACTIVITY_OPTIONS);

const scoring = proxyActivities<ReturnType<typeof createScoringActivities>>({
  startToCloseTimeout: '4 hours',
  heartbeatTimeout: '1 minute',
  retry: BACKOFF_RETRY,
});

/** Rules saved during every pass would keep the run alive forever; after this many it stops and the next save starts a new one. */
const MAX_PASSES = 5;

/**
 * Recomputes every list member's behavioural score under the current scoring rules. A rules change
 * while this runs joins it (same workflow id) instead of starting a second one, so after each pass
 * the workflow looks whether the rules changed meanwhile and, if so, scores again with the new ones.
 */
export async function recomputeScores(input: RecomputeScoresInput): Promise<RecomputeScoresResult> {
  const { runId } = input;
  const total = { passes: 0, scanned: 0, changed: 0 };
  try {
    await runs.markRunRunning(runId);
    for (;;) {
      const pass = await scoring.recomputeAllScores({ runId });
      total.passes += 1;
      total.scanned += pass.scanned;
      total.changed += pass.changed;
      if (total.passes >= MAX_PASSES || (await scoring.currentScoringRulesVersion()) === pass.rulesVersion) break;
    }
    await scoring.recordScoreRecompute({ runId, ...total });
    await runs.markRunSucceeded(runId);
    return { runId, ...total };
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() => runs.markRunCancelled(runId));
    } else {
      await runs.markRunFailed(runId, describeFailure(err));
    }
    throw err;
  }
}

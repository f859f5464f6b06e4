import { CancellationScope, ContinueAsNew, isCancellation, makeContinueAsNewFunc, proxyActivities } from '@temporalio/workflow';
import type { createRunActivities } from '../activities/runs';
import type { createSegmentActivities } from '../activities/segments';
import { SEGMENT_NOT_FOUND_FAILURE, SEGMENT_QUERY_INVALID_FAILURE, type SegmentRefreshInput, type SegmentRefreshResult } from '../contract';
import { describeFailure } from './failure-message';
import { cancelFollowUp, takeFollowUp } from './follow-up';
import { BACKOFF_RETRY, BOOKKEEPING_ACTIVITY_OPTIONS } from '../contract/activity-options';
import type { FollowUp } from '../contract/follow-ups';

const runs = proxyActivities<ReturnType<typeof createRunActivities>>(BOOKKEEPING_ACTIVITY_OPTIONS);

/**
 * Ten tries over about four minutes, like the list syncs': a database restart can leave the driver
 * refusing every operation for 60 s until the healer reopens the connection
 * (domain/db/stuck-connection-healer.ts); five tries (15 s) do not outlast a FerretDB restart.
 */
const segments = proxyActivities<ReturnType<typeof createSegmentActivities>>({
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '30 seconds',
  retry: { ...BACKOFF_RETRY, nonRetryableErrorTypes: [SEGMENT_NOT_FOUND_FAILURE, SEGMENT_QUERY_INVALID_FAILURE] },
});

/**
 * A segment refresh: evaluate the saved query on the stored CRM data and list members, store the
 * members, and record who joined and left. The members never pass through the workflow; one
 * activity reads and writes them in MongoDB and returns counts. The workflow id (one per segment)
 * keeps two refreshes of a segment from overlapping.
 */
export async function segmentRefresh(input: SegmentRefreshInput): Promise<SegmentRefreshResult> {
  const { runId } = input;
  try {
    await runs.markRunRunning(runId);
    const result = await segments.refreshSegmentMembers(input);
    const next = await takeFollowUp(runId);
    await runs.markRunSucceeded(runId);
    await continueIntoFollowUp(next);
    return result;
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(async () => {
        await runs.markRunCancelled(runId);
        await cancelFollowUp(runId);
      });
    } else {
      await runs.markRunFailed(runId, describeFailure(err));
      await continueIntoFollowUp(await takeFollowUp(runId));
    }
    throw err;
  }
}

/** A trigger queued a follow-up behind this run: it starts now, in this workflow's place. */
async function continueIntoFollowUp(next: FollowUp | null): Promise<void> {
  if (next?.workflowType === 'segmentRefresh') await makeContinueAsNewFunc<typeof segmentRefresh>({ memo: { runId: next.runId } })(next.input);
}

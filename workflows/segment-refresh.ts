import { CancellationScope, isCancellation, proxyActivities } from '@temporalio/workflow';
import type { createRunActivities } from '../activities/runs';
import type { createSegmentActivities } from '../activities/segments';
import { SEGMENT_NOT_FOUND_FAILURE, SEGMENT_QUERY_INVALID_FAILURE, type SegmentRefreshInput, type SegmentRefreshResult } from '../contract';
import { describeFailure } from './failure-message';
import { BACKOFF_RETRY, BOOKKEEPING_ACTIVITY_OPTIONS } from '../contract/activity-options';

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
    await runs.markRunSucceeded(runId);
    return result;
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() => runs.markRunCancelled(runId));
    } else {
      await runs.markRunFailed(runId, describeFailure(err));
    }
    throw err;
  }
}

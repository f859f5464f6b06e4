import { CancellationScope, isCancellation, proxyActivities } from '@temporalio/workflow';
import type { createRunActivities } from '../activities/runs';
import type { createSegmentActivities } from '../activities/segments';
import { SEGMENT_NOT_FOUND_FAILURE, SEGMENT_QUERY_INVALID_FAILURE, type SegmentRefreshInput, type SegmentRefreshResult } from '../contract';
import { describeFailure } from './failure-message';

const runs = proxyActivities<ReturnType<typeof createRunActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 10 },
});

/**
 * Ten tries over about four minutes, like the list syncs': a database restart can leave the driver
 * refusing every operation for 60 s until the healer reopens the connection
 * (domain/db/stuck-connection-healer.ts); five tries (15 s) do not outlast a FerretDB restart.
 */
const segments = proxyActivities<ReturnType<typeof createSegmentActivities>>({
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10, nonRetryableErrorTypes: [SEGMENT_NOT_FOUND_FAILURE, SEGMENT_QUERY_INVALID_FAILURE] },
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

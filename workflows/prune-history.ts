import { proxyActivities } from '@temporalio/workflow';
import type { createRetentionActivities } from '../activities/retention';
import type { RetentionPolicy, RetentionResult } from '../contract/retention';

/** A pass may take minutes on a large history; a heartbeat comes after every segment, list and run. */
const retention = proxyActivities<ReturnType<typeof createRetentionActivities>>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '2 minutes',
  retry: { maximumAttempts: 3 },
});

/** Started daily by the retention schedule: keeps membership changes and runs within the installation's retention. */
export async function pruneHistory(policy: RetentionPolicy): Promise<RetentionResult> {
  return retention.pruneHistory(policy);
}

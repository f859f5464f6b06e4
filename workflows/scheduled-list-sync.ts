import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createListActivities } from '../activities/lists';
import { listSyncWorkflowId, type ScheduledListSyncInput } from '../contract';
import { listSync } from './list-sync';
import type { createRunActivities } from '../activities/runs';

const lists = proxyActivities<ReturnType<typeof createListActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 10 },
});
const runs = proxyActivities<ReturnType<typeof createRunActivities>>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 10 } });

/**
 * What a list's Temporal Schedule starts: the list sync under the list's own workflow id, so a
 * scheduled sync and one triggered by hand never run at once (the schedule's ids carry a
 * timestamp and could not guard that). When a sync of the list is already running, this tick has
 * nothing to do. It waits for the sync, so the schedule's overlap policy sees it as running.
 */
export async function scheduledListSync({ listId }: ScheduledListSyncInput): Promise<{ runId: string | null; joined: boolean }> {
  const runId = await lists.prepareScheduledListRun({ listId });
  if (!runId) return { runId: null, joined: false };
  let child;
  try {
    child = await startChild(listSync, {
      workflowId: listSyncWorkflowId(listId),
      args: [{ listId, runId, mode: 'sync' }],
      memo: { runId },
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    await runs.discardQueuedRun({ runId });
    return { runId: null, joined: true };
  }
  await child.result();
  return { runId, joined: false };
}

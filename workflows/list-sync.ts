import {
  ApplicationFailure,
  CancellationScope,
  ContinueAsNew,
  isCancellation,
  makeContinueAsNewFunc,
  ParentClosePolicy,
  proxyActivities,
  sleep,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createListActivities } from '../activities/lists';
import type { createRunActivities } from '../activities/runs';
import { CRM_DATA_STALE_FAILURE, crmAdminSyncWorkflowId, LIST_NOT_FOUND_FAILURE, type ListSyncInput, type ListSyncResult } from '../contract';
import { crmAdminSync } from './crm-admin-sync';
import { describeFailure } from './failure-message';
import { cancelFollowUp, takeFollowUp } from './follow-up';
import { BACKOFF_RETRY, BOOKKEEPING_ACTIVITY_OPTIONS } from '../contract/activity-options';
import type { FollowUp } from '../contract/follow-ups';

const runs = proxyActivities<ReturnType<typeof createRunActivities>>(BOOKKEEPING_ACTIVITY_OPTIONS);

const lists = proxyActivities<ReturnType<typeof createListActivities>>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '30 seconds',
  retry: { ...BACKOFF_RETRY, nonRetryableErrorTypes: [LIST_NOT_FOUND_FAILURE] },
});

/** How often a list sync looks again while a CRM Administration sync it waits for is running. */
const WAIT_STEPS_MS = [2_000, 5_000, 15_000, 30_000, 60_000];
/** Start-or-join attempts before a list sync gives up on getting fresh CRM data. */
const FRESHNESS_ROUNDS = 4;

/**
 * A list import, sync or push retry: make sure the local CRM copy is fresh (run the CRM
 * Administration sync first, or wait for the one running), pull membership and fields from it,
 * then push changed values to the CRM. Members never pass through the workflow; activities page
 * through them in MongoDB and return counts.
 */
export async function listSync(input: ListSyncInput): Promise<ListSyncResult> {
  const { listId, runId } = input;

  /** The list sync never reads stale data: it runs the admin sync first, or waits for the one in progress. */
  async function ensureFreshCrmData(): Promise<string | null> {
    for (let round = 0; round < FRESHNESS_ROUNDS; round++) {
      let freshness = await lists.checkListDataFreshness({ listId });
      if (freshness.fresh) return freshness.dataAsOf;
      if (freshness.adminSyncActive) {
        await lists.noteListRunWaiting({ runId, reason: 'waiting for the CRM Administration sync in progress' });
        for (let wait = 0; freshness.adminSyncActive; wait++) {
          await sleep(WAIT_STEPS_MS[Math.min(wait, WAIT_STEPS_MS.length - 1)]);
          freshness = await lists.checkListDataFreshness({ listId });
        }
        if (freshness.fresh) return freshness.dataAsOf;
      }
      const adminRunId = await lists.createAdminSyncRunForList({ listId, listRunId: runId });
      await lists.noteListRunWaiting({ runId, reason: 'running the CRM Administration sync first: the CRM data is older than the list allows' });
      let child;
      try {
        const connectionId = freshness.connectionId;
        // The admin sync is useful to everyone: cancelling this list sync must not cancel it. A child
        // started in a cancellable scope is cancelled with its parent whatever its close policy, so
        // it is started outside of it (and abandoned, not terminated, when this sync ends).
        child = await CancellationScope.nonCancellable(() =>
          startChild(crmAdminSync, {
            workflowId: crmAdminSyncWorkflowId(connectionId),
            args: [{ connectionId, runId: adminRunId, mode: 'incremental' }],
            memo: { runId: adminRunId },
            parentClosePolicy: ParentClosePolicy.ABANDON,
            workflowIdReusePolicy: 'ALLOW_DUPLICATE',
          }),
        );
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        // Someone started one between our check and our start: wait for theirs on the next round.
        await runs.discardQueuedRun({ runId: adminRunId });
        continue;
      }
      try {
        await child.result();
      } catch (err) {
        if (isCancellation(err)) throw err;
        throw ApplicationFailure.create({ type: CRM_DATA_STALE_FAILURE, message: `The CRM Administration sync this list sync needs failed: ${describeFailure(err)}`, nonRetryable: true });
      }
      return (await lists.checkListDataFreshness({ listId })).dataAsOf;
    }
    throw ApplicationFailure.create({ type: CRM_DATA_STALE_FAILURE, message: 'Could not get fresh CRM data: other CRM Administration syncs kept running or failing', nonRetryable: true });
  }

  try {
    await runs.markRunRunning(runId);
    const dataAsOf =
      input.mode === 'retry-push' ? null : input.crmDataFresh ? (await lists.checkListDataFreshness({ listId })).dataAsOf : await ensureFreshCrmData();
    const pull = input.mode === 'retry-push' ? null : await lists.pullListMembers({ listId, runId, mode: input.mode === 'import' ? 'import' : 'sync' });
    const push = input.mode === 'import' ? null : await lists.pushListChanges({ listId, runId, onlyCrmIds: input.onlyCrmIds });
    await lists.finishListRun({ listId, runId, dataAsOf });
    const next = await takeFollowUp(runId);
    await runs.markRunSucceeded(runId);
    await continueIntoFollowUp(next);
    return { runId, pull, push };
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
  if (next?.workflowType === 'listSync') await makeContinueAsNewFunc<typeof listSync>({ memo: { runId: next.runId } })(next.input);
}

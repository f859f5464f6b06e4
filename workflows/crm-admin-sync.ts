import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  ContinueAsNew,
  makeContinueAsNewFunc,
  isCancellation,
  proxyActivities,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { createCrmAdminSyncActivities } from '../activities/crm-admin-sync';
import type { createRunActivities } from '../activities/runs';
import {
  API_LIMIT_FAILURE,
  AUTH_FAILURE,
  CONNECTION_NOT_FOUND_FAILURE,
  type CrmAdminSyncInput,
  type CrmAdminSyncResult,
  type ObjectPlan,
  type SyncMode,
} from '../contract';
import { describeFailure } from './failure-message';
import { cancelFollowUp, takeFollowUp } from './follow-up';
import { BOOKKEEPING_ACTIVITY_OPTIONS } from '../contract/activity-options';
import type { FollowUp } from '../contract/follow-ups';

const runs = proxyActivities<ReturnType<typeof createRunActivities>>(BOOKKEEPING_ACTIVITY_OPTIONS);

/**
 * Page batches heartbeat after every stored page and every few seconds while a CRM call is in
 * flight, so a dead worker is noticed within the heartbeat timeout and the retry resumes from the
 * last checkpoint. Credentials, a removed connection and an exhausted API quota are not retried.
 */
const sync = proxyActivities<ReturnType<typeof createCrmAdminSyncActivities>>({
  startToCloseTimeout: '20 minutes',
  heartbeatTimeout: '20 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 20,
    nonRetryableErrorTypes: [API_LIMIT_FAILURE, AUTH_FAILURE, CONNECTION_NOT_FOUND_FAILURE],
  },
});

/** Well under Temporal's 50K-event limit: a long run carries on in a fresh history. */
const HISTORY_EVENTS_BEFORE_CONTINUE = 2_000;

function failureOf(err: unknown): ApplicationFailure | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure ? cause : undefined;
}

/**
 * The CRM Administration sync of one connection: each object in order (parents first) pulled
 * full or incrementally, deletions applied, watermark moved, drift checked when due; then the
 * contact views rebuilt. Pages never pass through the workflow: activities store them and the
 * workflow only sees counts, so history stays small whatever the org size.
 */
export async function crmAdminSync(input: CrmAdminSyncInput): Promise<CrmAdminSyncResult> {
  const { runId, connectionId } = input;

  /** An exhausted API quota pauses the run at its last checkpoint; the step resumes when the quota allows. */
  async function withApiPause<T>(step: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await step();
      } catch (err) {
        if (failureOf(err)?.type !== API_LIMIT_FAILURE) throw err;
        await runs.markRunPaused(runId, describeFailure(err));
        for (;;) {
          await sleep((await sync.apiLimitPauseSeconds(connectionId)) * 1000);
          const quota = await sync.checkApiQuota({ connectionId, runId });
          if (quota.ok) break;
          await runs.markRunPaused(
            runId,
            `API limit reserve reached: ${quota.used} of ${quota.max} daily API calls used, ${quota.reservePercent} % kept in reserve; waiting for the quota to recover`,
          );
        }
        await runs.markRunRunning(runId);
      }
    }
  }

  const plans: ObjectPlan[] = input.plans ?? [];
  const finished = new Set(input.finishedObjects ?? []);
  const continueIfHistoryLong = async (): Promise<void> => {
    if (workflowInfo().historyLength < (input.continueAsNewAfterEvents ?? HISTORY_EVENTS_BEFORE_CONTINUE)) return;
    // The memo names the run document; triggers that join a running sync read it there.
    await makeContinueAsNewFunc<typeof crmAdminSync>({ memo: workflowInfo().memo })({ ...input, plans, finishedObjects: [...finished] });
  };

  async function pullAndFinish(object: string, mode: SyncMode): Promise<void> {
    for (;;) {
      const batch = await withApiPause(() => sync.pullObjectPages({ connectionId, runId, object, mode }));
      if (batch.done) break;
      await continueIfHistoryLong();
    }
    await withApiPause(() => sync.finishObjectSync({ connectionId, runId, object, mode }));
  }

  try {
    await runs.markRunRunning(runId);
    if (plans.length === 0) plans.push(...(await withApiPause(() => sync.planAdminSync(input))));
    for (const plan of plans) {
      if (finished.has(plan.object)) continue;
      await pullAndFinish(plan.object, plan.mode);
      if (plan.driftCheck) {
        const drift = await withApiPause(() => sync.checkObjectDrift({ connectionId, runId, object: plan.object }));
        if (drift.exceeded) await pullAndFinish(plan.object, 'full');
      }
      if (plan.refreshCalculated) await withApiPause(() => sync.refreshCalculatedFields({ connectionId, runId, object: plan.object }));
      finished.add(plan.object);
      await continueIfHistoryLong();
    }
    await withApiPause(() => sync.rebuildContactViews({ connectionId, runId }));
    const next = await takeFollowUp(runId);
    await runs.markRunSucceeded(runId);
    await continueIntoFollowUp(next);
    return { runId, objects: plans.length };
  } catch (err) {
    // Continuing as new is not an ending: the run goes on in a fresh history (or its follow-up starts).
    if (err instanceof ContinueAsNew) throw err;
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(async () => {
        await runs.markRunCancelled(runId);
        await cancelFollowUp(runId);
      });
    } else {
      await runs.markRunFailed(runId, describeFailure(err), failureOf(err)?.type ?? undefined);
      await continueIntoFollowUp(await takeFollowUp(runId));
    }
    throw err;
  }
}

/** A trigger queued a follow-up behind this run: it starts now, in this workflow's place. */
async function continueIntoFollowUp(next: FollowUp | null): Promise<void> {
  if (next?.workflowType === 'crmAdminSync') await makeContinueAsNewFunc<typeof crmAdminSync>({ memo: { runId: next.runId } })(next.input);
}

import { patched, proxyActivities } from '@temporalio/workflow';
import type { createRunActivities } from '../activities/runs';
import { BOOKKEEPING_ACTIVITY_OPTIONS } from '../contract/activity-options';
import { FOLLOW_UP_PATCH, type FollowUp } from '../contract/follow-ups';

const runs = proxyActivities<ReturnType<typeof createRunActivities>>(BOOKKEEPING_ACTIVITY_OPTIONS);

/**
 * The run's work is over (done or failed): its follow-up slot closes, and the follow-up a later
 * trigger queued there, if any, is what the workflow continues as new into, under the same workflow
 * id, so the follow-up never overlaps this run and no trigger can start beside it. Executions that
 * passed this point before the patch existed replay without it.
 */
export async function takeFollowUp(runId: string): Promise<FollowUp | null> {
  if (!patched(FOLLOW_UP_PATCH)) return null;
  return runs.closeRunToFollowUps({ runId });
}

/** A cancelled run takes its queued follow-up down with it (the follow-up's run says so). */
export async function cancelFollowUp(runId: string): Promise<void> {
  if (!patched(FOLLOW_UP_PATCH)) return;
  await runs.closeRunToFollowUps({ runId, cancelled: true });
}

import type { FollowUp, FollowUpWorkflow } from '../../contract/follow-ups';
import { FOLLOW_UP_CANCELLED_MESSAGE } from '../../contract/follow-ups';
import type { Models } from '../models';
import { minuteOf } from './run-status';

type FollowUpModels = Pick<Models, 'Run' | 'RunFollowUp'>;

function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: number };
  return e.code === 11000;
}

/** True once the run began reading (the CRM or the data it works on): a trigger after that is too late to join it. */
export async function hasStartedReading(models: Pick<Models, 'Run'>, runId: string): Promise<boolean> {
  const run = await models.Run.findById(runId, { readingStartedAt: 1 }).lean();
  return !!run?.readingStartedAt;
}

export type FollowUpRequest = { queued: true; followUpRunId: string } | { queued: false };

/**
 * Queues `followUpRunId` behind a running run, or answers the follow-up already queued there (the
 * twentieth trigger gets the first one's run). `{ queued: false }` when the running run has closed
 * its slot: it is ending, and the caller starts anew once its execution closes. The slot is claimed
 * by inserting under the running run's id, so concurrent triggers cannot both win; the run documents
 * are linked afterwards, for the run pages only.
 */
export async function requestFollowUp(
  models: FollowUpModels,
  request: { runningRunId: string; followUpRunId: string; workflowType: FollowUpWorkflow; input: unknown },
): Promise<FollowUpRequest> {
  try {
    await models.RunFollowUp.create({ _id: request.runningRunId, followUpRunId: request.followUpRunId, workflowType: request.workflowType, input: request.input, requestedAt: new Date(), closedAt: null });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const slot = await models.RunFollowUp.findById(request.runningRunId, { followUpRunId: 1 }).lean();
    return slot?.followUpRunId ? { queued: true, followUpRunId: slot.followUpRunId } : { queued: false };
  }
  await models.Run.updateOne({ _id: request.followUpRunId }, { $set: { queuedBehind: request.runningRunId } });
  await models.Run.updateOne({ _id: request.runningRunId }, { $set: { followUpRunId: request.followUpRunId } });
  return { queued: true, followUpRunId: request.followUpRunId };
}

/**
 * Closes a run's follow-up slot as its work ends and answers the follow-up queued there, if any (the
 * workflow then continues into it). Idempotent: a retried attempt reads the same answer. When the
 * run was cancelled, the follow-up never starts and its run document says why.
 */
export async function closeRunToFollowUps(models: FollowUpModels, runId: string, options: { cancelled?: boolean } = {}): Promise<FollowUp | null> {
  try {
    await models.RunFollowUp.create({ _id: runId, followUpRunId: null, workflowType: null, input: null, requestedAt: null, closedAt: new Date() });
    return null;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const slot = await models.RunFollowUp.findById(runId).lean();
  if (!slot?.followUpRunId || !slot.workflowType) return null;
  if (!slot.closedAt) await models.RunFollowUp.updateOne({ _id: runId }, { $set: { closedAt: new Date() } });
  if (options.cancelled) {
    const finishedAt = new Date();
    await models.Run.updateOne(
      { _id: slot.followUpRunId, status: 'queued' },
      { $set: { status: 'cancelled', finishedAt, finishedMinute: minuteOf(finishedAt), error: { message: FOLLOW_UP_CANCELLED_MESSAGE } } },
    );
    return null;
  }
  return { workflowType: slot.workflowType, runId: slot.followUpRunId, input: slot.input } as FollowUp;
}

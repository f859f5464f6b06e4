import type { ListPullResult, ListPushResult } from '../../contract';
import type { Models } from '../models';
import type { ListRunCounts, RunProgress } from './run-shapes';

type RunModels = Pick<Models, 'Run'>;

export async function recordListPull(models: RunModels, runId: string, result: ListPullResult): Promise<void> {
  await models.Run.updateOne({ _id: runId }, { $set: { 'counts.pull': result } });
}

export async function recordListPush(models: RunModels, runId: string, result: ListPushResult): Promise<void> {
  await models.Run.updateOne({ _id: runId }, { $set: { 'counts.push': result } });
}

/**
 * The records of one push chunk about to be written, noted before the write: a retried attempt
 * reads them back (see activities/lists/push-in-flight.ts) to learn whether the write landed.
 */
export async function notePushInFlight(models: RunModels, runId: string, note: object): Promise<void> {
  await models.Run.updateOne({ _id: runId }, { $set: { 'checkpoints.push': note } });
}

/** A bulk job of the in-flight chunk, noted before its records are uploaded. */
export async function notePushBulkJob(models: RunModels, runId: string, jobId: string): Promise<void> {
  await models.Run.updateOne({ _id: runId }, { $push: { 'checkpoints.push.bulkJobIds': jobId } });
}

/** A chunk written: its in-flight note goes, and the push's tally and progress move on in the same write. */
export async function recordPushChunk(models: RunModels, runId: string, result: ListPushResult, progress: RunProgress): Promise<void> {
  await models.Run.updateOne({ _id: runId }, { $unset: { 'checkpoints.push': 1 }, $set: { 'counts.push': result, progress } });
}

/** What an earlier attempt of a push left: its in-flight chunk, if any, and its tally so far. */
export async function storedPushState<InFlight>(models: RunModels, runId: string): Promise<{ inFlight?: InFlight; earlier?: ListPushResult }> {
  const run = await models.Run.findById(runId, { checkpoints: 1, counts: 1 }).lean();
  return { inFlight: (run?.checkpoints as { push?: InFlight } | undefined)?.push, earlier: (run?.counts as ListRunCounts | undefined)?.push };
}

/** A list run is over its work: no progress line, and the time of the CRM data it read. */
export async function recordListRunFinished(models: RunModels, runId: string, dataAsOf: string | null): Promise<void> {
  await models.Run.updateOne({ _id: runId }, { $set: { progress: null, ...(dataAsOf ? { 'counts.dataAsOf': dataAsOf } : {}) } });
}

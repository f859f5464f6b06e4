import type { Models } from '../models';
import type { RunKind } from '../models/run';
import type { RunOptions } from './run-shapes';

export type RunTrigger = 'manual' | 'schedule' | 'pipeline' | 'retry';

/** A run about to start, of one kind, with that kind's options. */
export interface NewRun<K extends RunKind> {
  kind: K;
  connectionId: unknown;
  workflowId: string;
  trigger: RunTrigger;
  triggeredBy?: string;
  listId?: unknown;
  segmentId?: unknown;
  options: RunOptions<K>;
}

/**
 * Prepares the run document of work about to start, as `queued`: every trigger (the API, a
 * schedule, the pipeline) has a run id to show at once, and the workflow only fills it in.
 */
export async function prepareRun<K extends RunKind>(models: Pick<Models, 'Run'>, run: NewRun<K>): Promise<string> {
  const created = await models.Run.create({
    kind: run.kind,
    status: 'queued',
    connectionId: run.connectionId,
    ...(run.listId ? { listId: run.listId } : {}),
    ...(run.segmentId ? { segmentId: run.segmentId } : {}),
    workflowId: run.workflowId,
    trigger: run.trigger,
    triggeredBy: run.triggeredBy,
    options: run.options,
  });
  return String(created._id);
}

/** A run started by "retry" of an earlier one says so (its options were written before the retry was known). */
export async function linkRetriedRun(models: Pick<Models, 'Run'>, runId: string, retryOf: string): Promise<void> {
  await models.Run.updateOne({ _id: runId }, { $set: { 'options.retryOf': retryOf } });
}

/** A list run that had to start a CRM Administration sync first links to that sync's run. */
export async function linkAdminSyncRun(models: Pick<Models, 'Run'>, listRunId: string, adminSyncRunId: string): Promise<void> {
  await models.Run.updateOne({ _id: listRunId }, { $set: { 'options.adminSyncRunId': adminSyncRunId } });
}

/** A prepared run document that never started (the same work was already running): nothing to keep. */
export async function discardQueuedRun(models: Pick<Models, 'Run'>, runId: string): Promise<void> {
  await models.Run.deleteOne({ _id: runId, status: 'queued' });
}

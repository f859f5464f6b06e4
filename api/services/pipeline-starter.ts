import type { Client } from '@temporalio/client';
import { Types } from 'mongoose';
import type { Models } from '../../domain/models';
import { syncPipelineWorkflowId, type SyncMode, type SyncPipelineInput } from '../../contract';
import { NotFoundError } from '../http-errors';
import type { StartedRun } from './run-starter';
import { startOrJoin } from './start-or-join';
import { prepareRun, runCounts } from '../../domain/runs';
import { stepsToRetry } from '../../domain/pipeline/plan';

type Deps = { models: Pick<Models, 'Run' | 'RunFollowUp' | 'Connection'>; temporal: Client; taskQueue: string };

/** Starts the ordered pipeline of a connection; a trigger while one runs joins it before it reads, or queues one follow-up behind it. */
export async function startPipeline(
  deps: Deps,
  connectionId: string,
  request: { mode?: SyncMode; onlySteps?: string[]; retryOf?: string },
  who: { triggeredBy?: string; trigger?: 'manual' | 'schedule' | 'retry' } = {},
): Promise<StartedRun> {
  if (!Types.ObjectId.isValid(connectionId) || !(await deps.models.Connection.exists({ _id: connectionId }))) throw new NotFoundError(`connection ${connectionId}`);
  const workflowId = syncPipelineWorkflowId(connectionId);
  const runId = await prepareRun(deps.models, {
    kind: 'sync-pipeline',
    connectionId,
    workflowId,
    trigger: who.trigger ?? 'manual',
    triggeredBy: who.triggeredBy,
    options: { mode: request.mode ?? 'incremental', ...(request.retryOf ? { retryOf: request.retryOf, onlySteps: request.onlySteps } : {}) },
  });
  const input: SyncPipelineInput = { connectionId, runId, mode: request.mode, ...(request.onlySteps ? { onlySteps: request.onlySteps } : {}) };
  return startOrJoin(deps, { workflowType: 'syncPipeline', workflowId, taskQueue: deps.taskQueue, args: [input], runId });
}

/** The steps a retry of a pipeline run redoes: the failed and the blocked ones; finished steps are not redone. */
export async function retryPipeline(deps: Deps, runId: string, triggeredBy: string): Promise<StartedRun & { steps: string[] }> {
  const run = await deps.models.Run.findById(runId).lean();
  if (!run || run.kind !== 'sync-pipeline') throw new NotFoundError(`pipeline run ${runId}`);
  const steps = stepsToRetry(runCounts('sync-pipeline', run).steps ?? []);
  // A run that failed before recording its steps is retried whole.
  const started = await startPipeline(deps, String(run.connectionId), { onlySteps: steps.length ? steps : undefined, retryOf: runId }, { trigger: 'retry', triggeredBy });
  return { ...started, steps };
}

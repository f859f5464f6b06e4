import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createPipelineActivities } from '../activities/pipeline';
import { syncPipelineWorkflowId, type ScheduledPipelineInput } from '../contract';
import { syncPipeline } from './sync-pipeline';
import type { createRunActivities } from '../activities/runs';

const pipeline = proxyActivities<ReturnType<typeof createPipelineActivities>>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 10 } });
const runs = proxyActivities<ReturnType<typeof createRunActivities>>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 10 } });

/**
 * What a connection's Temporal Schedule starts: the pipeline under the connection's own pipeline
 * id, so a scheduled run and one started by hand never overlap; when one is running, this tick
 * has nothing to do. It waits for the pipeline, so the schedule's overlap policy sees it running.
 */
export async function scheduledPipeline({ connectionId }: ScheduledPipelineInput): Promise<{ runId: string | null }> {
  const runId = await pipeline.preparePipelineRun({ connectionId, trigger: 'schedule' });
  if (!runId) return { runId: null };
  let child;
  try {
    child = await startChild(syncPipeline, {
      workflowId: syncPipelineWorkflowId(connectionId),
      args: [{ connectionId, runId }],
      memo: { runId },
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    await runs.discardQueuedRun({ runId });
    return { runId: null };
  }
  await child.result();
  return { runId };
}

import { Types } from 'mongoose';
import type { Models } from '../../models';
import { segmentRefreshWorkflowId } from '../../../contract';
import { prepareRun } from '../../runs';

export type RefreshTrigger = 'manual' | 'schedule' | 'pipeline' | 'retry';

/**
 * The run document of a segment refresh, made before the workflow starts so every trigger (the
 * API, the pipeline) has a run id to show at once; the workflow only fills it in.
 */
export async function createSegmentRefreshRun(
  models: Pick<Models, 'Run' | 'Segment'>,
  segmentId: string,
  who: { trigger?: RefreshTrigger; triggeredBy?: string; pipelineRunId?: string } = {},
): Promise<string | null> {
  if (!Types.ObjectId.isValid(segmentId)) return null;
  const segment = await models.Segment.findById(segmentId, { listId: 1, connectionId: 1, name: 1 }).lean();
  if (!segment) return null;
  return prepareRun(models, {
    kind: 'segment-refresh',
    connectionId: segment.connectionId,
    segmentId,
    workflowId: segmentRefreshWorkflowId(segmentId),
    trigger: who.trigger ?? 'manual',
    triggeredBy: who.triggeredBy ?? (who.trigger === 'pipeline' ? 'pipeline' : undefined),
    options: { segmentName: segment.name, listId: segment.listId, ...(who.pipelineRunId ? { pipelineRunId: who.pipelineRunId } : {}) },
  });
}

import { createSegmentRefreshRun, type RefreshTrigger } from '../../domain/segments/db/refresh-run';
import { SEGMENT_NOT_FOUND_FAILURE } from '../../contract';
import { ApplicationFailure } from '@temporalio/activity';
import { createRefreshMembersActivity } from './refresh-members';
import type { SegmentDeps } from './segment-deps';

/** The activities of segment refreshes (workflows/segment-refresh.ts orders them). */
export function createSegmentActivities(deps: SegmentDeps) {
  return {
    ...createRefreshMembersActivity(deps),

    /** The run document of a refresh the pipeline starts as a child (the API's starter makes its own). */
    async prepareSegmentRefreshRun({ segmentId, trigger, pipelineRunId }: { segmentId: string; trigger?: RefreshTrigger; pipelineRunId?: string }): Promise<string> {
      const runId = await createSegmentRefreshRun(deps.models, segmentId, { trigger: trigger ?? 'pipeline', pipelineRunId });
      if (!runId) throw ApplicationFailure.create({ type: SEGMENT_NOT_FOUND_FAILURE, message: `segment ${segmentId} no longer exists`, nonRetryable: true });
      return runId;
    },
  };
}

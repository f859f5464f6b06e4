import type { Client } from '@temporalio/client';
import type { Models } from '../../domain/models';
import { createSegmentRefreshRun, type RefreshTrigger } from '../../domain/segments/db/refresh-run';
import { segmentRefreshWorkflowId, type SegmentRefreshInput } from '../../contract';
import { NotFoundError } from '../http-errors';
import type { StartedRun } from './run-starter';
import { startOrJoin } from './start-or-join';

type StarterDeps = { models: Pick<Models, 'Run' | 'RunFollowUp' | 'Segment'>; temporal: Client; taskQueue: string };

/**
 * Starts a refresh of a segment. Refreshes of one segment never overlap (the workflow id is the
 * conflict key): a trigger while one runs joins it if it has not started reading, and is otherwise
 * queued as the one follow-up behind it.
 */
export async function startSegmentRefresh(deps: StarterDeps, segmentId: string, who: { triggeredBy?: string; trigger?: RefreshTrigger } = {}): Promise<StartedRun> {
  const runId = await createSegmentRefreshRun(deps.models, segmentId, who);
  if (!runId) throw new NotFoundError(`segment ${segmentId}`);
  const workflowId = segmentRefreshWorkflowId(segmentId);
  const input: SegmentRefreshInput = { segmentId, runId };
  return startOrJoin(deps, { workflowType: 'segmentRefresh', workflowId, taskQueue: deps.taskQueue, args: [input], runId });
}

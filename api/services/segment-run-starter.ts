import type { Client } from '@temporalio/client';
import type { Models } from '../../domain/models';
import { createSegmentRefreshRun, type RefreshTrigger } from '../../domain/segments/db/refresh-run';
import { segmentRefreshWorkflowId, type SegmentRefreshInput } from '../../workflows/contract';
import { NotFoundError } from '../http-errors';
import type { StartedRun } from './run-starter';
import { startOrJoin } from './start-or-join';

type StarterDeps = { models: Pick<Models, 'Run' | 'Segment'>; temporal: Client; taskQueue: string };

/**
 * Starts a refresh of a segment. Refreshes of one segment never overlap: a trigger while one runs
 * is told that run (joined) instead of starting a second; the workflow id is the conflict key.
 */
export async function startSegmentRefresh(deps: StarterDeps, segmentId: string, who: { triggeredBy?: string; trigger?: RefreshTrigger } = {}): Promise<StartedRun> {
  const runId = await createSegmentRefreshRun(deps.models, segmentId, who);
  if (!runId) throw new NotFoundError(`segment ${segmentId}`);
  const workflowId = segmentRefreshWorkflowId(segmentId);
  const input: SegmentRefreshInput = { segmentId, runId };
  let started: { runId: string; joined: boolean };
  try {
    started = await startOrJoin(deps.temporal, { workflowType: 'segmentRefresh', workflowId, taskQueue: deps.taskQueue, args: [input], runId }, async () => {
      const active = await deps.models.Run.findOne({ workflowId, status: { $in: ['queued', 'running', 'paused'] }, _id: { $ne: runId } }, { _id: 1 }).sort({ createdAt: 1 }).lean();
      return active ? String(active._id) : undefined;
    });
  } catch (err) {
    await deps.models.Run.deleteOne({ _id: runId });
    throw err;
  }
  if (started.joined) await deps.models.Run.deleteOne({ _id: runId });
  return started;
}

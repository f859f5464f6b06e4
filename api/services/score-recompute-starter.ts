import type { Client } from '@temporalio/client';
import type { Models } from '../../domain/models';
import { recomputeScoresWorkflowId, type RecomputeScoresInput } from '../../contract/scoring';
import { presentRun } from '../presenters/run-json';
import { startOrJoin } from './start-or-join';
import { prepareRun } from '../../domain/runs';

type StarterDeps = { models: Pick<Models, 'Run' | 'RunFollowUp' | 'Connection'>; temporal: Client; taskQueue: string };

/**
 * Starts the recompute of every member's behavioural score, or joins the one running (it scores
 * again with the newest rules when they changed during its pass). Runs require a connectionId
 * and scores span every connection, so the run is filed under the oldest connection; with no
 * connection there are no list members to score and nothing starts (null).
 */
export async function startScoreRecompute(deps: StarterDeps, who: { triggeredBy?: string } = {}): Promise<{ runId: string; joined: boolean } | null> {
  const connection = await deps.models.Connection.findOne({}, { _id: 1 }).sort({ _id: 1 }).lean();
  if (!connection) return null;
  const workflowId = recomputeScoresWorkflowId(deps.taskQueue);
  const runId = await prepareRun(deps.models, { kind: 'score-recompute', connectionId: connection._id, workflowId, trigger: 'manual', triggeredBy: who.triggeredBy, options: {} });
  const input: RecomputeScoresInput = { runId };
  return startOrJoin(deps, { workflowType: 'recomputeScores', workflowId, taskQueue: deps.taskQueue, args: [input], runId });
}

/** The newest score recompute run, as the runs API shows it, or null before the first (the database is the installation's own). */
export async function lastScoreRecompute(models: Pick<Models, 'Run'>) {
  const run = await models.Run.findOne({ kind: 'score-recompute' }).sort({ createdAt: -1 }).lean();
  return run ? presentRun(run) : null;
}

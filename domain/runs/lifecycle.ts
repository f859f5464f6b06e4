import type { Models } from '../models';
import { runOptions } from './run-read';
import { minuteOf, PIPELINE_PAUSABLE_FROM, PIPELINE_RESUMABLE_FROM, pipelinePausedReason, runDurationMs } from './run-status';

type RunModels = Pick<Models, 'Run'>;

/** The pipeline run a step's run belongs to, if a pipeline started it. */
async function pipelineOf(models: RunModels, runId: string): Promise<{ pipelineRunId: string; kind: string } | null> {
  const run = await models.Run.findById(runId, { kind: 1, options: 1 }).lean();
  const pipelineRunId = run ? (runOptions(run.kind, run) as { pipelineRunId?: unknown }).pipelineRunId : undefined;
  return run && typeof pipelineRunId === 'string' ? { pipelineRunId, kind: run.kind } : null;
}

/**
 * A run's first activity marks it running; every run begins reading the CRM or its data right after,
 * so this is also where it starts reading: a trigger from now on gets a follow-up instead of joining.
 */
export async function markRunRunning(models: RunModels, runId: string): Promise<void> {
  const now = new Date();
  await models.Run.updateOne({ _id: runId, startedAt: null }, { $set: { startedAt: now, startedMinute: minuteOf(now) } });
  await models.Run.updateOne({ _id: runId, readingStartedAt: null }, { $set: { readingStartedAt: now } });
  await models.Run.updateOne({ _id: runId }, { $set: { status: 'running', pausedReason: null } });
  // A step that goes on again takes its pipeline out of `paused` (nothing changes for a running one).
  const parent = await pipelineOf(models, runId);
  if (parent) await models.Run.updateOne({ _id: parent.pipelineRunId, status: { $in: PIPELINE_RESUMABLE_FROM } }, { $set: { status: 'running', pausedReason: null } });
}

/** A paused step pauses its pipeline's status too, with the step's reason: ops see why the whole pipeline waits. */
export async function markRunPaused(models: RunModels, runId: string, reason: string): Promise<void> {
  await models.Run.updateOne({ _id: runId }, { $set: { status: 'paused', pausedReason: reason } });
  const parent = await pipelineOf(models, runId);
  if (parent) {
    await models.Run.updateOne(
      { _id: parent.pipelineRunId, status: { $in: PIPELINE_PAUSABLE_FROM } },
      { $set: { status: 'paused', pausedReason: pipelinePausedReason(parent.kind, reason) } },
    );
  }
}

async function finishedAtAndDuration(models: RunModels, runId: string): Promise<{ finishedAt: Date; finishedMinute: Date; durationMs: number | null }> {
  const run = await models.Run.findById(runId, { startedAt: 1 }).lean();
  const finishedAt = new Date();
  return { finishedAt, finishedMinute: minuteOf(finishedAt), durationMs: runDurationMs(run?.startedAt, finishedAt) };
}

export async function markRunSucceeded(models: RunModels, runId: string): Promise<void> {
  const finished = await finishedAtAndDuration(models, runId);
  await models.Run.updateOne({ _id: runId }, { $set: { status: 'succeeded', ...finished, progress: null, pausedReason: null } });
}

export async function markRunFailed(models: RunModels, runId: string, message: string, type?: string): Promise<void> {
  const finished = await finishedAtAndDuration(models, runId);
  await models.Run.updateOne({ _id: runId }, { $set: { status: 'failed', ...finished, pausedReason: null, error: { message, type } } });
}

export async function markRunCancelled(models: RunModels, runId: string): Promise<void> {
  const finishedAt = new Date();
  await models.Run.updateOne({ _id: runId }, { $set: { status: 'cancelled', finishedAt, finishedMinute: minuteOf(finishedAt), pausedReason: null } });
}

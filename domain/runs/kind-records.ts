import type { PipelineStep } from '../../contract';
import type { ProgramStepResult } from '../../contract/programs';
import type { Models } from '../models';
import type { RunCountsByKind } from './run-shapes';

type RunModels = Pick<Models, 'Run'>;

/** The pipeline's DAG as it ran, written after every step so the page shows it live. */
export async function recordPipelineSteps(models: RunModels, runId: string, steps: PipelineStep[]): Promise<void> {
  await models.Run.updateOne({ _id: runId }, { $set: { 'counts.steps': steps } });
}

/** Written per step as it finishes, so a failed program run still shows what its first steps did. */
export async function recordProgramStep(models: RunModels, runId: string, result: ProgramStepResult): Promise<void> {
  await models.Run.updateOne({ _id: runId }, { $set: { [`counts.steps.${result.index}`]: result } });
}

export async function recordSegmentRefresh(models: RunModels, runId: string, counts: Required<RunCountsByKind['segment-refresh']>): Promise<void> {
  await models.Run.updateOne({ _id: runId }, { $set: { progress: null, counts } });
}

export async function recordScoreRecompute(models: RunModels, runId: string, counts: Required<RunCountsByKind['score-recompute']>): Promise<void> {
  await models.Run.updateOne({ _id: runId }, { $set: { counts } });
}

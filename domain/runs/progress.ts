import type { Models } from '../models';
import type { RunProgress } from './run-shapes';

/** The live progress line of a run; null when no phase is under way (the run page then shows its counts). */
export async function setRunProgress(models: Pick<Models, 'Run'>, runId: string, progress: RunProgress | null): Promise<void> {
  await models.Run.updateOne({ _id: runId }, { $set: { progress } });
}

import type { Models } from '../models';

/**
 * Removes a finished run's document once retention has removed what hangs off it (the retention
 * pass in domain/retention decides which runs are old enough). Kept here so the runs module stays
 * the only code that writes run documents; a run that is not finished is never removed.
 */
export async function deleteFinishedRun(models: Pick<Models, 'Run'>, runId: string, finished: readonly string[]): Promise<number> {
  const result = await models.Run.deleteOne({ _id: runId, status: { $in: [...finished] } });
  return result.deletedCount;
}

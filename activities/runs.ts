import type { Models } from '../domain/models';
import type { ContactPullSummary } from '../workflows/contract';

/** Run documents: the record ops read to see what a workflow did. */
export function createRunActivities({ models }: { models: Pick<Models, 'Run'> }) {
  return {
    async markRunRunning(runId: string): Promise<void> {
      await models.Run.updateOne({ _id: runId }, { $set: { status: 'running', startedAt: new Date() } });
    },
    async markRunSucceeded(runId: string, summary: ContactPullSummary): Promise<void> {
      await models.Run.updateOne(
        { _id: runId },
        { $set: { status: 'succeeded', finishedAt: new Date(), 'counts.Contact': summary.counts, apiCalls: summary.apiCalls } },
      );
    },
    async markRunFailed(runId: string, message: string): Promise<void> {
      await models.Run.updateOne({ _id: runId }, { $set: { status: 'failed', finishedAt: new Date(), error: { message } } });
    },
  };
}

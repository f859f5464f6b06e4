import type { Models } from '../domain/models';

/** Run documents: the record ops read to see what a workflow did, how far it got and why it stopped. */
export function createRunActivities({ models }: { models: Pick<Models, 'Run'> }) {
  return {
    async markRunRunning(runId: string): Promise<void> {
      await models.Run.updateOne({ _id: runId, startedAt: null }, { $set: { startedAt: new Date() } });
      await models.Run.updateOne({ _id: runId }, { $set: { status: 'running', pausedReason: null } });
    },
    async markRunPaused(runId: string, reason: string): Promise<void> {
      await models.Run.updateOne({ _id: runId }, { $set: { status: 'paused', pausedReason: reason } });
    },
    async markRunSucceeded(runId: string): Promise<void> {
      const run = await models.Run.findById(runId, { startedAt: 1 }).lean();
      const finishedAt = new Date();
      const durationMs = run?.startedAt ? finishedAt.getTime() - run.startedAt.getTime() : null;
      await models.Run.updateOne({ _id: runId }, { $set: { status: 'succeeded', finishedAt, durationMs, progress: null, pausedReason: null } });
    },
    async markRunFailed(runId: string, message: string, type?: string): Promise<void> {
      const run = await models.Run.findById(runId, { startedAt: 1 }).lean();
      const finishedAt = new Date();
      const durationMs = run?.startedAt ? finishedAt.getTime() - run.startedAt.getTime() : null;
      await models.Run.updateOne({ _id: runId }, { $set: { status: 'failed', finishedAt, durationMs, pausedReason: null, error: { message, type } } });
    },
    /** A prepared run document that never started (the same work was already running): nothing to keep. */
    async discardQueuedRun({ runId }: { runId: string }): Promise<void> {
      await models.Run.deleteOne({ _id: runId, status: 'queued' });
    },
    async markRunCancelled(runId: string): Promise<void> {
      await models.Run.updateOne({ _id: runId }, { $set: { status: 'cancelled', finishedAt: new Date(), pausedReason: null } });
    },
  };
}

import type { Models } from '../domain/models';

const STEP_NAMES: Record<string, string> = { 'crm-admin-sync': 'CRM Administration sync', 'list-sync': 'List sync' };

/** The pipeline run a step's run belongs to, if a pipeline started it. */
async function pipelineOf(models: Pick<Models, 'Run'>, runId: string): Promise<{ pipelineRunId: string; kind: string } | null> {
  const run = await models.Run.findById(runId, { kind: 1, options: 1 }).lean();
  const pipelineRunId = (run?.options as { pipelineRunId?: unknown } | undefined)?.pipelineRunId;
  return run && typeof pipelineRunId === 'string' ? { pipelineRunId, kind: run.kind } : null;
}

/** Run documents: the record ops read to see what a workflow did, how far it got and why it stopped. */
export function createRunActivities({ models }: { models: Pick<Models, 'Run'> }) {
  return {
    async markRunRunning(runId: string): Promise<void> {
      await models.Run.updateOne({ _id: runId, startedAt: null }, { $set: { startedAt: new Date() } });
      await models.Run.updateOne({ _id: runId }, { $set: { status: 'running', pausedReason: null } });
      // A step that goes on again takes its pipeline out of `paused` (nothing changes for a running one).
      const parent = await pipelineOf(models, runId);
      if (parent) await models.Run.updateOne({ _id: parent.pipelineRunId, status: 'paused' }, { $set: { status: 'running', pausedReason: null } });
    },
    /** A paused step pauses its pipeline's status too, with the step's reason: ops see why the whole pipeline waits. */
    async markRunPaused(runId: string, reason: string): Promise<void> {
      await models.Run.updateOne({ _id: runId }, { $set: { status: 'paused', pausedReason: reason } });
      const parent = await pipelineOf(models, runId);
      if (parent) {
        await models.Run.updateOne(
          { _id: parent.pipelineRunId, status: { $in: ['running', 'paused'] } },
          { $set: { status: 'paused', pausedReason: `${STEP_NAMES[parent.kind] ?? parent.kind} paused: ${reason}` } },
        );
      }
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

import type { Models } from '../domain/models';
import type { FollowUp } from '../contract/follow-ups';
import { closeRunToFollowUps, discardQueuedRun, markRunCancelled, markRunFailed, markRunPaused, markRunRunning, markRunSucceeded } from '../domain/runs';

/** Run documents: the record ops read to see what a workflow did, how far it got and why it stopped. */
export function createRunActivities({ models }: { models: Pick<Models, 'Run' | 'RunFollowUp'> }) {
  return {
    async markRunRunning(runId: string): Promise<void> {
      await markRunRunning(models, runId);
    },
    /** A paused step pauses its pipeline's status too, with the step's reason: ops see why the whole pipeline waits. */
    async markRunPaused(runId: string, reason: string): Promise<void> {
      await markRunPaused(models, runId, reason);
    },
    async markRunSucceeded(runId: string): Promise<void> {
      await markRunSucceeded(models, runId);
    },
    async markRunFailed(runId: string, message: string, type?: string): Promise<void> {
      await markRunFailed(models, runId, message, type);
    },
    /** A prepared run document that never started (the same work was already running): nothing to keep. */
    async discardQueuedRun({ runId }: { runId: string }): Promise<void> {
      await discardQueuedRun(models, runId);
    },
    async markRunCancelled(runId: string): Promise<void> {
      await markRunCancelled(models, runId);
    },
    /** The run's work is over: no trigger queues behind it any more; the follow-up already queued, if any, is next. */
    async closeRunToFollowUps({ runId, cancelled }: { runId: string; cancelled?: boolean }): Promise<FollowUp | null> {
      return closeRunToFollowUps(models, runId, { cancelled });
    },
  };
}

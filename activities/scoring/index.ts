import { Context } from '@temporalio/activity';
import { CancelledFailure } from '@temporalio/common';
import type { Models } from '../../domain/models';
import { scoreMemberPage } from '../../domain/scoring/score-members';
import { loadScoringRules } from '../../domain/scoring/scoring-rules';
import type { ScorePassResult } from '../../contract/scoring';
import { recordScoreRecompute, setRunProgress } from '../../domain/runs';

type ScoringDeps = { models: Pick<Models, 'ListMember' | 'EngagementEvent' | 'ScoringRules' | 'Run'> };

interface PassCheckpoint {
  after: string | null;
  scanned: number;
  changed: number;
}

/** Behavioural scores: recompute every member's (after a rules change) or one list's (before a program step uses them). */
export function createScoringActivities({ models }: ScoringDeps) {
  return {
    /**
     * One pass over the members of every list under the current rules. Resumes from its heartbeat
     * after a retry; writes progress to the run document after each page.
     */
    async recomputeAllScores(input: { runId: string }): Promise<ScorePassResult> {
      const context = Context.current();
      const { rules, updatedAt } = await loadScoringRules(models);
      const total = await models.ListMember.estimatedDocumentCount();
      const checkpoint: PassCheckpoint = (context.info.heartbeatDetails as PassCheckpoint | undefined) ?? { after: null, scanned: 0, changed: 0 };
      // One `now` for the whole pass: decay must not differ between the first and the last page.
      const now = new Date();
      for (;;) {
        if (context.cancellationSignal.aborted) throw new CancelledFailure('score recompute cancelled');
        const page = await scoreMemberPage(models, {}, checkpoint.after, rules, now);
        if (page.scanned === 0) break;
        Object.assign(checkpoint, { after: page.after, scanned: checkpoint.scanned + page.scanned, changed: checkpoint.changed + page.changed });
        context.heartbeat(checkpoint);
        await setRunProgress(models, input.runId, { phase: 'scoring members', done: checkpoint.scanned, total: Math.max(total, checkpoint.scanned), changed: checkpoint.changed });
      }
      return { scanned: checkpoint.scanned, changed: checkpoint.changed, rulesVersion: updatedAt?.toISOString() ?? null };
    },

    /** The rules' version now, to see whether they changed while a pass ran. */
    async currentScoringRulesVersion(): Promise<string | null> {
      return (await loadScoringRules(models)).updatedAt?.toISOString() ?? null;
    },

    async recordScoreRecompute(input: { runId: string; passes: number; scanned: number; changed: number }): Promise<void> {
      await recordScoreRecompute(models, input.runId, { members: { passes: input.passes, scanned: input.scanned, changed: input.changed } });
    },

    /**
     * Brings one list's members' behaviorScore up to date with the current rules and events (a
     * program calls it before a step that copies the score into a field). Heartbeats per page.
     */
    async scoreMembersOfList(input: { listId: string }): Promise<{ scanned: number; changed: number }> {
      const context = Context.current();
      const { rules } = await loadScoringRules(models);
      const now = new Date();
      const checkpoint: PassCheckpoint = (context.info.heartbeatDetails as PassCheckpoint | undefined) ?? { after: null, scanned: 0, changed: 0 };
      for (;;) {
        if (context.cancellationSignal.aborted) throw new CancelledFailure('list scoring cancelled');
        const page = await scoreMemberPage(models, { listId: input.listId }, checkpoint.after, rules, now);
        if (page.scanned === 0) break;
        Object.assign(checkpoint, { after: page.after, scanned: checkpoint.scanned + page.scanned, changed: checkpoint.changed + page.changed });
        context.heartbeat(checkpoint);
      }
      return { scanned: checkpoint.scanned, changed: checkpoint.changed };
    },
  };
}

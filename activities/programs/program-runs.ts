import { ApplicationFailure } from '@temporalio/activity';
import type { ProgramStep } from '../../domain/programs/steps';
import { listMaintenanceWorkflowId, PROGRAM_NOT_FOUND_FAILURE, type ProgramPlan, type ProgramStepResult } from '../../workflows/program-contract';
import type { ProgramDeps } from './program-deps';

/** The program's run document: what it was asked to do and, step by step, what it changed. */
export function createProgramRunActivities({ models }: ProgramDeps) {
  return {
    async loadProgramPlan({ programId }: { programId: string }): Promise<ProgramPlan> {
      const program = await models.Program.findById(programId).lean();
      if (!program) throw ApplicationFailure.create({ type: PROGRAM_NOT_FOUND_FAILURE, message: `program ${programId} no longer exists`, nonRetryable: true });
      return { programId, listId: String(program.listId), name: program.name, steps: program.steps as ProgramStep[] };
    },

    /** Counts are written per step as they finish, so a failed run still shows what its first steps did. */
    async recordProgramStep({ runId, result }: { runId: string; result: ProgramStepResult }): Promise<void> {
      await models.Run.updateOne({ _id: runId }, { $set: { [`counts.steps.${result.index}`]: result } });
    },

    /** The run of a scheduled start; null when the program was removed (its schedule goes with it). */
    async prepareScheduledProgramRun({ programId }: { programId: string }): Promise<string | null> {
      const program = await models.Program.findById(programId, { connectionId: 1, listId: 1 }).lean();
      if (!program) return null;
      const run = await models.Run.create({
        kind: 'list-maintenance',
        status: 'queued',
        connectionId: program.connectionId,
        listId: program.listId,
        workflowId: listMaintenanceWorkflowId(programId),
        trigger: 'schedule',
        triggeredBy: 'schedule',
        options: { programId },
      });
      await models.Program.updateOne({ _id: programId }, { $set: { lastRunId: String(run._id) } });
      return String(run._id);
    },

    async discardProgramRun({ runId }: { runId: string }): Promise<void> {
      await models.Run.deleteOne({ _id: runId, status: 'queued' });
    },
  };
}

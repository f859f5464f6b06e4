import { ApplicationFailure } from '@temporalio/activity';
import type { ProgramStep } from '../../domain/programs/steps';
import { PROGRAM_NOT_FOUND_FAILURE, type ProgramPlan, type ProgramStepResult } from '../../contract/programs';
import { createProgramRun } from '../../domain/programs/program-run-doc';
import type { ProgramDeps } from './program-deps';
import { recordProgramStep } from '../../domain/runs';

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
      await recordProgramStep(models, runId, result);
    },

    /** The run of a scheduled start; null when the program was removed (its schedule goes with it). */
    async prepareScheduledProgramRun({ programId }: { programId: string }): Promise<string | null> {
      return createProgramRun(models, programId, { trigger: 'schedule' });
    },

  };
}

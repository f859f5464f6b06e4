import type { Models } from '../models';
import { listMaintenanceWorkflowId } from '../../contract/programs';
import { prepareRun } from '../runs';

/**
 * The run document of one program run, however it was started (by hand, its schedule, the
 * pipeline), recorded as the program's last run; null when the program no longer exists.
 */
export async function createProgramRun(
  models: Pick<Models, 'Run' | 'Program'>,
  programId: string,
  who: { trigger: 'manual' | 'schedule' | 'pipeline'; triggeredBy?: string; pipelineRunId?: string },
): Promise<string | null> {
  const program = await models.Program.findById(programId, { connectionId: 1, listId: 1 }).lean();
  if (!program) return null;
  const runId = await prepareRun(models, {
    kind: 'list-maintenance',
    connectionId: program.connectionId,
    listId: program.listId,
    workflowId: listMaintenanceWorkflowId(programId),
    trigger: who.trigger,
    triggeredBy: who.triggeredBy ?? who.trigger,
    options: { programId, ...(who.pipelineRunId ? { pipelineRunId: who.pipelineRunId } : {}) },
  });
  await models.Program.updateOne({ _id: programId }, { $set: { lastRunId: runId } });
  return runId;
}

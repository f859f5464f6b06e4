import type { Client } from '@temporalio/client';
import type { Models } from '../../domain/models';
import { listMaintenanceWorkflowId, type ListMaintenanceInput } from '../../contract/programs';
import { createProgramRun } from '../../domain/programs/program-run-doc';
import { NotFoundError } from '../http-errors';
import type { StartedRun } from './run-starter';
import { startOrJoin } from './start-or-join';

type StarterDeps = { models: Pick<Models, 'Run' | 'RunFollowUp' | 'Program'>; temporal: Client; taskQueue: string };

/**
 * Runs a program now. One run per program at a time: a trigger while one runs is told that run
 * (joined) instead of starting a second; the workflow id is the conflict key.
 */
export async function startProgramRun(deps: StarterDeps, program: { _id: unknown }, who: { triggeredBy?: string }): Promise<StartedRun> {
  const programId = String(program._id);
  const workflowId = listMaintenanceWorkflowId(programId);
  const runId = await createProgramRun(deps.models, programId, { trigger: 'manual', triggeredBy: who.triggeredBy });
  if (!runId) throw new NotFoundError(`program ${programId}`);
  const input: ListMaintenanceInput = { programId, runId };
  const started = await startOrJoin(deps, { workflowType: 'listMaintenance', workflowId, taskQueue: deps.taskQueue, args: [input], runId });
  // A joined trigger's own run document is gone: the program's last run is the one it joined.
  if (started.joined) await deps.models.Program.updateOne({ _id: programId }, { $set: { lastRunId: started.runId } });
  return started;
}

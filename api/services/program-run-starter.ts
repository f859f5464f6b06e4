import type { Client } from '@temporalio/client';
import type { Models } from '../../domain/models';
import { listMaintenanceWorkflowId, type ListMaintenanceInput } from '../../workflows/program-contract';
import type { StartedRun } from './run-starter';
import { startOrJoin } from './start-or-join';

const JOIN_FINISHED_RETRIES = 20;
const JOIN_FINISHED_WAIT_MS = 100;

async function isFinished(models: Pick<Models, 'Run'>, runId: string): Promise<boolean> {
  const run = await models.Run.findById(runId, { status: 1 }).lean();
  return !!run && ['succeeded', 'failed', 'cancelled'].includes(run.status);
}

type StarterDeps = { models: Pick<Models, 'Run' | 'Program'>; temporal: Client; taskQueue: string };

/**
 * Runs a program now. One run per program at a time: a trigger while one runs is told that run
 * (joined) instead of starting a second; the workflow id is the conflict key.
 */
export async function startProgramRun(deps: StarterDeps, program: { _id: unknown; listId: unknown; connectionId: unknown }, who: { triggeredBy?: string }): Promise<StartedRun> {
  const programId = String(program._id);
  const workflowId = listMaintenanceWorkflowId(programId);
  const run = await deps.models.Run.create({
    kind: 'list-maintenance',
    status: 'queued',
    connectionId: program.connectionId,
    listId: program.listId,
    workflowId,
    trigger: 'manual',
    triggeredBy: who.triggeredBy,
    options: { programId },
  });
  const input: ListMaintenanceInput = { programId, runId: String(run._id) };
  const request = { workflowType: 'listMaintenance', workflowId, taskQueue: deps.taskQueue, args: [input], runId: String(run._id) };
  const fallback = async () => {
    const active = await deps.models.Run.findOne({ workflowId, status: { $in: ['queued', 'running', 'paused'] }, _id: { $ne: run._id } }, { _id: 1 }).sort({ createdAt: 1 }).lean();
    return active ? String(active._id) : undefined;
  };
  let started = await startOrJoin(deps.temporal, request, fallback);
  // The workflow marks its run finished a moment before its execution closes: a "Run now" in that
  // moment would join a run that is already over, so it waits for the close and starts anew.
  for (let attempt = 0; started.joined && attempt < JOIN_FINISHED_RETRIES && (await isFinished(deps.models, started.runId)); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, JOIN_FINISHED_WAIT_MS));
    started = await startOrJoin(deps.temporal, request, fallback);
  }
  if (started.joined) await deps.models.Run.deleteOne({ _id: run._id });
  else await deps.models.Program.updateOne({ _id: programId }, { $set: { lastRunId: started.runId } });
  return started;
}

import { ApplicationFailure } from '@temporalio/activity';
import type { Models } from '../../domain/models';
import { createProgramRun } from '../../domain/programs/program-run-doc';
import { ACTIVE_RUN_STATUSES, prepareRun, recordPipelineSteps, runCounts, type RunOptions } from '../../domain/runs';
import { PROGRAM_NOT_FOUND_FAILURE } from '../../contract/programs';
import { CONNECTION_NOT_FOUND_FAILURE, crmAdminSyncWorkflowId, listSyncWorkflowId, syncPipelineWorkflowId, type PipelinePlan, type PipelineStep, type SyncMode } from '../../contract';

/** The pipeline's bookkeeping: what it will run, the run documents of its steps, and the DAG it ran. */
export function createPipelineActivities({ models }: { models: Models }) {
  return {
    async planPipeline({ connectionId }: { connectionId: string }): Promise<PipelinePlan> {
      if (!(await models.Connection.exists({ _id: connectionId }))) {
        throw ApplicationFailure.create({ type: CONNECTION_NOT_FOUND_FAILURE, message: `connection ${connectionId} no longer exists`, nonRetryable: true });
      }
      const lists = await models.MarketingList.find({ connectionId }, { name: 1 }).sort({ name: 1 }).lean();
      const listIds = lists.map((l) => String(l._id));
      const segments = listIds.length ? await models.Segment.find({ listId: { $in: listIds } }, { listId: 1, name: 1 }).sort({ name: 1 }).lean() : [];
      const programs = listIds.length ? await models.Program.find({ listId: { $in: listIds } }, { listId: 1, name: 1 }).sort({ name: 1 }).lean() : [];
      return {
        lists: lists.map((l) => ({ id: String(l._id), name: l.name })),
        programs: programs.map((p) => ({ id: String(p._id), listId: String(p.listId), name: p.name })),
        segments: segments.map((s) => ({ id: String(s._id), listId: String(s.listId), name: String(s.name ?? s._id) })),
      };
    },

    /** The run document of a pipeline run (scheduled or by hand); null when the connection is gone. */
    async preparePipelineRun({ connectionId, trigger, triggeredBy, options }: { connectionId: string; trigger: 'manual' | 'schedule' | 'retry'; triggeredBy?: string; options?: RunOptions<'sync-pipeline'> }): Promise<string | null> {
      if (!(await models.Connection.exists({ _id: connectionId }))) return null;
      return prepareRun(models, {
        kind: 'sync-pipeline',
        connectionId,
        workflowId: syncPipelineWorkflowId(connectionId),
        trigger,
        triggeredBy: triggeredBy ?? trigger,
        options: options ?? {},
      });
    },

    /** The run document of one step, linked to the pipeline run. */
    async preparePipelineStepRun(input: { pipelineRunId: string; connectionId: string; kind: 'crm-admin-sync' | 'list-sync'; listId?: string; mode?: SyncMode }): Promise<string> {
      const step = { connectionId: input.connectionId, trigger: 'pipeline', triggeredBy: 'pipeline' } as const;
      if (input.kind === 'crm-admin-sync') {
        return prepareRun(models, { ...step, kind: 'crm-admin-sync', workflowId: crmAdminSyncWorkflowId(input.connectionId), options: { mode: input.mode ?? 'incremental', pipelineRunId: input.pipelineRunId } });
      }
      return prepareRun(models, { ...step, kind: 'list-sync', listId: input.listId, workflowId: listSyncWorkflowId(input.listId ?? ''), options: { mode: 'sync', pipelineRunId: input.pipelineRunId } });
    },

    /** The run document of a program run the pipeline starts. */
    async preparePipelineProgramRun({ pipelineRunId, programId }: { pipelineRunId: string; programId: string }): Promise<string> {
      const runId = await createProgramRun(models, programId, { trigger: 'pipeline', pipelineRunId });
      if (!runId) throw ApplicationFailure.create({ type: PROGRAM_NOT_FOUND_FAILURE, message: `program ${programId} no longer exists`, nonRetryable: true });
      return runId;
    },

    /** The newest active run of a workflow id: what a step joins when someone else started that work. */
    async activeRunOf({ workflowId }: { workflowId: string }): Promise<string | null> {
      const run = await models.Run.findOne({ workflowId, status: { $in: ACTIVE_RUN_STATUSES } }, { _id: 1 }).sort({ createdAt: 1 }).lean();
      return run ? String(run._id) : null;
    },

    async runOutcome({ runId }: { runId: string }): Promise<{ status: string; error: string | null; changed: boolean }> {
      const run = await models.Run.findById(runId, { status: 1, error: 1, counts: 1 }).lean();
      const { pull, push } = runCounts('list-sync', run);
      const changed = !!pull && (pull.joined ?? 0) + (pull.left ?? 0) + (pull.updated ?? 0) + (push?.pushed ?? 0) > 0;
      return { status: run?.status ?? 'failed', error: run?.error?.message ?? (run ? null : 'run document missing'), changed };
    },

    async recordPipelineSteps({ runId, steps }: { runId: string; steps: PipelineStep[] }): Promise<void> {
      await recordPipelineSteps(models, runId, steps);
    },

  };
}

import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Models } from '../../domain/models';
import { HttpError, NotFoundError } from '../http-errors';

/** Runs that a workflow is still carrying; anything else has ended and cannot be cancelled. */
export const ACTIVE_RUN_STATUSES = ['queued', 'running', 'paused'] as const;

export function isActiveRun(status: string): boolean {
  return (ACTIVE_RUN_STATUSES as readonly string[]).includes(status);
}

export interface CancelRequested {
  runId: string;
  status: 'cancelling';
}

/**
 * Asks Temporal to cancel the workflow that carries this run. The workflow id is a conflict key
 * shared by every run of the same work (`crm-admin-sync/<connectionId>`, `list-sync/<listId>`), so
 * the execution running under it may be a later run than the one ops looked at: only its memo says
 * which run it carries, and a cancel for any other run is refused instead of stopping the wrong one.
 * The workflow itself marks the run 'cancelled' once its activities stop at their next checkpoint.
 */
export async function cancelRun(deps: { models: Pick<Models, 'Run'>; temporal: Client }, runId: string): Promise<CancelRequested> {
  const run = await deps.models.Run.findById(runId, { status: 1, workflowId: 1, kind: 1 }).lean();
  if (!run) throw new NotFoundError(`run ${runId}`);
  if (!isActiveRun(run.status)) {
    throw new HttpError(409, `run ${runId} has already ended (${run.status}); only queued, running or paused runs can be cancelled`);
  }
  let described;
  try {
    described = await deps.temporal.workflow.getHandle(run.workflowId).describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw notCarried(runId, run.workflowId, 'no workflow has been started under it yet');
    throw err;
  }
  if (described.status.name !== 'RUNNING') throw notCarried(runId, run.workflowId, `its last execution is ${described.status.name.toLowerCase()}`);
  const carried = described.memo?.runId;
  if (carried !== runId) {
    throw notCarried(runId, run.workflowId, typeof carried === 'string' ? `it is running run ${carried}` : 'its memo does not name the run it carries');
  }
  // Aimed at this chain of executions (continue-as-new keeps it): if the run ends and the next run
  // starts a new chain between our look and our cancel, Temporal refuses instead of cancelling that one.
  const firstRunId = described.raw.workflowExecutionInfo?.firstRunId;
  const target = firstRunId
    ? deps.temporal.workflow.getHandle(run.workflowId, undefined, { firstExecutionRunId: firstRunId })
    : deps.temporal.workflow.getHandle(run.workflowId, described.runId);
  try {
    await target.cancel();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw notCarried(runId, run.workflowId, 'it ended while the cancel was being sent');
    throw err;
  }
  return { runId, status: 'cancelling' };
}

function notCarried(runId: string, workflowId: string, why: string): HttpError {
  return new HttpError(409, `run ${runId} is not being run by workflow ${workflowId} (${why}); nothing was cancelled`);
}

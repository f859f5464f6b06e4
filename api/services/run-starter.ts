import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { Types } from 'mongoose';
import type { Models } from '../../domain/models';
import { crmAdminSyncWorkflowId, type CrmAdminSyncInput, type SyncMode } from '../../workflows/contract';
import { NotFoundError } from '../http-errors';

export interface StartedRun {
  runId: string;
  /** True when a run of the same work was already in progress and this trigger joined it. */
  joined: boolean;
}

export interface SyncRequest {
  mode: SyncMode;
  driftCheck?: boolean;
  refreshCalculated?: boolean;
}

type StarterDeps = { models: Pick<Models, 'Run' | 'Connection'>; temporal: Client; taskQueue: string };

/**
 * Starts the CRM Administration sync of a connection. Two runs of it never overlap: a trigger while
 * one runs joins it (the workflow id is the conflict key) instead of starting a second.
 */
export async function startCrmAdminSync(
  deps: StarterDeps,
  connectionId: string,
  request: SyncRequest,
  who: { triggeredBy?: string; trigger?: 'manual' | 'schedule' | 'pipeline' | 'retry' } = {},
): Promise<StartedRun> {
  if (!Types.ObjectId.isValid(connectionId) || !(await deps.models.Connection.exists({ _id: connectionId }))) {
    throw new NotFoundError(`connection ${connectionId}`);
  }
  const workflowId = crmAdminSyncWorkflowId(connectionId);
  const run = await deps.models.Run.create({
    kind: 'crm-admin-sync',
    status: 'queued',
    connectionId,
    workflowId,
    trigger: who.trigger ?? 'manual',
    triggeredBy: who.triggeredBy,
    options: request,
  });
  const input: CrmAdminSyncInput = { connectionId, runId: String(run._id), ...request };
  try {
    await deps.temporal.workflow.start('crmAdminSync', {
      taskQueue: deps.taskQueue,
      workflowId,
      args: [input],
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    });
    return { runId: String(run._id), joined: false };
  } catch (err) {
    await deps.models.Run.deleteOne({ _id: run._id });
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const active = await deps.models.Run.findOne({ workflowId, status: { $in: ['queued', 'running', 'paused'] } }).sort({ createdAt: -1 }).lean();
    if (!active) throw err;
    return { runId: String(active._id), joined: true };
  }
}

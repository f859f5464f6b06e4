import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { Types } from 'mongoose';
import type { Models } from '../../domain/models';
import { contactPullWorkflowId, type ContactPullInput } from '../../workflows/contract';
import { NotFoundError } from '../http-errors';

export interface StartedRun {
  runId: string;
  /** True when a run of the same work was already in progress and this trigger joined it. */
  joined: boolean;
}

/** Starts a contact pull for a connection; a trigger while one runs joins it instead of starting a second. */
export async function startContactPull(
  deps: { models: Pick<Models, 'Run' | 'Connection'>; temporal: Client; taskQueue: string },
  connectionId: string,
  triggeredBy?: string,
): Promise<StartedRun> {
  if (!Types.ObjectId.isValid(connectionId) || !(await deps.models.Connection.exists({ _id: connectionId }))) {
    throw new NotFoundError(`connection ${connectionId}`);
  }
  const workflowId = contactPullWorkflowId(connectionId);
  const run = await deps.models.Run.create({ kind: 'contact-pull', status: 'queued', connectionId, workflowId, trigger: 'manual', triggeredBy });
  const input: ContactPullInput = { connectionId, runId: String(run._id) };
  try {
    await deps.temporal.workflow.start('contactPull', {
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
    const active = await deps.models.Run.findOne({ workflowId, status: { $in: ['queued', 'running'] } }).sort({ createdAt: -1 }).lean();
    if (!active) throw err;
    return { runId: String(active._id), joined: true };
  }
}

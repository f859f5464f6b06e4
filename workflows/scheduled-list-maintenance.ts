import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createProgramActivities } from '../activities/programs';
import { listMaintenance } from './list-maintenance';
import { listMaintenanceWorkflowId, type ScheduledListMaintenanceInput } from '../contract/programs';
import type { createRunActivities } from '../activities/runs';

const programs = proxyActivities<ReturnType<typeof createProgramActivities>>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 10 } });
const runs = proxyActivities<ReturnType<typeof createRunActivities>>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 10 } });

/**
 * What a program's Temporal Schedule starts: the program under its own workflow id, so a scheduled
 * run and "Run now" never overlap (schedule ids carry a timestamp and could not guard that). When
 * the program is already running this tick has nothing to do.
 */
export async function scheduledListMaintenance({ programId }: ScheduledListMaintenanceInput): Promise<{ runId: string | null; joined: boolean }> {
  const runId = await programs.prepareScheduledProgramRun({ programId });
  if (!runId) return { runId: null, joined: false };
  let child;
  try {
    child = await startChild(listMaintenance, {
      workflowId: listMaintenanceWorkflowId(programId),
      args: [{ programId, runId }],
      memo: { runId },
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    await runs.discardQueuedRun({ runId });
    return { runId: null, joined: true };
  }
  await child.result();
  return { runId, joined: false };
}

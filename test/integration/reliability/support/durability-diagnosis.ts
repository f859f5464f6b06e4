import type { DurabilityFixture } from './durability-fixture';
import { pipelinePhase } from './durability-phase';

/**
 * What a pipeline that did not finish in time was doing, for the failure message: its phase, each
 * step's run (status, progress, error), the activities Temporal still has pending for the pipeline
 * and its step workflows (attempt, last failure), and the end of each worker's output.
 */
export async function describeStuckPipeline(f: DurabilityFixture, runId: string): Promise<string> {
  const lines: string[] = [`phase: ${await pipelinePhase(f.models, runId).catch((err: Error) => `unreadable (${err.message})`)}`];
  const run = await f.models.Run.findById(runId, { status: 1, workflowId: 1, counts: 1, pausedReason: 1 }).lean().catch(() => null);
  const steps = ((run?.counts as { steps?: { id: string; status: string; runId?: string }[] } | undefined)?.steps ?? []);
  const workflowIds = new Set<string>(run?.workflowId ? [run.workflowId] : []);
  for (const step of steps) {
    const child = step.runId ? await f.models.Run.findById(step.runId, { status: 1, workflowId: 1, progress: 1, pausedReason: 1, error: 1 }).lean().catch(() => null) : null;
    if (child?.workflowId && !['succeeded', 'failed', 'cancelled'].includes(child.status)) workflowIds.add(child.workflowId);
    lines.push(`step ${step.id}: ${step.status}; run ${step.runId ?? '-'} ${child ? JSON.stringify({ status: child.status, progress: child.progress, pausedReason: child.pausedReason, error: child.error }) : ''}`);
  }
  for (const workflowId of workflowIds) {
    try {
      const described = await f.temporal.workflow.getHandle(workflowId).describe();
      const pending = (described.raw.pendingActivities ?? []).map((a) => `${a.activityType?.name} attempt ${a.attempt} state ${a.state} lastFailure ${a.lastFailure?.message ?? '-'}`);
      lines.push(`workflow ${workflowId}: ${described.status.name}; pending activities: ${pending.join('; ') || 'none'}`);
    } catch (err) {
      lines.push(`workflow ${workflowId}: not describable (${(err as Error).message})`);
    }
  }
  for (const worker of f.workers) lines.push(`worker ${worker.pid} output (end):\n${worker.output().slice(-3000)}`);
  return lines.join('\n');
}

import { waitFor } from '../../../harness/wait-for';
import type { DurabilityFixture } from './durability-fixture';

/** Activity starts per worker pid (Temporal's default identity is `<pid>@<host>`). */
export type ActivitiesByPid = Map<number, number>;

/**
 * Which worker processes started activities of a pipeline run: read from the histories of the
 * pipeline workflow and of each step's workflow (the latest execution of each workflow id).
 */
async function countActivityStarts(f: DurabilityFixture, pipelineRunId: string): Promise<ActivitiesByPid> {
  const pipeline = await f.models.Run.findById(pipelineRunId, { workflowId: 1, counts: 1 }).lean();
  const stepRunIds = ((pipeline?.counts as { steps?: { runId?: string }[] } | undefined)?.steps ?? []).map((s) => s.runId).filter((id): id is string => !!id);
  const stepRuns = await f.models.Run.find({ _id: { $in: stepRunIds } }, { workflowId: 1 }).lean();
  const workflowIds = [pipeline?.workflowId, ...stepRuns.map((r) => r.workflowId)].filter((id): id is string => !!id);
  const byPid: ActivitiesByPid = new Map();
  for (const workflowId of new Set(workflowIds)) {
    const history = await f.temporal.workflow.getHandle(workflowId).fetchHistory().catch(() => undefined);
    for (const event of history?.events ?? []) {
      const identity = event.activityTaskStartedEventAttributes?.identity;
      const pid = identity ? Number(identity.split('@')[0]) : NaN;
      if (Number.isInteger(pid)) byPid.set(pid, (byPid.get(pid) ?? 0) + 1);
    }
  }
  return byPid;
}

/** The activity starts so far, or (with `until`) once they satisfy it. */
export async function activityIdentities(
  f: DurabilityFixture,
  pipelineRunId: string,
  wait?: { until: (byPid: ActivitiesByPid) => boolean; timeoutMs: number },
): Promise<ActivitiesByPid> {
  if (!wait) return countActivityStarts(f, pipelineRunId);
  return waitFor(
    'activities on both workers',
    async () => {
      const byPid = await countActivityStarts(f, pipelineRunId);
      if (wait.until(byPid)) return byPid;
      await new Promise((r) => setTimeout(r, 250));
      return undefined;
    },
    wait.timeoutMs,
  );
}

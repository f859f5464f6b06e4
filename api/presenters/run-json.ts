import type { RunDoc } from '../../domain/models/run';

type StoredRun = RunDoc & { _id: unknown; createdAt?: Date; updatedAt?: Date };

/** The public shape of a run, the same in the JSON API and the pages. */
export function presentRun(run: StoredRun) {
  const finished = run.finishedAt ?? undefined;
  return {
    id: String(run._id),
    kind: run.kind,
    status: run.status,
    connectionId: String(run.connectionId),
    workflowId: run.workflowId,
    trigger: run.trigger,
    triggeredBy: run.triggeredBy ?? null,
    counts: run.counts ?? {},
    apiCalls: run.apiCalls ?? 0,
    error: run.error?.message ? { message: run.error.message } : null,
    createdAt: run.createdAt ?? null,
    startedAt: run.startedAt ?? null,
    finishedAt: finished ?? null,
    durationMs: run.startedAt && finished ? finished.getTime() - run.startedAt.getTime() : null,
  };
}

export type RunJson = ReturnType<typeof presentRun>;

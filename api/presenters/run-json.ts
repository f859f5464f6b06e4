import { SYNCED_OBJECTS } from '../../domain/crm/synced-objects';
import type { RunDoc } from '../../domain/models/run';

type StoredRun = RunDoc & { _id: unknown; createdAt?: Date; updatedAt?: Date; durationMs?: number | null };

/**
 * Per-object counts in the order the sync runs the objects (parents first). The database keeps
 * fields added by `$set` in name order, so the stored order says nothing about the run.
 */
function countsInSyncOrder(counts: Record<string, unknown>): Record<string, unknown> {
  const rank = (object: string) => {
    const index = (SYNCED_OBJECTS as readonly string[]).indexOf(object);
    return index < 0 ? SYNCED_OBJECTS.length : index;
  };
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => rank(a) - rank(b)));
}

/** The public shape of a run, the same in the JSON API and the pages. Checkpoints stay internal. */
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
    options: run.options ?? {},
    /** Per object: mode, reason, fetched, inserted, updated, unchanged, deleted, errors, watermarks, drift. */
    counts: countsInSyncOrder((run.counts ?? {}) as Record<string, unknown>),
    contactViews: run.contactViews ?? null,
    progress: run.progress ?? null,
    apiCalls: run.apiCalls ?? 0,
    apiUsage: run.apiUsage?.max ? { used: run.apiUsage.used ?? 0, max: run.apiUsage.max } : null,
    pausedReason: run.pausedReason ?? null,
    error: run.error?.message ? { message: run.error.message, type: run.error.type ?? null } : null,
    createdAt: run.createdAt ?? null,
    startedAt: run.startedAt ?? null,
    finishedAt: finished ?? null,
    durationMs: run.durationMs ?? (run.startedAt && finished ? finished.getTime() - run.startedAt.getTime() : null),
  };
}

export type RunJson = ReturnType<typeof presentRun>;

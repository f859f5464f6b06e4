import { syncOrderRank } from '../../domain/crm/synced-objects';
import type { RunDoc } from '../../domain/models/run';
import { isActiveRunStatus, runProgress } from '../../domain/runs';
import { presentProgress } from './run-progress';
import type { RunJson } from './run-json-schema';
import { runSteps, runSummary } from './run-steps';

/**
 * A run document as read (lean). `expectedRecords` is not stored: routes that show live progress
 * add the record count of the object a full pull is reading (see loadExpectedRecords in the runs router).
 */
type StoredRun = RunDoc & { _id: unknown; createdAt?: Date; updatedAt?: Date; durationMs?: number | null; expectedRecords?: number | null };

/**
 * Per-object counts in the order the sync runs the objects (parents first). The database keeps
 * fields added by `$set` in name order, so the stored order says nothing about the run.
 */
function countsInSyncOrder(counts: Record<string, unknown>): Record<string, unknown> {
  const rank = syncOrderRank();
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => rank(a) - rank(b)));
}

/** The public shape of a run, the same in the JSON API and the pages. Checkpoints stay internal. */
export function presentRun(run: StoredRun): RunJson {
  const finished = run.finishedAt ?? undefined;
  const counts = countsInSyncOrder((run.counts ?? {}) as Record<string, unknown>);
  const active = isActiveRunStatus(run.status);
  const progress = presentProgress({ kind: run.kind, progress: run.progress, counts, startedAt: run.startedAt, updatedAt: run.updatedAt, expectedRecords: run.expectedRecords });
  return {
    id: String(run._id),
    kind: run.kind,
    status: run.status,
    connectionId: String(run.connectionId),
    listId: run.listId ? String(run.listId) : null,
    workflowId: run.workflowId,
    trigger: run.trigger,
    triggeredBy: run.triggeredBy ?? null,
    options: run.options ?? {},
    /** Per object: mode, reason, fetched, inserted, updated, unchanged, deleted, errors, watermarks, drift. */
    counts,
    /** The table's few numbers: admin sync fetched/changed, list runs joined/left/updated/pushed; none for other kinds. */
    summary: runSummary(run.kind, counts),
    /** Per step (admin sync: each object, then the contact views; list runs: fresh data → pull → push). */
    steps: runSteps({
      kind: run.kind,
      status: run.status,
      options: run.options,
      counts,
      progress: runProgress(run),
      contactViews: (run.contactViews ?? null) as Record<string, unknown> | null,
    }),
    contactViews: run.contactViews ?? null,
    /** The stored progress plus `percent` and `recordsPerSecond` (null where the counts cannot tell). */
    progress,
    apiCalls: run.apiCalls ?? 0,
    apiUsage: run.apiUsage?.max ? { used: run.apiUsage.used ?? 0, max: run.apiUsage.max } : null,
    pausedReason: run.pausedReason ?? null,
    /** When the run began reading: a trigger before then joined it, one after it was queued behind it. */
    readingStartedAt: run.readingStartedAt ?? null,
    /** The run this one was queued behind (a trigger came after that run had started reading). */
    queuedBehind: run.queuedBehind ?? null,
    /** The one follow-up run a later trigger queued behind this run. */
    followUpRunId: run.followUpRunId ?? null,
    error: run.error?.message ? { message: run.error.message, type: run.error.type ?? null } : null,
    createdAt: run.createdAt ?? null,
    startedAt: run.startedAt ?? null,
    finishedAt: finished ?? null,
    durationMs: run.durationMs ?? (run.startedAt && finished ? finished.getTime() - run.startedAt.getTime() : null),
    /** For a run still going: how long since it started. */
    elapsedMs: active && run.startedAt ? Date.now() - run.startedAt.getTime() : null,
  };
}

export type { RunJson };

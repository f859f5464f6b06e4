import type { DriftResult, ListPullResult, ListPushResult, ListRunMode, PipelineStep, SyncMode } from '../../contract';
import type { ProgramStepResult } from '../../contract/programs';
import type { RunKind } from '../models/run';

/**
 * What each kind of run records in the run document's free-form fields (`options`, `counts`,
 * `progress`): the schema stores them as Mixed because their shape depends on the kind, so the
 * shapes live here, beside the only code that writes them.
 */

/** One CRM object's line in an admin sync's counts, filled in as the object's pull goes on. */
export interface AdminSyncObjectCounts {
  mode?: SyncMode;
  reason?: string;
  startedAt?: Date;
  finishedAt?: Date;
  fetched?: number;
  inserted?: number;
  updated?: number;
  unchanged?: number;
  deleted?: number;
  errors?: number;
  readPath?: 'rest' | 'bulk' | 'delta';
  watermarkBefore?: unknown;
  watermarkAfter?: unknown;
  recordCount?: number;
  drift?: DriftResult;
  calculatedUpdated?: number;
  bulkRestarts?: number;
  lastBulkRestart?: { at: Date; reason: string };
  durationMs?: number;
}

export interface RunCountsByKind {
  'crm-admin-sync': Record<string, AdminSyncObjectCounts>;
  'list-import': ListRunCounts;
  'list-sync': ListRunCounts;
  'sync-pipeline': { steps?: PipelineStep[] };
  'segment-refresh': { count?: number; joined?: number; left?: number; dataAsOf?: string | null };
  'score-recompute': { members?: { passes: number; scanned: number; changed: number } };
  /** Keyed by step index: each step's result is written as it finishes. */
  'list-maintenance': { steps?: Record<string, ProgramStepResult> };
}

export interface ListRunCounts {
  pull?: ListPullResult;
  push?: ListPushResult;
  /** The time of the CRM data the run read (ISO). */
  dataAsOf?: string;
}

/** Set by the pipeline on the runs of its steps, so a step's pause shows on its pipeline. */
interface PipelineLink {
  pipelineRunId?: string;
}
/** Set on a run started by "retry" of an earlier one. */
interface RetryLink {
  retryOf?: string;
}

export interface RunOptionsByKind {
  'crm-admin-sync': PipelineLink &
    RetryLink & { mode?: SyncMode; driftCheck?: boolean; refreshCalculated?: boolean; /** The list run that asked for this sync first. */ forListRunId?: string };
  'list-import': ListRunOptions;
  'list-sync': ListRunOptions;
  'sync-pipeline': RetryLink & { mode?: SyncMode; onlySteps?: string[] };
  'segment-refresh': PipelineLink & RetryLink & { segmentName?: string; listId?: unknown };
  'score-recompute': RetryLink;
  'list-maintenance': PipelineLink & RetryLink & { programId?: string };
}

export interface ListRunOptions extends PipelineLink, RetryLink {
  mode?: ListRunMode;
  /** For a push retry: how many records it pushes again. */
  records?: number;
  /** The CRM Administration sync this run started because the CRM data was stale. */
  adminSyncRunId?: string;
}

/** The phase a run is in, for the live progress line; `done`/`total` make the percent. */
export interface RunProgress {
  phase: string;
  object?: string;
  step?: number;
  done?: number;
  total?: number;
  changed?: number;
  fetched?: number;
  reason?: string;
}

export type RunCounts<K extends RunKind = RunKind> = RunCountsByKind[K];
export type RunOptions<K extends RunKind = RunKind> = RunOptionsByKind[K];

/**
 * Names and payload types shared by workflows, the worker and the API. Pure: no imports with I/O,
 * so the workflow bundle can include it. Payloads hold ids and small summaries, never secrets or
 * record batches.
 */
export const DEFAULT_TASK_QUEUE = 'crm-sync';

export const SYNC_MODES = ['incremental', 'full'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

export interface CrmAdminSyncInput {
  connectionId: string;
  runId: string;
  /** 'full' forces every object full; 'incremental' lets each object decide (watermark, age, requests). */
  mode: SyncMode;
  /** Run the Id-only drift check on every object now, whatever its schedule. */
  driftCheck?: boolean;
  /** Re-read formula/roll-up fields of every record (they change without touching SystemModstamp). */
  refreshCalculated?: boolean;
  /** History length after which the run continues as new (default 2,000; tests set it low). */
  continueAsNewAfterEvents?: number;
  /** Carried over continue-as-new: the plan, and the objects already finished in this run. */
  plans?: ObjectPlan[];
  finishedObjects?: string[];
}

export interface CrmAdminSyncResult {
  runId: string;
  objects: number;
}

export interface ObjectPlan {
  object: string;
  mode: SyncMode;
  /** Why this mode, in words ops read on the run page. */
  reason: string;
  driftCheck: boolean;
  refreshCalculated: boolean;
}

export interface ObjectCounts {
  fetched: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  errors: number;
}

export interface PageBatchResult {
  done: boolean;
  pages: number;
  counts: ObjectCounts;
}

export interface DriftResult {
  crmCount: number;
  localCount: number;
  /** Local records the CRM no longer has (hard deletes), now removed. */
  removed: number;
  /** CRM records missing locally (missed changes), now fetched. */
  restored: number;
  driftPercent: number;
  thresholdPercent: number;
  exceeded: boolean;
}

/** Activity failure types the workflow reacts to. */
export const API_LIMIT_FAILURE = 'CrmApiLimitReached';
export const AUTH_FAILURE = 'CrmAuthenticationError';
export const CONNECTION_NOT_FOUND_FAILURE = 'ConnectionNotFoundError';
/** An object's bulk read lost its query job more often than a run allows (not retried). */
export const BULK_READ_FAILURE = 'CrmBulkReadFailed';

/** One CRM Administration sync of a connection at a time: the id is the conflict key. */
export function crmAdminSyncWorkflowId(connectionId: string): string {
  return `crm-admin-sync/${connectionId}`;
}

export function emptyObjectCounts(): ObjectCounts {
  return { fetched: 0, inserted: 0, updated: 0, unchanged: 0, deleted: 0, errors: 0 };
}

/** Lists: an import copies the source once; a sync pulls then pushes; a retry pushes only failed records again. */
export type ListRunMode = 'import' | 'sync' | 'retry-push';

export interface ListSyncInput {
  listId: string;
  runId: string;
  mode: ListRunMode;
  /** For 'retry-push': the members whose earlier push failed. */
  onlyCrmIds?: string[];
  /** Set by the pipeline, which has just run the CRM Administration sync: no freshness check. */
  crmDataFresh?: boolean;
}

export interface ListPullInput {
  listId: string;
  runId: string;
  mode: 'import' | 'sync';
}

export interface ListPullResult {
  joined: number;
  left: number;
  updated: number;
  unchanged: number;
  members: number;
  /** Pushed fields both sides changed that the CRM's value won (recorded in list_field_conflicts). */
  conflicts?: number;
  /** A campaign's members read from the CRM for this pull: how many it lists now, and the API calls that took. */
  sourceRead?: { members: number; calls: number };
}

export interface ListPushInput {
  listId: string;
  runId: string;
  onlyCrmIds?: string[];
}

export interface ListPushResult {
  /** Records with at least one pushed field whose value differs from the CRM's. */
  candidates: number;
  pushed: number;
  failed: number;
  /** Values marketing changed that were not written: the mapping does not allow it, or an empty value held back. */
  skipped: { field: string; reason: string; count: number }[];
  /** Pushed fields both sides changed, settled by this push (recorded in list_field_conflicts). */
  conflicts?: number;
  /** CRM users' changes to pushed fields taken into the list by this push (no CRM write). */
  takenFromCrm?: number;
  calls: number;
  /** Which CRM API carried the writes: 'collections' (200 per call) or 'bulk'; null when nothing was pushed. */
  path: 'collections' | 'bulk' | null;
}

export interface ListDataFreshness {
  connectionId: string;
  fresh: boolean;
  /** When the CRM data the list would read was last synced (ISO), if ever. */
  dataAsOf: string | null;
  /** A CRM Administration sync of the connection is running now. */
  adminSyncActive: boolean;
}

export interface ListSyncResult {
  runId: string;
  pull: ListPullResult | null;
  push: ListPushResult | null;
}

export const LIST_NOT_FOUND_FAILURE = 'ListNotFoundError';
export const CRM_DATA_STALE_FAILURE = 'CrmDataStale';

/** One run per list at a time (imports, syncs and push retries alike): the id is the conflict key. */
export function listSyncWorkflowId(listId: string): string {
  return `list-sync/${listId}`;
}

export interface ScheduledListSyncInput {
  listId: string;
}

/** The Temporal Schedule of a list's syncs. */
export function listScheduleId(listId: string): string {
  return `list-sync-schedule/${listId}`;
}

/** Prefix of the workflows a list's schedule starts (Temporal appends the scheduled time). */
export function scheduledListSyncWorkflowId(listId: string): string {
  return `list-sync-scheduled/${listId}`;
}

/** The ordered pipeline of a connection: admin sync → programs → list syncs → segment refreshes. */
export interface SyncPipelineInput {
  connectionId: string;
  runId: string;
  mode?: SyncMode;
  /** List syncs run side by side up to this many (default 3). */
  listConcurrency?: number;
  /** A retry runs only these steps (the failed and blocked ones of the run it retries). */
  onlySteps?: string[];
}

export type PipelineStepStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'blocked' | 'skipped';

export interface PipelineStep {
  /** 'crm-admin-sync', 'program:<id>', 'list:<id>', 'segment:<id>'. */
  id: string;
  kind: 'crm-admin-sync' | 'list-maintenance' | 'list-sync' | 'segment-refresh';
  label: string;
  /** Steps that must succeed first. */
  dependsOn: string[];
  status: PipelineStepStatus;
  runId?: string;
  /** Why it failed, was blocked or skipped, in words ops read. */
  note?: string;
}

export interface PipelinePlan {
  lists: { id: string; name: string }[];
  programs: { id: string; listId: string; name: string }[];
  segments: { id: string; listId: string; name: string }[];
}

export function syncPipelineWorkflowId(connectionId: string): string {
  return `sync-pipeline/${connectionId}`;
}

export interface ScheduledPipelineInput {
  connectionId: string;
}

export function connectionScheduleId(connectionId: string): string {
  return `sync-pipeline-schedule/${connectionId}`;
}

export function scheduledPipelineWorkflowId(connectionId: string): string {
  return `sync-pipeline-scheduled/${connectionId}`;
}

export function segmentRefreshChildWorkflowId(segmentId: string): string {
  return `segment-refresh/${segmentId}`;
}

/** A segment refresh: its members, count, joiners and leavers. The pipeline starts it as a child with this id and input. */
export interface SegmentRefreshInput {
  segmentId: string;
  runId: string;
}

export interface SegmentRefreshResult {
  runId: string;
  count: number;
  joined: number;
  left: number;
  /** The time of the CRM data the refresh read (ISO), if known. */
  dataAsOf: string | null;
}

export const SEGMENT_NOT_FOUND_FAILURE = 'SegmentNotFoundError';
export const SEGMENT_QUERY_INVALID_FAILURE = 'SegmentQueryInvalid';

/** One refresh per segment at a time: the id is the conflict key (the same as segmentRefreshChildWorkflowId). */
export function segmentRefreshWorkflowId(segmentId: string): string {
  return `segment-refresh/${segmentId}`;
}

/**
 * The installation's one alerts monitor schedule and the workflows it starts. Both carry the
 * installation's task queue: installations sharing a Temporal namespace each keep their own
 * monitor (with one shared id, the last worker to start would take every installation's alerts).
 */
export function alertsScheduleId(taskQueue: string): string {
  return `alerts-monitor/${taskQueue}`;
}
export function alertsWorkflowId(taskQueue: string): string {
  return `alerts-monitor-run/${taskQueue}`;
}
/** The id the monitor's schedule had before it carried the task queue; removed when it targets our queue. */
export const LEGACY_ALERTS_SCHEDULE_ID = 'alerts-monitor';

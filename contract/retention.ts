/**
 * How long history is kept (README "Bounded growth"): membership changes of a segment or list are
 * kept while they are younger than `changeDays` or belong to one of its last `keepRefreshes` runs;
 * finished runs are kept `runDays`. The retention schedule passes the worker's settings to each pass.
 */
export interface RetentionPolicy {
  changeDays: number;
  keepRefreshes: number;
  runDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { changeDays: 90, keepRefreshes: 20, runDays: 365 };

export interface RetentionResult {
  segmentChanges: number;
  listChanges: number;
  runs: number;
}

export function retentionScheduleId(taskQueue: string): string {
  return `history-retention/${taskQueue}`;
}
export function retentionWorkflowId(taskQueue: string): string {
  return `history-retention-run/${taskQueue}`;
}

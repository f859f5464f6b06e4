export { crmAdminSync } from './crm-admin-sync';
export { listSync } from './list-sync';
export { syncPipeline } from './sync-pipeline';
export { segmentRefresh } from './segment-refresh';
export { monitorAlerts } from './monitor-alerts';
export { pruneHistory } from './prune-history';
export { recomputeScores } from './recompute-scores';
export { listMaintenance } from './list-maintenance';
export { scheduledRun } from './scheduled-run';
// Former scheduled-* workflow types, kept for schedules and executions of running installations (see the file).
export { scheduledListMaintenance, scheduledListSync, scheduledPipeline } from './scheduled-run-aliases';

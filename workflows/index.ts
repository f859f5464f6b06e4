export { crmAdminSync } from './crm-admin-sync';
export { listSync } from './list-sync';
export { scheduledListSync } from './scheduled-list-sync';
export { syncPipeline } from './sync-pipeline';
export { scheduledPipeline } from './scheduled-pipeline';
export { segmentRefresh } from './segment-refresh';
export { monitorAlerts } from './monitor-alerts';

export { crmAdminSync } from './crm-admin-sync';
export { listSync } from './list-sync';
export { scheduledListSync } from './scheduled-list-sync';

export { crmAdminSync } from './crm-admin-sync';
export { listSync } from './list-sync';

export { crmAdminSync } from './crm-admin-sync';

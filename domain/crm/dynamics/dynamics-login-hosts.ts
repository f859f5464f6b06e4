/**
 * The hosts Microsoft documents for a Dataverse connection: the Entra ID authority client
 * credentials are sent to, and the org's environment (`contoso.crm.dynamics.com`, `crm4`, `crm11`,
 * … per region), which receives the access token. Sovereign clouds and proxies are added by the
 * operator with CRM_SYNC_CRM_LOGIN_HOSTS.
 */
export const DYNAMICS_LOGIN_HOSTS: readonly string[] = ['login.microsoftonline.com'];
export const DYNAMICS_ENVIRONMENT_HOSTS: readonly string[] = ['*.dynamics.com'];

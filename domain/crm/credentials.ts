/** Decrypted CRM credentials: exist only in memory inside activities and the API's connection test. */
export type CrmCredentials =
  | { kind: 'password'; loginUrl: string; apiVersion: string; username: string; password: string; securityToken?: string }
  | { kind: 'client_credentials'; loginUrl: string; apiVersion: string; clientId: string; clientSecret: string }
  | DynamicsCredentials
  | SugarCredentials;

/**
 * A Dataverse application user (Microsoft Entra ID client credentials). `loginUrl` is the authority
 * (https://login.microsoftonline.com) the token is asked from, `environmentUrl` the org
 * (https://contoso.crm.dynamics.com) the Web API is called on and the token is scoped to.
 */
export interface DynamicsCredentials {
  kind: 'dynamics';
  loginUrl: string;
  /** The Web API version, `9.2`. */
  apiVersion: string;
  environmentUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/**
 * A SugarCRM API user (OAuth 2.0 password grant). `loginUrl` is the instance (https://acme.sugarondemand.com):
 * the token endpoint and the REST API both live there. `platform` is the API platform crm-sync signs
 * in on: a password grant ends the same user's earlier session on that platform, so it must be one
 * nobody else uses (registered by the Sugar admin, e.g. `crm_sync`).
 */
export interface SugarCredentials {
  kind: 'sugar';
  loginUrl: string;
  /** The REST API version path, `v11_25`. */
  apiVersion: string;
  username: string;
  password: string;
  clientId: string;
  clientSecret: string;
  platform: string;
}

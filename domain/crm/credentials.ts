/** Decrypted CRM credentials: exist only in memory inside activities and the API's connection test. */
export type CrmCredentials =
  | { kind: 'password'; loginUrl: string; apiVersion: string; username: string; password: string; securityToken?: string }
  | { kind: 'client_credentials'; loginUrl: string; apiVersion: string; clientId: string; clientSecret: string }
  | DynamicsCredentials;

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

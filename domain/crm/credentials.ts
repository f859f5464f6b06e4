/** Decrypted CRM credentials: exist only in memory inside activities and the API's connection test. */
export type CrmCredentials =
  | { kind: 'password'; loginUrl: string; apiVersion: string; username: string; password: string; securityToken?: string }
  | { kind: 'client_credentials'; loginUrl: string; apiVersion: string; clientId: string; clientSecret: string };

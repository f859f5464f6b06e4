import type { Types } from 'mongoose';
import type { CrmCredentials } from '../crm/credentials';
import type { ConnectionDoc } from '../models/connection';
import type { SecretBox } from '../secrets/secret-box';

type PasswordSecrets = { password: string; securityToken?: string; clientSecret?: string };
type ClientSecrets = { clientSecret: string };

/** The Dataverse Web API version crm-sync speaks. */
export const DYNAMICS_API_VERSION = '9.2';

export interface NewSalesforceConnection {
  crm?: 'salesforce';
  name: string;
  loginUrl: string;
  apiVersion?: string;
  auth:
    | { type: 'password'; username: string; password: string; securityToken?: string }
    | { type: 'client_credentials'; clientId: string; clientSecret: string };
}

export interface NewDynamicsConnection {
  crm: 'dynamics';
  name: string;
  /** The Entra ID authority (https://login.microsoftonline.com). */
  loginUrl: string;
  environmentUrl: string;
  tenantId: string;
  auth: { type: 'client_credentials'; clientId: string; clientSecret: string };
}

export interface NewSugarConnection {
  crm: 'sugar';
  name: string;
  /** The instance (https://acme.sugarondemand.com): the token endpoint and the REST API. */
  loginUrl: string;
  apiVersion: string;
  platform: string;
  auth: { type: 'password'; username: string; password: string; clientId: string; clientSecret: string };
}

export type NewConnection = NewSalesforceConnection | NewDynamicsConnection | NewSugarConnection;

type SealedConnection = Pick<ConnectionDoc, 'name' | 'crm' | 'loginUrl' | 'apiVersion' | 'auth' | 'environmentUrl' | 'tenantId' | 'platform'>;

/** The stored form of a new connection: everything secret sealed into one field. */
export function sealConnection(input: NewConnection, box: SecretBox): SealedConnection {
  if (input.crm === 'sugar') {
    const { username, password, clientId, clientSecret } = input.auth;
    // The OAuth client secret is sealed beside the password: a Sugar admin may have made a confidential client.
    const sealedSecrets = box.seal(JSON.stringify({ password, clientSecret }));
    return { name: input.name, crm: 'sugar', loginUrl: input.loginUrl, apiVersion: input.apiVersion, platform: input.platform, auth: { type: 'password', username, clientId, sealedSecrets } };
  }
  const auth = input.auth;
  const secrets: PasswordSecrets | ClientSecrets =
    auth.type === 'password' ? { password: auth.password, securityToken: auth.securityToken } : { clientSecret: auth.clientSecret };
  const sealedAuth = {
    type: auth.type,
    username: auth.type === 'password' ? auth.username : undefined,
    clientId: auth.type === 'client_credentials' ? auth.clientId : undefined,
    sealedSecrets: box.seal(JSON.stringify(secrets)),
  };
  if (input.crm === 'dynamics') {
    return { name: input.name, crm: 'dynamics', loginUrl: input.loginUrl, apiVersion: DYNAMICS_API_VERSION, environmentUrl: input.environmentUrl, tenantId: input.tenantId, auth: sealedAuth };
  }
  return { name: input.name, crm: 'salesforce', loginUrl: input.loginUrl, apiVersion: input.apiVersion ?? '59.0', auth: sealedAuth };
}

/** Opens a stored connection's secrets into credentials a connector can use. */
export function openCredentials(connection: ConnectionDoc & { _id: Types.ObjectId }, box: SecretBox): CrmCredentials {
  const auth = connection.auth;
  if (!auth) throw new Error(`connection ${String(connection._id)} has no credentials`);
  const secrets = JSON.parse(box.open(auth.sealedSecrets)) as Partial<PasswordSecrets & ClientSecrets>;
  if (connection.crm === 'sugar') {
    return {
      kind: 'sugar',
      loginUrl: connection.loginUrl,
      apiVersion: connection.apiVersion,
      username: auth.username ?? '',
      password: secrets.password ?? '',
      clientId: auth.clientId ?? '',
      clientSecret: secrets.clientSecret ?? '',
      platform: connection.platform ?? '',
    };
  }
  if (connection.crm === 'dynamics') {
    return {
      kind: 'dynamics',
      loginUrl: connection.loginUrl,
      apiVersion: connection.apiVersion || DYNAMICS_API_VERSION,
      environmentUrl: connection.environmentUrl ?? '',
      tenantId: connection.tenantId ?? '',
      clientId: auth.clientId ?? '',
      clientSecret: secrets.clientSecret ?? '',
    };
  }
  if (auth.type === 'password') {
    return {
      kind: 'password',
      loginUrl: connection.loginUrl,
      apiVersion: connection.apiVersion,
      username: auth.username ?? '',
      password: secrets.password ?? '',
      securityToken: secrets.securityToken,
    };
  }
  return { kind: 'client_credentials', loginUrl: connection.loginUrl, apiVersion: connection.apiVersion, clientId: auth.clientId ?? '', clientSecret: secrets.clientSecret ?? '' };
}

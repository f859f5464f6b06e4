import type { Types } from 'mongoose';
import type { CrmCredentials } from '../crm/credentials';
import type { ConnectionDoc } from '../models/connection';
import type { SecretBox } from '../secrets/secret-box';

type PasswordSecrets = { password: string; securityToken?: string };
type ClientSecrets = { clientSecret: string };

export interface NewConnection {
  name: string;
  loginUrl: string;
  apiVersion?: string;
  auth:
    | { type: 'password'; username: string; password: string; securityToken?: string }
    | { type: 'client_credentials'; clientId: string; clientSecret: string };
}

/** The stored form of a new connection: everything secret sealed into one field. */
export function sealConnection(input: NewConnection, box: SecretBox): Pick<ConnectionDoc, 'name' | 'crm' | 'loginUrl' | 'apiVersion' | 'auth'> {
  const auth = input.auth;
  const secrets: PasswordSecrets | ClientSecrets =
    auth.type === 'password' ? { password: auth.password, securityToken: auth.securityToken } : { clientSecret: auth.clientSecret };
  return {
    name: input.name,
    crm: 'salesforce',
    loginUrl: input.loginUrl,
    apiVersion: input.apiVersion ?? '59.0',
    auth: {
      type: auth.type,
      username: auth.type === 'password' ? auth.username : undefined,
      clientId: auth.type === 'client_credentials' ? auth.clientId : undefined,
      sealedSecrets: box.seal(JSON.stringify(secrets)),
    },
  };
}

/** Opens a stored connection's secrets into credentials a connector can use. */
export function openCredentials(connection: ConnectionDoc & { _id: Types.ObjectId }, box: SecretBox): CrmCredentials {
  const auth = connection.auth;
  if (!auth) throw new Error(`connection ${String(connection._id)} has no credentials`);
  const secrets = JSON.parse(box.open(auth.sealedSecrets)) as Partial<PasswordSecrets & ClientSecrets>;
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

import type { Types } from 'mongoose';
import type { CrmCredentials } from '../crm/credentials';
import { SalesforceConnector } from '../crm/salesforce/salesforce-connector';
import type { Models } from '../models';
import type { ConnectionDoc } from '../models/connection';
import type { SecretBox } from '../secrets/secret-box';
import { openCredentials, sealConnection } from './connection-secrets';
import { completeSyncSettings, mergeSyncSettings, SYNC_SETTING_NAMES, type ConnectionUpdateInput, type NewConnectionInput } from './connection-input';

type StoredConnection = ConnectionDoc & { _id: Types.ObjectId; createdAt?: Date; updatedAt?: Date };

/** The public view of a connection: everything but its secrets, which are only ever reported as set. */
export function presentConnection(connection: StoredConnection) {
  return {
    id: String(connection._id),
    name: connection.name,
    crm: connection.crm,
    loginUrl: connection.loginUrl,
    apiVersion: connection.apiVersion,
    auth: { type: connection.auth?.type, username: connection.auth?.username ?? null, clientId: connection.auth?.clientId ?? null, secretsStored: Boolean(connection.auth?.sealedSecrets) },
    syncSettings: completeSyncSettings(connection.syncSettings),
    createdAt: connection.createdAt ?? null,
    updatedAt: connection.updatedAt ?? null,
  };
}

export async function createConnection(models: Pick<Models, 'Connection'>, box: SecretBox, input: NewConnectionInput): Promise<StoredConnection> {
  // Settings left out take the model's defaults.
  const created = await models.Connection.create({ ...sealConnection(input, box), syncSettings: input.syncSettings ?? {} });
  return created.toObject() as StoredConnection;
}

/** Applies an edit; secrets left out keep their stored value, and switching auth type needs the new secret. */
export async function updateConnection(
  models: Pick<Models, 'Connection'>,
  box: SecretBox,
  existing: StoredConnection,
  input: ConnectionUpdateInput,
): Promise<{ ok: true } | { ok: false; field: string; message: string }> {
  const current = openCredentials(existing, box);
  const auth = input.auth;
  let nextAuth: Parameters<typeof sealConnection>[0]['auth'] | undefined;
  if (auth?.type === 'password') {
    const password = auth.password || (current.kind === 'password' ? current.password : '');
    if (!password) return { ok: false, field: 'auth.password', message: 'enter the CRM password' };
    const securityToken = auth.securityToken !== undefined && auth.securityToken !== '' ? auth.securityToken : current.kind === 'password' ? current.securityToken : undefined;
    nextAuth = { type: 'password', username: auth.username, password, securityToken };
  } else if (auth?.type === 'client_credentials') {
    const clientSecret = auth.clientSecret || (current.kind === 'client_credentials' ? current.clientSecret : '');
    if (!clientSecret) return { ok: false, field: 'auth.clientSecret', message: 'enter the OAuth client secret' };
    nextAuth = { type: 'client_credentials', clientId: auth.clientId, clientSecret };
  }
  const sealed = nextAuth
    ? sealConnection({ name: input.name ?? existing.name, loginUrl: input.loginUrl ?? existing.loginUrl, apiVersion: input.apiVersion ?? existing.apiVersion, auth: nextAuth }, box)
    : undefined;
  await models.Connection.updateOne(
    { _id: existing._id },
    {
      $set: {
        ...(input.name ? { name: input.name } : {}),
        ...(input.loginUrl ? { loginUrl: input.loginUrl } : {}),
        ...(input.apiVersion ? { apiVersion: input.apiVersion } : {}),
        ...(sealed ? { auth: sealed.auth } : {}),
        ...syncSettingsChanges(existing.syncSettings, input.syncSettings),
      },
    },
  );
  return { ok: true };
}

/**
 * Only the settings that change are written, one path each, so two admins editing different
 * settings at once both keep their edit. Settings missing from an older document are written with
 * their defaults, so the sync always reads every one.
 */
function syncSettingsChanges(stored: unknown, change: ConnectionUpdateInput['syncSettings']): Record<string, number | Record<string, number>> {
  const merged = mergeSyncSettings(stored, change);
  if (!stored || typeof stored !== 'object') return { syncSettings: merged };
  const current = stored as Record<string, unknown>;
  const changes: Record<string, number> = {};
  for (const name of SYNC_SETTING_NAMES) {
    if (current[name] !== merged[name]) changes[`syncSettings.${name}`] = merged[name];
  }
  return changes;
}

/** Removes a connection and everything synced from it locally. Nothing is ever deleted in the CRM. */
export async function removeConnection(
  models: Pick<Models, 'Connection' | 'crmRecords' | 'SyncState' | 'ContactView'>,
  connectionId: Types.ObjectId,
): Promise<void> {
  const id = String(connectionId);
  // The connection goes first: a sync still running fails at its next step instead of writing more.
  await models.Connection.deleteOne({ _id: connectionId });
  await Promise.all(Object.values(models.crmRecords).map((model) => model.deleteMany({ connectionId: id })));
  await models.SyncState.deleteMany({ connectionId: id });
  await models.ContactView.deleteMany({ connectionId: id });
}

/** Logs in with the given credentials; the answer is the CRM's own message either way. */
export async function testCredentials(credentials: CrmCredentials): Promise<{ ok: boolean; message: string }> {
  try {
    const info = await new SalesforceConnector(credentials).testConnection();
    return { ok: true, message: `Connected${info.organizationId ? ` to organization ${info.organizationId}` : ''}` };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

export async function testStoredConnection(box: SecretBox, connection: StoredConnection) {
  return testCredentials(openCredentials(connection, box));
}

import type { Types } from 'mongoose';
import type { CrmCredentials } from '../crm/credentials';
import { crmDefinition } from '../crm/crm-registry';
import type { LoginFailure } from '../crm/login-failure';
import type { Models } from '../models';
import type { ConnectionDoc } from '../models/connection';
import type { SecretBox } from '../secrets/secret-box';
// The timeout's class is Salesforce's because its classifier recognises it by instanceof; others by name.
import { LoginTimeoutError } from '../crm/salesforce/salesforce-login-failure';
import type { OutboundHostPolicy } from '../outbound/outbound-hosts';
import { openCredentials, sealConnection, type NewConnection } from './connection-secrets';
import { canonicalLoginUrl, environmentUrlProblem, loginUrlProblem } from './login-url';
import {
  completeSyncSettings,
  mergeSyncSettings,
  SALESFORCE_API_VERSION,
  SUGAR_API_VERSION,
  SYNC_SETTING_NAMES,
  type ConnectionUpdateInput,
  type NewConnectionInput,
} from './connection-input';

/** Connections stored before `crm` existed are Salesforce connections. */
const crmOf = (connection: { crm?: string | null }) => connection.crm ?? 'salesforce';

export type StoredConnection = ConnectionDoc & { _id: Types.ObjectId; createdAt?: Date; updatedAt?: Date };

/** A refused edit or creation, naming the field as the API does (`auth.password`). */
export type ConnectionRefusal = { ok: false; field: string; message: string };

export async function createConnection(
  models: Pick<Models, 'Connection'>,
  box: SecretBox,
  input: NewConnectionInput,
  hosts: OutboundHostPolicy,
): Promise<{ ok: true; connection: StoredConnection } | ConnectionRefusal> {
  const problem = loginUrlProblem(input.loginUrl, input.crm, hosts);
  if (problem) return { ok: false, field: 'loginUrl', message: problem };
  let connection: NewConnection;
  if (input.crm === 'dynamics') {
    const environmentProblem = environmentUrlProblem(input.environmentUrl, input.crm, hosts);
    if (environmentProblem) return { ok: false, field: 'environmentUrl', message: environmentProblem };
    connection = { ...input, loginUrl: canonicalLoginUrl(input.loginUrl), environmentUrl: canonicalLoginUrl(input.environmentUrl) };
  } else {
    connection = { ...input, loginUrl: canonicalLoginUrl(input.loginUrl) };
  }
  // Settings left out take the model's defaults.
  const created = await models.Connection.create({ ...sealConnection(connection, box), syncSettings: input.syncSettings ?? {} });
  return { ok: true, connection: created.toObject() as StoredConnection };
}

const REENTER = 'the login host changes, so enter it again: stored secrets are only ever sent to the host they were entered for';

/**
 * The secrets an edit stores. Secrets left out keep their stored value, except when the login host
 * (or the CRM) changes: then every secret must come with the edit, so nobody can send secrets they
 * never saw to a host of their choosing.
 */
function nextSecrets(existing: StoredConnection, current: CrmCredentials, input: ConnectionUpdateInput, hostChanges: boolean): NewConnection['auth'] | ConnectionRefusal | undefined {
  const auth = input.auth;
  const kept = (stored: string | undefined) => (hostChanges ? undefined : stored);
  if (!auth) {
    if (!hostChanges) return undefined;
    return existing.auth?.type === 'client_credentials'
      ? { ok: false, field: 'auth.clientSecret', message: `enter the OAuth client secret: ${REENTER}` }
      : { ok: false, field: 'auth.password', message: `enter the CRM password (and security token, if the user has one): ${REENTER}` };
  }
  if (auth.type === 'password' && crmOf(existing) === 'dynamics') return { ok: false, field: 'auth.type', message: 'a Dynamics 365 connection signs in with client credentials (client id and secret)' };
  if (auth.type === 'client_credentials' && crmOf(existing) === 'sugar') return { ok: false, field: 'auth.type', message: 'a SugarCRM connection signs in with a user name and password' };
  if (auth.type === 'password') {
    const password = auth.password || kept(current.kind === 'password' || current.kind === 'sugar' ? current.password : undefined);
    if (!password) return { ok: false, field: 'auth.password', message: hostChanges ? `enter the CRM password (and security token, if the user has one): ${REENTER}` : 'enter the CRM password' };
    const securityToken = auth.securityToken !== undefined && auth.securityToken !== '' ? auth.securityToken : kept(current.kind === 'password' ? current.securityToken : undefined);
    return { type: 'password', username: auth.username, password, securityToken };
  }
  const clientSecret = auth.clientSecret || kept(current.kind === 'client_credentials' || current.kind === 'dynamics' ? current.clientSecret : undefined);
  if (!clientSecret) return { ok: false, field: 'auth.clientSecret', message: hostChanges ? `enter the OAuth client secret: ${REENTER}` : 'enter the OAuth client secret' };
  return { type: 'client_credentials', clientId: auth.clientId, clientSecret };
}

/** Applies an edit; secrets left out keep their stored value unless the login host changes, and switching auth type needs the new secret. */
export async function updateConnection(
  models: Pick<Models, 'Connection'>,
  box: SecretBox,
  existing: StoredConnection,
  input: ConnectionUpdateInput,
  hosts: OutboundHostPolicy,
): Promise<{ ok: true } | ConnectionRefusal> {
  const crm = crmOf(existing);
  if (input.loginUrl) {
    const problem = loginUrlProblem(input.loginUrl, crm, hosts);
    if (problem) return { ok: false, field: 'loginUrl', message: problem };
  }
  if (input.platform && crm !== 'sugar') return { ok: false, field: 'platform', message: `a ${crm} connection has no API platform` };
  if (input.apiVersion) {
    const problem = apiVersionProblem(input.apiVersion, crm);
    if (problem) return { ok: false, field: 'apiVersion', message: problem };
  }
  if ((input.environmentUrl || input.tenantId) && crm !== 'dynamics') {
    return { ok: false, field: input.environmentUrl ? 'environmentUrl' : 'tenantId', message: `a ${crm} connection has no environment URL or tenant id` };
  }
  if (input.environmentUrl) {
    const problem = environmentUrlProblem(input.environmentUrl, crm, hosts);
    if (problem) return { ok: false, field: 'environmentUrl', message: problem };
  }
  const loginUrl = input.loginUrl ? canonicalLoginUrl(input.loginUrl) : undefined;
  const environmentUrl = input.environmentUrl ? canonicalLoginUrl(input.environmentUrl) : undefined;
  // The secret goes to the login host and the token to the environment: a change of either needs the secret again.
  const hostChanges =
    (!!loginUrl && loginUrl !== canonicalLoginUrl(existing.loginUrl)) || (!!environmentUrl && environmentUrl !== canonicalLoginUrl(existing.environmentUrl ?? ''));
  const nextAuth = nextSecrets(existing, openCredentials(existing, box), input, hostChanges);
  if (nextAuth && 'ok' in nextAuth) return nextAuth;
  const name = input.name ?? existing.name;
  const current = openCredentials(existing, box);
  const sealed = !nextAuth
    ? undefined
    : crm === 'sugar' && nextAuth.type === 'password'
      ? sealConnection(
          {
            crm,
            name,
            loginUrl: loginUrl ?? existing.loginUrl,
            apiVersion: input.apiVersion ?? existing.apiVersion,
            platform: input.platform ?? existing.platform ?? '',
            auth: {
              type: 'password',
              username: nextAuth.username,
              password: nextAuth.password,
              clientId: input.auth?.type === 'password' && input.auth.clientId ? input.auth.clientId : (existing.auth?.clientId ?? 'sugar'),
              // A secret left out is kept, unless the host changes (then it must come again, like the password).
              clientSecret: input.auth?.type === 'password' && input.auth.clientSecret !== undefined ? input.auth.clientSecret : hostChanges ? '' : current.kind === 'sugar' ? current.clientSecret : '',
            },
          },
          box,
        )
    : crm === 'dynamics' && nextAuth.type === 'client_credentials'
      ? sealConnection({ crm, name, loginUrl: loginUrl ?? existing.loginUrl, environmentUrl: environmentUrl ?? existing.environmentUrl ?? '', tenantId: input.tenantId ?? existing.tenantId ?? '', auth: nextAuth }, box)
      : sealConnection({ name, loginUrl: loginUrl ?? existing.loginUrl, apiVersion: input.apiVersion ?? existing.apiVersion, auth: nextAuth }, box);
  await models.Connection.updateOne(
    { _id: existing._id },
    {
      $set: {
        ...(input.name ? { name: input.name } : {}),
        ...(loginUrl ? { loginUrl } : {}),
        ...(environmentUrl ? { environmentUrl } : {}),
        ...(input.tenantId ? { tenantId: input.tenantId } : {}),
        ...(input.platform ? { platform: input.platform } : {}),
        ...(input.apiVersion ? { apiVersion: input.apiVersion } : {}),
        ...(sealed ? { auth: sealed.auth } : {}),
        ...syncSettingsChanges(existing.syncSettings, input.syncSettings),
      },
    },
  );
  return { ok: true };
}

/** Why an edited API version does not fit the connection's CRM, or null when it does. */
function apiVersionProblem(apiVersion: string, crm: string): string | null {
  if (crm === 'sugar') return SUGAR_API_VERSION.test(apiVersion) ? null : 'must look like v11_25 (a SugarCRM REST API version)';
  if (crm === 'salesforce') return SALESFORCE_API_VERSION.test(apiVersion) ? null : 'must look like 59.0 (a Salesforce API version)';
  // Dataverse's Web API version is crm-sync's choice (the connector is written against it), not the admin's.
  return `a ${crm} connection's API version cannot be changed`;
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

/** How long "Test connection" waits for the CRM: a host that never answers is itself an answer. */
const TEST_TIMEOUT_MS = 15_000;

export type ConnectionTestResult = { ok: true; message: string } | ({ ok: false } & LoginFailure) | { ok: false; kind: 'host-not-allowed'; message: string };

/** Logs in with the given credentials; a failure is classified, with the CRM's own words only from a parsed CRM error. */
export async function testCredentials(crm: string, credentials: CrmCredentials, timeoutMs = TEST_TIMEOUT_MS): Promise<ConnectionTestResult> {
  const definition = crmDefinition(crm);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LoginTimeoutError()), timeoutMs);
  });
  try {
    const info = await Promise.race([definition.connect(credentials).testConnection(), timeout]);
    return { ok: true, message: `Connected${info.organizationId ? ` to organization ${info.organizationId}` : ''}` };
  } catch (err) {
    return { ok: false, ...definition.classifyLoginFailure(err, credentials) };
  } finally {
    clearTimeout(timer);
  }
}

/** Tests a stored connection, first holding its login URL to today's host rules (it may predate them). */
export async function testStoredConnection(box: SecretBox, connection: StoredConnection, hosts: OutboundHostPolicy): Promise<ConnectionTestResult> {
  const crm = crmOf(connection);
  const problem = loginUrlProblem(connection.loginUrl, crm, hosts);
  if (problem) return { ok: false, kind: 'host-not-allowed', message: `the login URL ${problem}; edit the connection` };
  if (crm === 'dynamics') {
    const environmentProblem = environmentUrlProblem(connection.environmentUrl ?? '', crm, hosts);
    if (environmentProblem) return { ok: false, kind: 'host-not-allowed', message: `the environment URL ${environmentProblem}; edit the connection` };
  }
  return testCredentials(crm, openCredentials(connection, box));
}

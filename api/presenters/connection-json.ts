/**
 * The JSON of a connection: everything but its secrets, which are only ever reported as set. The
 * schema is strict, so a secret field added to the presenter fails to compile and fails the
 * response test; the OpenAPI document shows that no answer has a place for one.
 */
import { z } from 'zod';
import { completeSyncSettings, SYNC_SETTING_NAMES, type SyncSettingName } from '../../domain/connections/connection-input';
import type { StoredConnection } from '../../domain/connections/connection-service';
import { instant } from './common-json';
import { objectFreshnessJson } from './connection-freshness';

const syncSettingsJson = z
  .object(Object.fromEntries(SYNC_SETTING_NAMES.map((name) => [name, z.number()])) as { [K in SyncSettingName]: z.ZodNumber })
  .strict();

export const connectionJson = z
  .object({
    id: z.string(),
    name: z.string(),
    crm: z.string(),
    loginUrl: z.string(),
    environmentUrl: z.string().nullable(),
    tenantId: z.string().nullable(),
    /** SugarCRM's API platform name; null for other CRMs. */
    platform: z.string().nullable(),
    apiVersion: z.string(),
    auth: z
      .object({
        // The model requires it; mongoose types the nested path as optional, so the schema follows the presenter's type.
        type: z.enum(['password', 'client_credentials']).optional(),
        username: z.string().nullable(),
        clientId: z.string().nullable(),
        /** True when sealed secrets are stored; the secrets themselves never leave the server. */
        secretsStored: z.boolean(),
      })
      .strict(),
    syncSettings: syncSettingsJson,
    createdAt: instant.nullable(),
    updatedAt: instant.nullable(),
  })
  .strict();

/** GET /api/v1/connections */
export const connectionsJson = z.object({ connections: z.array(connectionJson) }).strict();
/** GET /api/v1/connections/:id: the connection and how fresh each synced object is. */
export const connectionDetailJson = connectionJson.extend({ objects: z.array(objectFreshnessJson) }).strict();
/** POST /api/v1/connections/:id/test: signed in, or why not (the CRM's own words only from a parsed CRM error). */
export const connectionTestJson = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), message: z.string() }).strict(),
  z.object({ ok: z.literal(false), kind: z.enum(['unreachable', 'tls', 'timeout', 'rejected', 'unexpected-answer', 'host-not-allowed']), message: z.string() }).strict(),
]);
/** POST /api/v1/connections */
export const connectionCreatedJson = z.object({ id: z.string() }).strict();

export type ConnectionJson = z.infer<typeof connectionJson>;

export function presentConnection(connection: StoredConnection): ConnectionJson {
  return {
    id: String(connection._id),
    name: connection.name,
    crm: connection.crm,
    loginUrl: connection.loginUrl,
    environmentUrl: connection.environmentUrl ?? null,
    tenantId: connection.tenantId ?? null,
    platform: connection.platform ?? null,
    apiVersion: connection.apiVersion,
    auth: { type: connection.auth?.type, username: connection.auth?.username ?? null, clientId: connection.auth?.clientId ?? null, secretsStored: Boolean(connection.auth?.sealedSecrets) },
    syncSettings: completeSyncSettings(connection.syncSettings),
    createdAt: connection.createdAt ?? null,
    updatedAt: connection.updatedAt ?? null,
  };
}

import { ApplicationFailure } from '@temporalio/activity';
import { completeSyncSettings, type SyncSettings } from '../../domain/connections/connection-input';
import type { ConnectorFactory } from '../../domain/crm/connector-factory';
import type { CrmConnector } from '../../domain/crm/connector';
import type { CrmModel } from '../../domain/crm/crm-model';
import { crmModel } from '../../domain/crm/crm-registry';
import type { Models } from '../../domain/models';
import { CONNECTION_NOT_FOUND_FAILURE } from '../../contract';
import { createApiGuard, type ApiGuard } from './api-guard';
import { updateAdminSyncRun, type AdminSyncRunPatch } from '../../domain/runs';

export type { SyncSettings } from '../../domain/connections/connection-input';

export interface SyncDeps {
  models: Models;
  connectors: ConnectorFactory;
}

export interface SyncContext {
  settings: SyncSettings;
  mapping: unknown;
  connector: CrmConnector;
  /** The connection's CRM model, resolved once per attempt: what its objects are and how they link. */
  model: CrmModel;
  guarded: ApiGuard;
}

/** Everything one activity attempt needs for a connection; a connection removed mid-run fails the run for good. */
export async function openSyncContext(deps: SyncDeps, connectionId: string): Promise<SyncContext> {
  const connection = await deps.models.Connection.findById(connectionId).lean();
  if (!connection) {
    throw ApplicationFailure.create({ type: CONNECTION_NOT_FOUND_FAILURE, message: `connection ${connectionId} no longer exists`, nonRetryable: true });
  }
  // Built from the document just read: loading the connection again would be a second read per attempt.
  const connector = deps.connectors.forStoredConnection(connection);
  const settings = completeSyncSettings(connection.syncSettings);
  return { settings, mapping: connection.mapping, connector, model: crmModel(connection.crm), guarded: createApiGuard(connector, settings.apiReservePercent) };
}

/**
 * Writes to the run document, adding the API calls and rate-limit waits since the last write: a
 * run's counts include attempts that crashed after their last checkpoint was written, up to it.
 */
export function createRunWriter(deps: SyncDeps, runId: string, connector: CrmConnector) {
  let reported = 0;
  let reportedWaits = { waits: 0, waitedMs: 0 };
  return async function writeRun(patch: Omit<AdminSyncRunPatch, 'apiCalls' | 'apiUsage' | 'rateLimitWaits'> = {}): Promise<void> {
    const calls = connector.apiCallsUsed - reported;
    reported = connector.apiCallsUsed;
    const waited = connector.rateLimitWaits;
    const rateLimitWaits = waited ? { waits: waited.waits - reportedWaits.waits, waitedMs: waited.waitedMs - reportedWaits.waitedMs } : undefined;
    if (waited) reportedWaits = { ...waited };
    await updateAdminSyncRun(deps.models, runId, { ...patch, apiCalls: calls, apiUsage: connector.apiUsage ?? undefined, rateLimitWaits });
  };
}

export type RunWriter = ReturnType<typeof createRunWriter>;

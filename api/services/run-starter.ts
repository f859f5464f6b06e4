import type { Client } from '@temporalio/client';
import { Types } from 'mongoose';
import { syncedObjectsOf } from '../../domain/crm/synced-objects';
import type { Models } from '../../domain/models';
import { requestFullSync } from '../../domain/models/sync-state';
import { crmAdminSyncWorkflowId, type CrmAdminSyncInput, type SyncMode } from '../../contract';
import { NotFoundError } from '../http-errors';
import { startOrJoin } from './start-or-join';
import { prepareRun, runOptions } from '../../domain/runs';

export interface StartedRun {
  runId: string;
  /** True when a run of the same work was in progress but had not started reading: this trigger joined it. */
  joined: boolean;
  /**
   * The run in progress that had already started reading when this trigger came: `runId` is the one
   * follow-up queued behind it (shared by every later trigger), which starts when it ends.
   */
  queuedBehind?: string;
  /** A full sync asked for while an incremental one ran: the next sync of every object will be full. */
  fullSyncQueued?: boolean;
}

export interface SyncRequest {
  mode: SyncMode;
  driftCheck?: boolean;
  refreshCalculated?: boolean;
}

type StarterDeps = { models: Pick<Models, 'Run' | 'RunFollowUp' | 'Connection' | 'SyncState'>; temporal: Client; taskQueue: string };

/**
 * Starts the CRM Administration sync of a connection. Two runs of it never overlap (the workflow id
 * is the conflict key): a trigger while one runs joins it if it has not started reading, and is
 * otherwise queued as the one follow-up behind it, so the sync it gets reads the CRM after the trigger.
 */
export async function startCrmAdminSync(
  deps: StarterDeps,
  connectionId: string,
  request: SyncRequest,
  who: { triggeredBy?: string; trigger?: 'manual' | 'schedule' | 'pipeline' | 'retry' } = {},
): Promise<StartedRun> {
  const connection = Types.ObjectId.isValid(connectionId) ? await deps.models.Connection.findById(connectionId, { crm: 1 }).lean() : null;
  if (!connection) throw new NotFoundError(`connection ${connectionId}`);
  const workflowId = crmAdminSyncWorkflowId(connectionId);
  const runId = await prepareRun(deps.models, {
    kind: 'crm-admin-sync',
    connectionId,
    workflowId,
    trigger: who.trigger ?? 'manual',
    triggeredBy: who.triggeredBy,
    options: request,
  });
  const input: CrmAdminSyncInput = { connectionId, runId, ...request };
  const started = await startOrJoin(deps, { workflowType: 'crmAdminSync', workflowId, taskQueue: deps.taskQueue, args: [input], runId });
  // Joined, or given the follow-up another trigger queued: that run may not be the full sync asked for.
  if (started.runId === runId) return started;
  const active = await deps.models.Run.findById(started.runId, { options: 1 }).lean();
  const activeMode = runOptions('crm-admin-sync', active).mode;
  if (request.mode === 'full' && activeMode !== 'full') {
    await requestFullSync(deps.models.SyncState, connectionId, syncedObjectsOf(connection), 'full sync requested while another sync was running');
    return { ...started, fullSyncQueued: true };
  }
  return started;
}

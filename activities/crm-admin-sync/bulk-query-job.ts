import { ApplicationFailure } from '@temporalio/activity';
import { BULK_READ_JOB_LOST, CrmError } from '../../domain/crm/connector';
import type { Models } from '../../domain/models';
import { BULK_READ_FAILURE } from '../../contract';
import type { PullCheckpoint } from './checkpoint';
import type { SyncContext } from './sync-context';
import type { AdminSyncRunPatch } from '../../domain/runs';

/** New query jobs one object's bulk read may start after losing one, per run; the next loss fails the run. */
export const MAX_BULK_RESTARTS = 3;

/** The query job ended Failed or Aborted, or the CRM no longer knows it: joining it again cannot succeed. */
export function isLostBulkJob(err: unknown): err is CrmError {
  return err instanceof CrmError && err.crmCode === BULK_READ_JOB_LOST;
}

/**
 * Creates the object's query job once (its id is checkpointed before waiting, so a worker that dies
 * while Salesforce runs the query resumes with the same job) and waits until its results are ready.
 */
export async function startOrJoinBulkJob(ctx: SyncContext, checkpoint: PullCheckpoint, request: { object: string; fields: string[] }, saveCheckpoint: () => Promise<void>): Promise<void> {
  const { connector } = ctx;
  if (!checkpoint.bulk) {
    const jobId = await ctx.guarded(() => connector.startBulkRead!(request));
    checkpoint.bulk = { jobId };
    await saveCheckpoint();
  }
  const jobId = checkpoint.bulk.jobId;
  await ctx.guarded(() => connector.waitForBulkRead!(jobId));
}

export interface BulkRestart {
  models: Pick<Models, 'SeenIds'>;
  runId: string;
  object: string;
  checkpoint: PullCheckpoint;
  lost: CrmError;
  /** Writes the checkpoint and these fields to the run document. */
  saveRun: (patch: AdminSyncRunPatch) => Promise<void>;
}

/**
 * Drops the lost job from the checkpoint so the next startOrJoinBulkJob creates a new one, whose
 * results are then read from their first page. Reading records a second time is safe: storeRecords
 * upserts by (connection, CRM id) and compares content hashes, so a record already stored is
 * counted unchanged and not written again, and a record changed since is updated. The ids the lost
 * job's pages added to SeenIds are removed first: they are a set, so keeping them would be harmless
 * for re-read records, but a record deleted in the CRM between the two jobs would stay "seen" and
 * survive finishObjectSync's removal; the new job's pages alone now say what exists. That removal
 * comes before the checkpoint is saved, so a crash in between only makes the retry restart again.
 * `after` (the furthest record stored, the next watermark) is kept: those records were stored.
 */
export async function restartBulkRead({ models, runId, object, checkpoint, lost, saveRun }: BulkRestart): Promise<void> {
  const restarts = (checkpoint.bulkRestarts ?? 0) + 1;
  if (restarts > MAX_BULK_RESTARTS) {
    throw ApplicationFailure.create({
      type: BULK_READ_FAILURE,
      nonRetryable: true,
      message: `The bulk read of ${object} lost its query job ${restarts} times in this run (${MAX_BULK_RESTARTS} new jobs allowed); the last one: ${lost.message}`,
    });
  }
  await models.SeenIds.deleteMany({ runId, object });
  delete checkpoint.bulk;
  checkpoint.bulkRestarts = restarts;
  await saveRun({ objects: { [object]: { bulkRestarts: restarts, lastBulkRestart: { at: new Date(), reason: lost.message } } } });
}

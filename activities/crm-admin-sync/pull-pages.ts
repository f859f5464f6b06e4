import { Context } from '@temporalio/activity';
import { randomUUID } from 'node:crypto';
import { isSyncedObject } from '../../domain/crm/synced-objects';
import { syncStateKey } from '../../domain/models/sync-state';
import { emptyObjectCounts, type PageBatchResult, type SyncMode } from '../../workflows/contract';
import { keepAlive } from './keep-alive';
import { checkpointKey, furthestCheckpoint, storedCheckpoint, type PullCheckpoint } from './checkpoint';
import { loadKnownRecords, storeRecords, type KnownRecords } from './store-records';
import { createRunWriter, openSyncContext, type SyncDeps } from './sync-context';

export interface PullPagesInput {
  connectionId: string;
  runId: string;
  object: string;
  mode: SyncMode;
  /** The attempt returns after this long so the workflow can continue-as-new between batches. */
  budgetMs?: number;
}

const DEFAULT_BUDGET_MS = 5 * 60_000;

/** The instant an incremental pull starts at: the watermark minus the overlap window. */
export function incrementalStart(watermarkStamp: string, overlapSeconds: number): string {
  return new Date(Date.parse(watermarkStamp) - overlapSeconds * 1000).toISOString();
}

export function createPullActivity(deps: SyncDeps) {
  return {
    /**
     * Pulls pages of one object in (SystemModstamp, Id) order and stores each before checkpointing
     * past it. A full pull also records the ids it saw, for the removal of records gone from the CRM.
     */
    async pullObjectPages(input: PullPagesInput): Promise<PageBatchResult> {
      const { connectionId, runId, object, mode } = input;
      if (!isSyncedObject(object)) throw new Error(`not a synced object: ${object}`);
      const context = Context.current();
      // When the object's step began, for the run's timeline (first batch only).
      await deps.models.Run.updateOne({ _id: runId, [`counts.${object}.startedAt`]: { $exists: false } }, { $set: { [`counts.${object}.startedAt`]: new Date() } });
      const state = await deps.models.SyncState.findById(syncStateKey(connectionId, object)).lean();
      const fields = state?.selectFields ?? [];
      const key = checkpointKey(object, mode);
      const resumed = furthestCheckpoint(context.info.heartbeatDetails as PullCheckpoint | undefined, await storedCheckpoint(deps.models, runId, key));
      const checkpoint: PullCheckpoint = resumed ?? { pages: 0, counts: emptyObjectCounts(), done: false };
      if (checkpoint.done) return { done: true, pages: checkpoint.pages, counts: checkpoint.counts };

      const ctx = await openSyncContext(deps, connectionId);
      const writeRun = createRunWriter(deps, runId, ctx.connector);
      const overlap = ctx.settings.overlapSeconds;
      const since = mode === 'incremental' && state?.watermark ? incrementalStart(state.watermark.stamp, overlap) : undefined;
      const model = deps.models.crmRecords[object];
      const deadline = Date.now() + (input.budgetMs ?? DEFAULT_BUDGET_MS);
      // A full pull touches every record: one scan for all their hashes beats one look-up per page.
      const known: KnownRecords | undefined = mode === 'full' ? await loadKnownRecords(model, connectionId) : undefined;
      try {
        await keepAlive(
          () => checkpoint,
          async (checkCancelled) => {
            do {
              checkCancelled();
              const page = await ctx.guarded(() =>
                ctx.connector.fetchChangedPage({ object, fields, since, after: checkpoint.after, pageSize: ctx.settings.pageSize }),
              );
              checkCancelled();
              const written = await storeRecords(model, connectionId, page.records, known);
              if (mode === 'full' && page.records.length > 0) {
                await deps.models.SeenIds.insertMany([{ _id: `${runId}:${object}:${randomUUID()}`, runId, object, ids: page.records.map((r) => r.id) }]);
              }
              const last = page.records.at(-1);
              if (last) {
                if (!last.systemModstamp) throw new Error(`${object} ${last.id} has no SystemModstamp`);
                checkpoint.after = { stamp: last.systemModstamp, id: last.id };
              }
              checkpoint.pages += 1;
              checkpoint.done = page.done;
              checkpoint.counts.fetched += page.records.length;
              checkpoint.counts.inserted += written.inserted;
              checkpoint.counts.updated += written.updated;
              checkpoint.counts.unchanged += written.unchanged;
              await writeRun({
                [`checkpoints.${key}`]: checkpoint,
                [`counts.${object}.fetched`]: checkpoint.counts.fetched,
                [`counts.${object}.inserted`]: checkpoint.counts.inserted,
                [`counts.${object}.updated`]: checkpoint.counts.updated,
                [`counts.${object}.unchanged`]: checkpoint.counts.unchanged,
                progress: { object, phase: mode === 'full' ? 'full pull' : 'incremental pull', fetched: checkpoint.counts.fetched },
              });
              context.heartbeat(checkpoint);
            } while (!checkpoint.done && Date.now() < deadline);
          },
        );
      } finally {
        await writeRun();
      }
      return { done: checkpoint.done, pages: checkpoint.pages, counts: checkpoint.counts };
    },
  };
}

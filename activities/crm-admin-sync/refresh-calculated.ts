import { Context } from '@temporalio/activity';
import type { ChangeCursor } from '../../domain/crm/connector';
import { isSyncedObject } from '../../domain/crm/synced-objects';
import { bulkWriteInChunks } from '../../domain/db/bulk-write';
import { crmRecordKey } from '../../domain/models/crm-record';
import { syncStateKey } from '../../domain/models/sync-state';
import { keepAlive } from './keep-alive';
import { createRunWriter, openSyncContext, type SyncDeps } from './sync-context';

interface RefreshCheckpoint {
  after?: ChangeCursor;
  read: number;
  updated: number;
}

export function createRefreshCalculatedActivity(deps: SyncDeps) {
  return {
    /**
     * Formula and roll-up fields change without touching the modification stamp, so incremental syncs never
     * see them change. This re-reads just those fields (plus Id) for every record of the object and
     * writes only the values that differ. Resumes from its heartbeat after a retry.
     */
    async refreshCalculatedFields(input: { connectionId: string; runId: string; object: string }): Promise<{ read: number; updated: number }> {
      const { connectionId, runId, object } = input;
      const state = await deps.models.SyncState.findById(syncStateKey(connectionId, object), { calculatedFields: 1 }).lean();
      const fields = state?.calculatedFields ?? [];
      if (fields.length === 0) return { read: 0, updated: 0 };
      const context = Context.current();
      const checkpoint: RefreshCheckpoint = (context.info.heartbeatDetails as RefreshCheckpoint | undefined) ?? { read: 0, updated: 0 };
      const ctx = await openSyncContext(deps, connectionId);
      if (!isSyncedObject(ctx.model, object)) throw new Error(`not a synced object: ${object}`);
      const writeRun = createRunWriter(deps, runId, ctx.connector);
      const model = deps.models.crmRecords[object];
      const startedAt = new Date();
      try {
        await keepAlive(
          () => checkpoint,
          async (checkCancelled) => {
            for (;;) {
              checkCancelled();
              const page = await ctx.guarded(() => ctx.connector.fetchChangedPage({ object, fields, after: checkpoint.after, pageSize: ctx.settings.pageSize }));
              const keys = page.records.map((r) => crmRecordKey(connectionId, r.id));
              const stored = new Map((await model.find({ _id: { $in: keys } }, { fields: 1 }).lean()).map((d) => [d._id, d]));
              const updates = page.records.flatMap((record) => {
                const local = stored.get(crmRecordKey(connectionId, record.id));
                if (!local) return [];
                const changed = fields.filter((f) => (local.fields[f] ?? null) !== (record.fields[f] ?? null));
                if (changed.length === 0) return [];
                const $set = Object.fromEntries(changed.map((f) => [`fields.${f}`, record.fields[f] ?? null]));
                // The stored content hash no longer describes the fields: the next full pull rewrites the record.
                return [{ updateOne: { filter: { _id: crmRecordKey(connectionId, record.id) }, update: { $set, $unset: { fieldsHash: 1 } } } }];
              });
              await bulkWriteInChunks(model, updates);
              checkpoint.read += page.records.length;
              checkpoint.updated += updates.length;
              const last = page.records.at(-1);
              if (last?.systemModstamp) checkpoint.after = { stamp: last.systemModstamp, id: last.id };
              await writeRun({ objects: { [object]: { calculatedUpdated: checkpoint.updated } }, progress: { object, phase: 'formula field refresh', fetched: checkpoint.read } });
              context.heartbeat(checkpoint);
              if (page.done || !last) break;
            }
          },
        );
        await deps.models.SyncState.updateOne({ _id: syncStateKey(connectionId, object) }, { $set: { lastCalculatedRefreshAt: startedAt } });
        return { read: checkpoint.read, updated: checkpoint.updated };
      } finally {
        await writeRun();
      }
    },
  };
}
